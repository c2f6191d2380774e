// Type-checks every ```ts / ```typescript code block in docs/ and the packages' READMEs, each as
// its own module, against the packages' sources (tsconfig.base.json paths) with Node types.
// A block that needs context declares it (`declare const form: URLSearchParams;`); prose-only
// snippets use ```text. Blocks fenced ```ts no-check are skipped (use sparingly: say why nearby).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packages, root } from './workspace.mjs';

const sources = [];
const walk = (d) => {
  if (!existsSync(d)) return;
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.md')) sources.push(p);
  }
};
walk(join(root, 'docs'));
for (const p of packages()) if (existsSync(join(p.dir, 'README.md'))) sources.push(join(p.dir, 'README.md'));
sources.push(join(root, 'README.md'));

const out = join(root, '.tmp', 'doc-blocks');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// Blocks import third-party packages the examples and adapters use (the MCP SDKs, express, hono):
// resolve each from the first workspace folder that has it installed.
const modules = join(out, 'node_modules');
mkdirSync(modules, { recursive: true });
const workspaceDirs = [...packages().map((p) => p.dir), ...readdirSync(join(root, 'examples')).map((d) => join(root, 'examples', d))];
for (const dir of workspaceDirs) {
  const nm = join(dir, 'node_modules');
  if (!existsSync(nm)) continue;
  for (const entry of readdirSync(nm)) {
    if (entry.startsWith('.') || entry === '@mcp-oauth') continue;
    const names = entry.startsWith('@') ? readdirSync(join(nm, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const target = join(modules, name);
      if (existsSync(target)) continue;
      mkdirSync(join(target, '..'), { recursive: true });
      symlinkSync(join(nm, name), target, 'dir');
    }
  }
}
const origin = {};
let count = 0;
for (const file of sources) {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(ts|typescript)(\s+.*)?$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    i = end;
    if ((open[2] ?? '').includes('no-check')) continue;
    const name = `${relative(root, file).replace(/[^a-z0-9]+/gi, '_')}_L${start}.ts`;
    origin[name] = `${relative(root, file)}:${start}`;
    writeFileSync(join(out, name), `${lines.slice(start, end).join('\n')}\nexport {};\n`);
    count++;
  }
}
writeFileSync(join(out, 'tsconfig.json'), JSON.stringify({
  extends: '../../tsconfig.base.json',
  compilerOptions: { types: ['node'], isolatedDeclarations: false, declaration: false, noUnusedLocals: false },
  include: ['*.ts'],
}, null, 2));
if (count === 0) {
  console.log('docs: 0 passed, 0 failed');
  process.exit(0);
}
const r = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(out, 'tsconfig.json'), '--noEmit', '--pretty', 'false'], { encoding: 'utf8' });
const errors = (r.stdout + r.stderr).split('\n').filter(Boolean);
const bad = new Set();
for (const e of errors) {
  const m = /([^/\s(]+\.ts)\((\d+),(\d+)\): (.*)/.exec(e);
  if (m && origin[m[1]]) {
    const [file, line] = origin[m[1]].split(':');
    bad.add(m[1]);
    console.log(`✗ ${file}:${Number(line) + Number(m[2]) - 1}: ${m[4]}`);
  } else if (e.trim()) console.log(e);
}
console.log(`docs code blocks: ${count - bad.size} passed, ${bad.size} failed`);
process.exit(r.status === 0 ? 0 : 1);
