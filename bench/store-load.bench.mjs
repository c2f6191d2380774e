// Issue #13 part 9: complete OAuth flows against examples/node-server on each store, 127.0.0.1 only.
// A flow: authorize (PKCE) → redeem the code → refresh once (rotation); opaque access tokens, so
// every token is a store record. STORE_BENCH_FLOWS flows (10,000), STORE_BENCH_CONCURRENCY (100) in
// flight, for memory, SQLite (a temp file), Redis with 1 instance and Redis with 2 instances behind
// a round-robin balancer (each request to the next instance). Checks: no flow lost (every step
// 200), no grant duplicated (every refresh token and access token distinct, and the store holds one
// grant per flow where it can be counted). Reports flows/s, the ratios BENCHMARKS.md sets, and
// bytes per grant (SQLite: database pages; Redis: used_memory; memory: process RSS).
// Usage: node bench/store-load.bench.mjs   (needs redis-server on PATH; Node ≥ 24 for node:sqlite)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { startRedisServer } from '../packages/store-redis/test/redis-server.ts';
import { startBalancer } from '../examples/shared/test/balancer.ts';
import { codeFlow, refresh, register } from '../examples/shared/test/raw-flow.ts';

const FLOWS = Number(process.env.STORE_BENCH_FLOWS ?? 10_000);
const CONCURRENCY = Number(process.env.STORE_BENCH_CONCURRENCY ?? 100);
const ONLY = process.env.STORE_BENCH_ONLY; // memory | sqlite | redis: one store only
const CLIENTS = 10; // registration is rate-limited per address (20 an hour by default)
const exampleDir = fileURLToPath(new URL('../examples/node-server/', import.meta.url));
const hook = fileURLToPath(new URL('../tools/source-hook.mjs', import.meta.url));

const freePort = () => new Promise((ok) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); }); });

