// Runs every package's test files, bundled with a Vitest stand-in, on Node 22 and 26 (binaries from
// the npm registry, tools/runtimes), Deno 2, Bun 1 and headless Chromium. (Node 24 runs the same
// files under Vitest itself.)
// Usage: node tools/matrix/run.mjs [--runtime node22,node26,deno,bun,chromium] [--package pkce,...]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { packages, root, sourceAliases } from '../workspace.mjs';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]?.split(',') : undefined;
};
const RUNTIMES = opt('runtime') ?? ['node22', 'node26', 'deno', 'bun', 'chromium'];
const ONLY = opt('package');
// Each run bundles into its own folder, so concurrent runs do not wipe each other's files.
const outDir = join(root, '.tmp', 'matrix', `run-${process.pid}`);
const bin = (name) => join(root, 'node_modules', '.bin', name);

function listTests(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.ts') && !e.name.endsWith('.vitest.test.ts')) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/** A supported Node line's binary (tools/runtimes/package.json installs them from the npm registry). */
const nodeLine = (rt) => join(root, 'tools', 'runtimes', 'node_modules', rt, 'bin', 'node');

const FOOTER = `
const __r = await __runRegistered((l) => console.log(l));
const __line = '__MATRIX_RESULT__' + JSON.stringify(__r);
if (typeof Deno !== 'undefined') { console.log(__line); Deno.exit(0); }
else if (typeof process !== 'undefined' && process.versions && (process.versions.node || process.versions.bun) && typeof window === 'undefined') { console.log(__line); process.exit(0); }
else { globalThis.__MATRIX_RESULT__ = __r; }
`;

async function bundle(pkg, kind) {
  const files = listTests(join(pkg.dir, 'test')).filter((f) => kind === 'node' || !f.endsWith('.node.test.ts'));
  if (files.length === 0) return null;
  const entry = [`import { __runRegistered } from 'vitest';`, ...files.map((f) => `import ${JSON.stringify(f)};`), FOOTER].join('\n');
  const outfile = join(outDir, kind, `${pkg.short}.mjs`);
  await build({
    stdin: { contents: entry, resolveDir: pkg.dir, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: kind === 'node' ? 'node' : 'browser',
    target: 'es2022',
    outfile,
    alias: { vitest: join(root, 'tools/matrix/vitest-shim.mjs'), ...sourceAliases() },
    define: kind === 'node' ? {} : { 'process.env.NODE_ENV': '"test"' },
    logLevel: 'error',
    ignoreAnnotations: true, // test files are imported for their side effects, whatever sideEffects says
    banner: kind === 'node' ? { js: `import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);` } : {},
  });
  return { outfile, files: files.length };
}

function runProcess(cmd, argv, timeoutMs = 600_000) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('__MATRIX_RESULT__'));
      if (line) resolve(JSON.parse(line.slice('__MATRIX_RESULT__'.length)));
      else resolve({ passed: 0, failed: 1, skipped: 0, failures: [{ name: '(runtime)', message: `exit ${code}\n${out.slice(-3000)}\n${err.slice(-3000)}` }] });
    });
  });
}

async function withChromium(fn) {
  const { chromium } = await import('playwright-core');
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!executablePath) throw new Error('chromium not found: run `bash dev setup` (installs Debian chromium)');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const server = createServer((req, res) => {
    const path = join(outDir, 'browser', (req.url ?? '/').replace(/[^a-z0-9.-]/gi, ''));
    if (req.url?.endsWith('.mjs') && existsSync(path)) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(path));
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>matrix</title>');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    return await fn(async (file) => {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e?.stack ?? e)));
      try {
        await page.goto(origin + '/');
        await page.addScriptTag({ url: `${origin}/${file}`, type: 'module' });
        await page.waitForFunction(() => globalThis.__MATRIX_RESULT__ !== undefined || false, null, { timeout: 600_000, polling: 100 }).catch(() => {});
        const r = await page.evaluate(() => globalThis.__MATRIX_RESULT__);
        if (r) return r;
        return { passed: 0, failed: 1, skipped: 0, failures: [{ name: '(page)', message: errors.join('\n') || 'no result' }] };
      } finally {
        await page.close();
      }
    });
  } finally {
    server.close();
    await browser.close();
  }
}

