// Repo checks on what is published, run by the test command:
//  1. dependency rules: no third-party runtime dependency (conformance excepted), sibling
//     dependencies only along DESIGN.md's arrows, no Node built-in imported by a core package;
//  2. pack every package, then publint and are-the-types-wrong on each tarball;
//  3. install all tarballs in a scratch folder and import every entry point on Node 22, 24 and 26;
//     then install @mcp-oauth/node alone: no server-flow, and /client imports (check-lean-install.mjs);
//  4. size budget per entry point (esbuild, browser, minified + gzip) from package.json `sizeBudget`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { publint } from 'publint';
import { checkLeanInstall } from './check-lean-install.mjs';
import { entryPoints, packages, root } from './workspace.mjs';

const ARROWS = {
  pkce: [], 'jwt-lite': [], metadata: [],
  dcr: ['metadata'],
  'client-flow': ['pkce', 'metadata', 'dcr', 'jwt-lite'],
  'server-flow': ['pkce', 'metadata', 'dcr', 'jwt-lite'],
  node: ['client-flow', 'server-flow', 'metadata'], // metadata: the address policy behind the pinning fetch (docs/decisions.md)
  'mcp-sdk': ['client-flow', 'server-flow'],
  conformance: ['pkce', 'metadata', 'dcr', 'jwt-lite', 'client-flow', 'server-flow', 'node', 'mcp-sdk'],
  cli: ['client-flow', 'server-flow', 'node', 'conformance'], // server-flow: the demo embeds an AS (docs/decisions.md)
  'store-sqlite': ['server-flow'],
  'store-redis': ['server-flow'],
};
const THIRD_PARTY_ALLOWED = { conformance: ['fast-check'] };
const NODE_ALLOWED = new Set(['node', 'cli']);
const BUILTINS = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](node:[^'"]+|fs|path|crypto|http|https|net|os|child_process|url|stream|zlib|util|buffer|events|dns|tls)['"]/;

const problems = [];
let checks = 0;
const fail = (msg) => problems.push(msg);
const pass = () => checks++;

const pkgs = packages().filter((p) => !p.pkg.private);
const bin = (n) => join(root, 'node_modules', '.bin', n);

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|mts|js|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

// 1. dependency rules
for (const p of pkgs) {
  const allowed = ARROWS[p.short];
  if (!allowed) { fail(`${p.short}: not a package of DESIGN.md`); continue; }
  for (const dep of [...Object.keys(p.pkg.dependencies ?? {}), ...Object.keys(p.pkg.peerDependencies ?? {}).filter((d) => d.startsWith('@mcp-oauth/'))]) {
    if (dep.startsWith('@mcp-oauth/')) {
      if (!allowed.includes(dep.slice(11))) fail(`${p.short}: depends on ${dep}, not an allowed arrow`);
    } else if (!(THIRD_PARTY_ALLOWED[p.short] ?? []).includes(dep)) fail(`${p.short}: third-party runtime dependency ${dep}`);
  }
  for (const file of walk(join(p.dir, 'src'))) {
    // Comments (TSDoc examples import other packages to show them together) are not dependencies.
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    for (const m of text.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)['"]@mcp-oauth\/([a-z-]+)/g)) {
      if (m[1] !== p.short && !allowed.includes(m[1])) fail(`${file}: imports @mcp-oauth/${m[1]} against the arrows`);
      else if (m[1] !== p.short && !p.pkg.dependencies?.[`@mcp-oauth/${m[1]}`] && !p.pkg.peerDependencies?.[`@mcp-oauth/${m[1]}`]) fail(`${file}: imports @mcp-oauth/${m[1]} without declaring it`);
    }
    if (!NODE_ALLOWED.has(p.short) && BUILTINS.test(text)) fail(`${file}: Node built-in imported by a core package`);
  }
  pass();
}

// 2. pack, publint, attw
const packs = join(root, '.tmp', `packs-${process.pid}`);
rmSync(packs, { recursive: true, force: true });
mkdirSync(packs, { recursive: true });
const tarballs = {};
for (const p of pkgs) {
  if (!existsSync(join(p.dir, 'dist'))) { fail(`${p.short}: not built (run pnpm build)`); continue; }
  const out = execFileSync('pnpm', ['pack', '--pack-destination', packs], { cwd: p.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const file = out.trim().split('\n').pop().trim();
  tarballs[p.name] = file.startsWith('/') ? file : join(packs, file);
  const { messages } = await publint({ pack: { tarball: new Uint8Array(readFileSync(tarballs[p.name])).buffer }, level: 'suggestion', strict: true });
  if (messages.length) fail(`${p.short}: publint: ${messages.map((m) => `${m.type} ${m.code} ${JSON.stringify(m.args)}`).join('; ')}`);
  else pass();
  try {
    execFileSync(bin('attw'), [tarballs[p.name], '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    pass();
  } catch (e) {
    fail(`${p.short}: are-the-types-wrong:\n${e.stdout}`);
  }
}

// 3. install the tarballs in a scratch folder and import every entry point
const scratch = join(root, '.tmp', `install-${process.pid}`);
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
const fileDeps = Object.fromEntries(Object.entries(tarballs).map(([n, f]) => [n, `file:${f}`]));
// Optional peers (the MCP SDK lines of mcp-sdk) are not installed by npm: add them, at the version
// the package tests with, so the entry points that import them (mcp-sdk/v1, /v2) can be probed.
const optionalPeers = {};
for (const p of pkgs) {
  for (const [peer, meta] of Object.entries(p.pkg.peerDependenciesMeta ?? {})) {
    if (meta?.optional) optionalPeers[peer] = p.pkg.devDependencies?.[peer] ?? p.pkg.peerDependencies?.[peer];
  }
}
writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies: { ...optionalPeers, ...fileDeps }, overrides: fileDeps }, null, 2));
let installed = false;
try {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  installed = true;
} catch (e) {
  fail(`npm install of the tarballs failed:\n${e.stderr}`);
}
const specs = pkgs.flatMap((p) => Object.keys(entryPoints(p.pkg)).map((sub) => (sub === '.' ? p.name : `${p.name}/${sub.slice(2)}`)));
if (installed) {
  const probe = `const specs = ${JSON.stringify(specs)}; const bad = [];
for (const s of specs) { try { const m = await import(s); if (Object.keys(m).length === 0) bad.push(s + ': no exports'); } catch (e) { bad.push(s + ': ' + e.message); } }
if (bad.length) { console.error(bad.join('\\n')); process.exit(1); }`;
  writeFileSync(join(scratch, 'probe.mjs'), probe);
  // The supported lines: 24 is the workspace's own, 22 and 26 come from tools/runtimes.
  const line = (n) => join(root, 'tools', 'runtimes', 'node_modules', `node${n}`, 'bin', 'node');
  const nodes = [['node 22', line(22)], ['node 24', join(root, 'node_modules', '.bin', 'node')], ['node 26', line(26)]];
  for (const [label, exe] of nodes) {
    try {
      execFileSync(exe, ['probe.mjs'], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
      pass();
    } catch (e) {
      fail(`import of installed tarballs on ${label} failed:\n${e.stderr}`);
    }
  }
}

// 3b. a client-only install of @mcp-oauth/node has no server-flow, and its /client entry imports
if (installed) {
  const lean = checkLeanInstall(tarballs, scratch);
  for (const problem of lean) fail(problem);
  if (!lean.length) pass();
}

// 4. size budgets (bytes, min+gz, browser platform)
const sizes = [];
for (const p of pkgs) {
  const budgets = p.pkg.sizeBudget ?? {};
  for (const [sub, entry] of Object.entries(entryPoints(p.pkg))) {
    const budget = budgets[sub];
    const file = join(p.dir, 'dist', `${entry}.js`);
    if (!existsSync(file)) continue;
    if (p.pkg.testMatrix === 'node') continue; // Node-only packages are not browser bundles
    if (typeof budget !== 'number') { fail(`${p.short} ${sub}: no sizeBudget in package.json`); continue; }
    const r = await build({
      stdin: { contents: `export * from ${JSON.stringify(file)};`, resolveDir: p.dir, loader: 'js' },
      bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'error',
    });
    const gz = gzipSync(r.outputFiles[0].contents, { level: 9 }).length;
    sizes.push(`${p.name}${sub === '.' ? '' : sub.slice(1)}: ${gz} B / ${budget} B`);
    if (gz > budget) fail(`${p.short} ${sub}: ${gz} B min+gz exceeds its budget of ${budget} B`);
    else pass();
  }
}
console.log(`sizes (min+gz, browser): ${sizes.join(', ')}`);
rmSync(packs, { recursive: true, force: true });
rmSync(scratch, { recursive: true, force: true });
for (const p of problems) console.log(`✗ ${p}`);
console.log(`packages: ${checks} passed, ${problems.length} failed`);
process.exit(problems.length ? 1 : 0);
