// Measures the figures of docs/comparison.md: installed footprint (npm packages and bytes on disk
// after `npm install` in an empty folder) and browser bundle size (esbuild, minified, gzip -9, the
// method of tools/check-packages.mjs) for our packed tarballs and the libraries we compare with.
// Needs the registry (npm) and built packages (`pnpm -r --filter "./packages/*" run build`).
//   node docs/comparison.measure.mjs            prints two markdown tables
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { packages } from '../tools/workspace.mjs';

const base = join(tmpdir(), `mcp-oauth-measure-${process.pid}`);
mkdirSync(base, { recursive: true });

// Our tarballs, as npm would receive them.
const packs = join(base, 'packs');
mkdirSync(packs);
const tarball = {};
for (const p of packages()) {
  if (p.pkg.private) continue;
  const out = execFileSync('pnpm', ['pack', '--pack-destination', packs], { cwd: p.dir, encoding: 'utf8' }).trim().split('\n').pop();
  tarball[p.name] = out.startsWith('/') ? out : join(packs, out);
}
const ours = (...names) => Object.fromEntries(names.map((n) => [n, `file:${tarball[n]}`]));
const closure = (name) => {
  const seen = new Set();
  const walk = (n) => {
    if (seen.has(n)) return;
    seen.add(n);
    const p = packages().find((q) => q.name === n);
    for (const d of Object.keys(p?.pkg.dependencies ?? {})) if (d.startsWith('@mcp-oauth/')) walk(d);
  };
  walk(name);
  return [...seen];
};

const du = (dir) => {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const f = join(dir, e.name);
    if (e.isDirectory()) n += du(f);
    else if (e.isFile()) n += statSync(f).size;
  }
  return n;
};

function install(label, deps) {
  const dir = join(base, label.replace(/[^a-z0-9]+/gi, '_'));
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, dependencies: deps, overrides: deps }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=peer', '--loglevel=error'], { cwd: dir, stdio: 'ignore' });
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules', '.package-lock.json'), 'utf8'));
  const count = Object.keys(lock.packages).filter((k) => k.startsWith('node_modules/')).length;
  const version = (n) => lock.packages[`node_modules/${n}`]?.version;
  return { dir, count, bytes: du(join(dir, 'node_modules')), version };
}

async function gz(dir, contents) {
  const r = await build({
    stdin: { contents, resolveDir: dir, loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'browser',
    target: 'es2022', write: false, logLevel: 'silent', external: ['cloudflare:*', 'node:*'],
  });
  return gzipSync(r.outputFiles[0].contents, { level: 9 }).length;
}

const rows = [];
const sizes = [];
const kb = (b) => `${(b / 1024).toFixed(0)} KiB`;

const client = install('ours-client', ours(...closure('@mcp-oauth/client-flow')));
rows.push(['`@mcp-oauth/client-flow` (packed)', client.count, kb(client.bytes)]);
sizes.push(['`@mcp-oauth/client-flow` (whole entry, deps included)', await gz(client.dir, "export * from '@mcp-oauth/client-flow';")]);
const server = install('ours-server', ours(...closure('@mcp-oauth/server-flow')));
rows.push(['`@mcp-oauth/server-flow` (packed)', server.count, kb(server.bytes)]);
sizes.push(['`@mcp-oauth/server-flow` (whole entry, deps included)', await gz(server.dir, "export * from '@mcp-oauth/server-flow';")]);
sizes.push(['`@mcp-oauth/jwt-lite/verify` (`verifyJwt` and JWKS)', await gz(server.dir, "export * from '@mcp-oauth/jwt-lite/verify';")]);

const sdk = install('sdk', { '@modelcontextprotocol/sdk': 'latest' });
rows.push([`\`@modelcontextprotocol/sdk\` ${sdk.version('@modelcontextprotocol/sdk')}`, sdk.count, kb(sdk.bytes)]);
sizes.push([`\`@modelcontextprotocol/sdk/client/auth.js\` ${sdk.version('@modelcontextprotocol/sdk')} (whole module)`, await gz(sdk.dir, "export * from '@modelcontextprotocol/sdk/client/auth.js';")]);
const o4 = install('o4w', { oauth4webapi: 'latest' });
rows.push([`\`oauth4webapi\` ${o4.version('oauth4webapi')}`, o4.count, kb(o4.bytes)]);
sizes.push([`\`oauth4webapi\` ${o4.version('oauth4webapi')} (whole module)`, await gz(o4.dir, "export * from 'oauth4webapi';")]);
const jose = install('jose', { jose: 'latest' });
rows.push([`\`jose\` ${jose.version('jose')}`, jose.count, kb(jose.bytes)]);
sizes.push([`\`jose\` ${jose.version('jose')} (\`jwtVerify\` + \`createRemoteJWKSet\`)`, await gz(jose.dir, "export { jwtVerify, createRemoteJWKSet } from 'jose';")]);
const cf = install('cf', { '@cloudflare/workers-oauth-provider': 'latest' });
rows.push([`\`@cloudflare/workers-oauth-provider\` ${cf.version('@cloudflare/workers-oauth-provider')}`, cf.count, kb(cf.bytes)]);
sizes.push([`\`@cloudflare/workers-oauth-provider\` ${cf.version('@cloudflare/workers-oauth-provider')} (whole module)`, await gz(cf.dir, "export * from '@cloudflare/workers-oauth-provider';")]);

console.log('| installed with npm | packages in node_modules | bytes on disk |\n| --- | ---: | ---: |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log('\n| browser bundle (esbuild, minified, gzip -9) | bytes |\n| --- | ---: |');
for (const [name, b] of sizes) console.log(`| ${name} | ${b} B |`);
rmSync(base, { recursive: true, force: true });