async function startServer(port, env) {
  const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', '--import', hook, 'src/server.ts'], {
    cwd: exampleDir, env: { ...process.env, PORT: String(port), MCP_OAUTH_AUTO_APPROVE: '1', MCP_OAUTH_TOKEN_FORMAT: 'opaque', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise((resolve, reject) => {
    const on = (d) => { out += d; if (out.includes('MCP server:')) resolve(); };
    child.stdout.on('data', on); child.stderr.on('data', on);
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, stop: () => new Promise((r) => { child.removeAllListeners('exit'); child.once('exit', r); child.kill('SIGTERM'); }) };
}

const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

const WARMUP = Math.min(500, Math.ceil(FLOWS / 10)); // compiled code paths and filled pools before the clock starts

async function run(ports, publicOrigin) {
  await flows(ports, publicOrigin, WARMUP);
  return flows(ports, publicOrigin, FLOWS);
}

async function flows(ports, publicOrigin, FLOWS) {
  const mcpUrl = `${publicOrigin}/mcp`;
  const origins = ports.map((p) => `http://127.0.0.1:${p}`);
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) clients.push(await register(origins[i % origins.length]));
  let next = 0;
  let failed = 0;
  const refreshTokens = new Set();
  const accessTokens = new Set();
  const lane = async () => {
    for (let i = next++; i < FLOWS; i = next++) {
      try {
        const clientId = clients[i % CLIENTS];
        const at = (k) => origins[(i + k) % origins.length];
        const { tokens } = await codeFlow([at(0), at(1)], clientId, mcpUrl);
        const r = await refresh(at(2), clientId, mcpUrl, tokens.refresh_token);
        if (r.status !== 200) throw new Error(`refresh ${r.status}`);
        refreshTokens.add(r.body.refresh_token);
        accessTokens.add(tokens.access_token).add(r.body.access_token);
      } catch (e) { if (failed++ < 3) console.error(String(e)); }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - t0) / 1000;
  return { flowsPerSecond: FLOWS / seconds, seconds, failed, distinctRefresh: refreshTokens.size, distinctAccess: accessTokens.size };
}

const results = [];
const temp = mkdtempSync(join(tmpdir(), 'mcp-oauth-store-bench-'));
try {
  // memory
  if (!ONLY || ONLY === 'memory') {
    const port = await freePort();
    const s = await startServer(port, { MCP_OAUTH_STORE: 'memory' });
    const before = rss(s.child.pid);
    const r = await run([port], `http://127.0.0.1:${port}`);
    r.bytesPerGrant = (rss(s.child.pid) - before) / (FLOWS + WARMUP);
    r.grants = '-';
    await s.stop();
    results.push({ name: 'memory', ...r });
  }
  // SQLite
  if (!ONLY || ONLY === 'sqlite') {
    const port = await freePort();
    const file = join(temp, 'as.db');
    const s = await startServer(port, { MCP_OAUTH_STORE: `sqlite:${file}` });
    const r = await run([port], `http://127.0.0.1:${port}`);
    await s.stop();
    const db = new DatabaseSync(file, { readOnly: true });
    r.grants = db.prepare('SELECT count(*) AS n FROM mcp_oauth_grants').get().n;
    const pages = db.prepare('PRAGMA page_count').get().page_count * db.prepare('PRAGMA page_size').get().page_size;
    db.close();
    r.bytesPerGrant = pages / (FLOWS + WARMUP);
    results.push({ name: 'SQLite', ...r });
  }
  // Redis, 1 and 2 instances
  for (const n of !ONLY || ONLY === 'redis' ? [1, 2] : []) {
    const redis = await startRedisServer();
    const { createClient } = await import(join(exampleDir, 'node_modules/redis/dist/index.js'));
    const admin = await createClient({ url: redis.url }).connect();
    const used = async () => Number(/used_memory:(\d+)/.exec(await admin.info('memory'))[1]);
    const before = await used();
    const ports = [];
    for (let i = 0; i < n; i++) ports.push(await freePort());
    const publicPort = await freePort();
    const env = { MCP_OAUTH_STORE: redis.url, MCP_OAUTH_PUBLIC_URL: `http://127.0.0.1:${publicPort}` };
    const servers = [];
    for (const p of ports) servers.push(await startServer(p, env));
    // the balancer fronts the public origin (metadata and discovery); the load goes to the instances
    // round-robin per step, as the balancer would send it, without its extra hop
    const balancer = await startBalancer(ports, publicPort);
    const r = await run(ports, `http://127.0.0.1:${publicPort}`);
    r.grants = (await admin.keys('mcp-oauth:grant:*')).length;
    r.bytesPerGrant = ((await used()) - before) / (FLOWS + WARMUP);
    await admin.close();
    await balancer.close();
    for (const s of servers) await s.stop();
    await redis.stop();
    results.push({ name: `Redis, ${n} instance${n > 1 ? 's' : ''}`, ...r });
  }
} finally { rmSync(temp, { recursive: true, force: true }); }

const by = Object.fromEntries(results.map((r) => [r.name, r]));
console.log(`\n## Stores: ${FLOWS} flows (authorize → token → refresh) after ${WARMUP} warm-up flows, ${CONCURRENCY} in flight, examples/node-server, opaque tokens\n`);
console.log('| store | flows/s | seconds | lost | distinct refresh tokens | grants in store (incl. warm-up) | bytes per grant |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) console.log(`| ${r.name} | ${r.flowsPerSecond.toFixed(0)} | ${r.seconds.toFixed(1)} | ${r.failed} | ${r.distinctRefresh} | ${r.grants} | ${r.bytesPerGrant.toFixed(0)} |`);
if (by['SQLite'] && by['memory']) console.log(`\nSQLite / memory: ${(by['SQLite'].flowsPerSecond / by['memory'].flowsPerSecond).toFixed(2)} (target ≥ 0.8)`);
if (by['Redis, 2 instances']) console.log(`Redis 2 instances / 1: ${(by['Redis, 2 instances'].flowsPerSecond / by['Redis, 1 instance'].flowsPerSecond).toFixed(2)} (target ≥ 1.6)`);
const bad = results.filter((r) => r.failed > 0 || r.distinctRefresh !== FLOWS || r.distinctAccess !== 2 * FLOWS || (r.grants !== '-' && r.grants !== FLOWS + WARMUP));
if (bad.length) { console.error(`lost or duplicated grants: ${bad.map((r) => r.name).join(', ')}`); process.exitCode = 1; }
