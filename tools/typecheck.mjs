// Type-checks every package (src and test) with its own tsconfig: core packages without Node types.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packages, root } from './workspace.mjs';

// tsconfig.base.json paths must list every export subpath (tools/sync-paths.mjs).
const sync = spawnSync('node', [join(root, 'tools/sync-paths.mjs'), '--check'], { stdio: 'inherit' });
if (sync.status !== 0) process.exit(1);

const tsc = join(root, 'node_modules', '.bin', 'tsc');
const targets = packages().filter((p) => existsSync(join(p.dir, 'tsconfig.json'))).map((p) => ({ name: p.short, dir: p.dir }));
// A package whose sources compile without Node types keeps its Node-only tests in test/tsconfig.json.
for (const p of packages()) if (existsSync(join(p.dir, 'test', 'tsconfig.json'))) targets.push({ name: `${p.short}/test`, dir: join(p.dir, 'test') });
for (const e of readdirSync(join(root, 'examples'), { withFileTypes: true })) {
  const dir = join(root, 'examples', e.name);
  if (e.isDirectory() && existsSync(join(dir, 'tsconfig.json'))) targets.push({ name: `examples/${e.name}`, dir });
}
const run = (t) =>
  new Promise((resolve) => {
    const c = spawn(tsc, ['-p', join(t.dir, 'tsconfig.json'), '--noEmit', '--pretty', 'false'], { cwd: root });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('close', (code) => resolve({ ...t, code, out }));
  });
const queue = [...targets];
const results = [];
await Promise.all([0, 1].map(async () => { while (queue.length) results.push(await run(queue.shift())); }));
let failed = 0;
for (const r of results.sort((a, b) => a.name.localeCompare(b.name))) {
  if (r.code !== 0) { failed++; console.log(`typecheck ✗ ${r.name}\n${r.out}`); }
}
console.log(`typecheck: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