const versionOf = async (cmd, argv) =>
  new Promise((resolve) => {
    const c = spawn(cmd, argv);
    let o = '';
    c.stdout.on('data', (d) => (o += d));
    c.on('close', () => resolve(o.split('\n')[0].trim()));
    c.on('error', () => resolve('missing'));
  });

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const pkgs = packages().filter((p) => !ONLY || ONLY.includes(p.short));
const bundles = { node: new Map(), browser: new Map() };
for (const p of pkgs) {
  const nodeOnly = p.pkg.testMatrix === 'node';
  const n = await bundle(p, 'node');
  if (n) bundles.node.set(p.short, n);
  if (!nodeOnly) {
    const b = await bundle(p, 'browser');
    if (b) bundles.browser.set(p.short, b);
  }
}

const results = [];
async function runRuntime(rt) {
  const isNode = /^node\d+$/.test(rt);
  const set = isNode ? bundles.node : bundles.browser;
  let version;
  let exec;
  if (isNode) {
    const nodePath = nodeLine(rt);
    version = `node ${await versionOf(nodePath, ['--version'])}`;
    exec = (b) => runProcess(nodePath, [b.outfile]);
  } else if (rt === 'deno') {
    version = await versionOf(bin('deno'), ['--version']);
    exec = (b) => runProcess(bin('deno'), ['run', '--quiet', '--no-prompt', '--no-config', '--allow-env', b.outfile]);
  } else if (rt === 'bun') {
    version = `bun ${await versionOf(bin('bun'), ['--version'])}`;
    exec = (b) => runProcess(bin('bun'), ['run', b.outfile]);
  } else if (rt === 'chromium') {
    version = await versionOf('/usr/bin/chromium', ['--version']).catch(() => 'chromium');
    return withChromium(async (open) => {
      for (const [name, b] of set) results.push({ rt, version, name, ...(await open(relative(join(outDir, 'browser'), b.outfile))) });
    });
  } else throw new Error(`unknown runtime ${rt}`);
  for (const [name, b] of set) results.push({ rt, version, name, ...(await exec(b)) });
}

// Two runtimes at a time: the machine has two cores.
const queue = [...RUNTIMES];
await Promise.all([0, 1].map(async () => {
  while (queue.length) {
    const rt = queue.shift();
    try { await runRuntime(rt); }
    catch (e) { results.push({ rt, version: '?', name: '(runtime)', passed: 0, failed: 1, skipped: 0, failures: [{ name: rt, message: String(e?.stack ?? e) }] }); }
  }
}));

let passed = 0;
let failed = 0;
let skipped = 0;
for (const rt of RUNTIMES) {
  const rows = results.filter((r) => r.rt === rt);
  const p = rows.reduce((a, r) => a + r.passed, 0);
  const f = rows.reduce((a, r) => a + r.failed, 0);
  const s = rows.reduce((a, r) => a + r.skipped, 0);
  passed += p; failed += f; skipped += s;
  console.log(`${rt.padEnd(9)} ${(rows[0]?.version ?? '').padEnd(52)} ${rows.map((r) => `${r.name} ${r.passed}/${r.passed + r.failed}`).join(', ')}`);
  console.log(`${rt}: ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`);
  for (const r of rows) for (const fl of r.failures ?? []) console.log(`  ✗ [${rt}] ${r.name} › ${fl.name}\n${fl.message.split('\n').slice(0, 25).map((l) => '      ' + l).join('\n')}`);
}
console.log(`matrix: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
writeFileSync(join(outDir, '..', 'summary.json'), JSON.stringify({ passed, failed, skipped }));
rmSync(outDir, { recursive: true, force: true });
process.exit(failed || passed === 0 ? 1 : 0);
