// server-flow over the node adapter vs node:http (the floor) and Express + MCP SDK, per
// BENCHMARKS.md: each server in its own child process, interleaved rounds (A B C … A B C …),
// medians, ratios from the same run. Stateless cases (same request every time) are loaded with
// wrk (C, one thread, CONNECTIONS keep-alive connections, WRK_SECONDS per round) when it is on
// PATH: a load generator written in Node saturates before node:http does and compresses every
// ratio. Without wrk they fall back to the Node generator (server-loadgen.mjs) with a warning.
// The stateful cases (/token with rotating refresh tokens, full flows) always use the Node
// generator: each request needs the previous response's token.
// Needs built packages: pnpm --filter @mcp-oauth/server-flow --filter @mcp-oauth/node run build (and their deps).
// Env: SERVER_BENCH_ROUNDS=5 SERVER_BENCH_REQUESTS=4000 SERVER_BENCH_CONNECTIONS=50 SERVER_BENCH_FLOWS=200
//      SERVER_BENCH_WRK_SECONDS=2 SERVER_BENCH_NO_WRK=1 (force the Node generator)
//      SERVER_BENCH_ONLY=floor,adapter,adapterLazy (run only these cases; ratio rows needing others are skipped;
//      `memory` runs the memory table) SERVER_BENCH_IDLE=1000 SERVER_BENCH_GRANTS=2000 (memory table sizes)
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpRequest, loadgen } from './server-loadgen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.SERVER_BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.SERVER_BENCH_REQUESTS ?? 4000);
const CONNECTIONS = Number(process.env.SERVER_BENCH_CONNECTIONS ?? 50);
const FLOWS = Number(process.env.SERVER_BENCH_FLOWS ?? 200);
const WRK_SECONDS = Number(process.env.SERVER_BENCH_WRK_SECONDS ?? 2);
const WRK = !process.env.SERVER_BENCH_NO_WRK && !spawnSync('wrk', ['-v']).error;
if (!WRK) console.error(`warning: ${process.env.SERVER_BENCH_NO_WRK ? 'SERVER_BENCH_NO_WRK is set' : 'wrk not on PATH (apt-get install wrk)'}: stateless cases use the Node load generator, which saturates first and compresses ratios`);

const children = [];
/** A target in its own child; `memory`: with --expose-gc and an IPC channel for memory probes. */
async function target(name, memory = false) {
  const child = spawn(process.execPath, [...(memory ? ['--expose-gc'] : []), join(here, 'server-targets.mjs'), name], { cwd: here, stdio: ['ignore', 'pipe', 'inherit', ...(memory ? ['ipc'] : [])] });
  children.push(child);
  const line = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => { buf += d; const i = buf.indexOf('\n'); if (i >= 0) resolve(buf.slice(0, i)); });
    child.on('exit', (c) => reject(new Error(`${name} exited ${c}`)));
  });
  return { name, pid: child.pid, child, ...JSON.parse(line) };
}
const stopAll = () => { for (const c of children) c.kill('SIGTERM'); };
process.on('exit', stopAll);

/** One HTTP exchange; resolves { status, body }. */
function send(agent, port, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** REQUESTS requests over CONNECTIONS keep-alive connections (raw-socket generator); returns req/s. */
async function load(port, { method = 'GET', path, headers = {}, expect = 200, next, done }) {
  let bad;
  const rate = await loadgen(port, {
    requests: REQUESTS, connections: CONNECTIONS,
    build: (lane) => {
      const b = next ? next(lane) : '';
      return httpRequest(method, path, b ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers, b);
    },
    onResponse: (lane, status, body) => {
      if (status !== expect) bad ??= `${path}: status ${status} ${body.slice(0, 200)}`;
      else if (done) done(lane, JSON.parse(body));
    },
  });
  if (bad) throw new Error(bad);
  return rate;
}

/** wrk for a fixed GET: one thread (the server gets the other core); returns req/s, throws on any non-2xx or socket error. */
function wrk(port, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const args = ['-t1', `-c${CONNECTIONS}`, `-d${WRK_SECONDS}s`];
    for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
    const child = spawn('wrk', [...args, `http://127.0.0.1:${port}${path}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('exit', (c) => {
      const rate = /Requests\/sec:\s*([\d.]+)/.exec(out);
      const bad = /Non-2xx or 3xx responses: (\d+)|Socket errors: .*/.exec(out);
      if (c !== 0 || !rate || bad) reject(new Error(`wrk ${path}: ${bad?.[0] ?? `exit ${c}`}\n${out}`));
      else resolve(Number(rate[1]));
    });
  });
}
const get = (port, path, headers = {}) => (WRK ? wrk(port, path, headers) : load(port, { path, headers }));

// Server CPU per request (Linux /proc; wrk cases): the target's user + system time over the round
// divided by the requests served. Less noisy than req/s on a shared 2-core machine, where the load
// generator and the server compete for the same cores.
const TICK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;
function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime (fields 14 and 15)
  } catch { return NaN; }
}
const cpu = {};
/** A stateless case on target `which`: req/s as `get`, plus server µs of CPU per request. */
const measured = (key, which, path, headers) => async () => {
  const before = cpuTicks(t[which].pid);
  const rate = await get(t[which].port, path, headers);
  const used = cpuTicks(t[which].pid) - before;
  if (WRK && Number.isFinite(used) && used > 0) (cpu[key] ??= []).push(((used / TICK) * 1e6) / (rate * WRK_SECONDS));
  return rate;
};

const b64 = (b) => b.toString('base64url');
/** register → authorize → token over HTTP, `count` times with 8 in flight; returns flows/s. */
async function flows(port, count = FLOWS) {
  const FLOWS = count;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  let done = 0;
  const redirect = 'http://127.0.0.1:9/cb';
  const start = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (done < FLOWS) {
      done++;
      const reg = await send(agent, port, 'POST', '/register', { 'content-type': 'application/json' }, JSON.stringify({ redirect_uris: [redirect], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }));
      const { client_id } = JSON.parse(reg.body);
      const verifier = b64(randomBytes(32));
      const challenge = b64(createHash('sha256').update(verifier).digest());
      const q = new URLSearchParams({ response_type: 'code', client_id, redirect_uri: redirect, code_challenge: challenge, code_challenge_method: 'S256', state: 's' });
      const authz = await send(agent, port, 'GET', `/authorize?${q}`, {});
      const code = new URL(authz.headers.location).searchParams.get('code');
      const tok = await send(agent, port, 'POST', '/token', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id, redirect_uri: redirect }).toString());
      if (tok.status !== 200) throw new Error(`flow token status ${tok.status} ${tok.body}`);
    }
  }));
  agent.destroy();
  return FLOWS / ((performance.now() - start) / 1000);
}

/** A client with a refresh token per lane, for the token-endpoint load (refresh_token grant, rotating). */
async function refreshSeeds(port, lanes) {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const out = [];
  for (let i = 0; i < lanes; i++) {
    const redirect = 'http://127.0.0.1:9/cb';
    const reg = JSON.parse((await send(agent, port, 'POST', '/register', { 'content-type': 'application/json' }, JSON.stringify({ redirect_uris: [redirect], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }))).body);
    const verifier = b64(randomBytes(32));
    const q = new URLSearchParams({ response_type: 'code', client_id: reg.client_id, redirect_uri: redirect, code_challenge: b64(createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256', state: 's' });
    const code = new URL((await send(agent, port, 'GET', `/authorize?${q}`, {})).headers.location).searchParams.get('code');
    const t = JSON.parse((await send(agent, port, 'POST', '/token', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: reg.client_id, redirect_uri: redirect }).toString())).body);
    out.push({ clientId: reg.client_id, rt: t.refresh_token });
  }
  agent.destroy();
  return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (n) => (n >= 1000 ? `${(n / 1000).toFixed(1)} k` : n.toFixed(0));

const t = Object.fromEntries(await Promise.all(['floor', 'adapter-floor', 'adapter-lazy', 'floor-bearer', 'sf-bearer', 'sf-bearer-lazy', 'sf-bearer-fast', 'sdk-bearer', 'sdk-bearer-jose', 'sf-as', 'sf-as-opaque', 'sdk-as'].map(async (n) => [n, await target(n)])));
const seeds = Object.fromEntries(await Promise.all(['sf-as', 'sf-as-opaque', 'sdk-as'].map(async (n) => [n, await refreshSeeds(t[n].port, CONNECTIONS)])));
const refreshNext = (which) => (lane) => {
  const seed = seeds[which][lane];
  return new URLSearchParams({ grant_type: 'refresh_token', refresh_token: seed.rt, client_id: seed.clientId }).toString();
};
const refreshDone = (which) => (lane, body) => { seeds[which][lane].rt = body.refresh_token; };
const refresh = (which) => () => load(t[which].port, { method: 'POST', path: '/token', next: refreshNext(which), done: refreshDone(which) });
const bearer = (key, which) => () => measured(key, which, '/mcp', { authorization: `Bearer ${t[which].token}` })();
const META = '/.well-known/oauth-authorization-server';

const gen = WRK ? `wrk -t1 -c${CONNECTIONS} -d${WRK_SECONDS}s` : `Node generator, ${REQUESTS} requests`;
const cases = {
  floor: ['node:http, plain JSON (floor)', gen, measured('floor', 'floor', '/')],
  floorBearer: ['node:http, bearer check with a trivial verifier', gen, measured('floorBearer', 'floor-bearer', '/', { authorization: 'Bearer bench-token' })],
  adapter: ['node adapter, trivial Fetch handler (adapter ceiling)', gen, measured('adapter', 'adapter-floor', '/')],
  adapterLazy: ['node adapter, lazy bridge (`bridge: "lazy"`), trivial Fetch handler', gen, measured('adapterLazy', 'adapter-lazy', '/')],
  sfBearer: ['server-flow + node adapter, bearer (ES256 JWT, grant + revocation checked)', gen, bearer('sfBearer', 'sf-bearer')],
  sfBearerLazy: ['server-flow + node adapter, lazy bridge, bearer (same checks)', gen, bearer('sfBearerLazy', 'sf-bearer-lazy')],
  sfFast: ['server-flow protectNodeHandler, bearer (Node fast path, same checks)', gen, bearer('sfFast', 'sf-bearer-fast')],
  sdkBearer: ['Express + MCP SDK requireBearerAuth, trivial verifier', gen, bearer('sdkBearer', 'sdk-bearer')],
  sdkJose: ['Express + MCP SDK requireBearerAuth + jose ES256', gen, bearer('sdkJose', 'sdk-bearer-jose')],
  sfMeta: ['server-flow AS metadata (`toNodeHandler(app, { prepared: [as, rs] })`)', gen, measured('sfMeta', 'sf-as', META)],
  sfMetaFetch: ['server-flow AS metadata, Fetch path (`toNodeHandler(app)`)', gen, measured('sfMetaFetch', 'sf-bearer', META)],
  sfMetaFetchLazy: ['server-flow AS metadata, Fetch path on the lazy bridge (`toNodeHandler(app, { bridge: "lazy" })`)', gen, measured('sfMetaFetchLazy', 'sf-bearer-lazy', META)],
  sdkMeta: ['Express + MCP SDK mcpAuthRouter, AS metadata', gen, measured('sdkMeta', 'sdk-as', META)],
  sfToken: ['server-flow /token, refresh_token rotating, ES256 JWT access token', `Node generator, ${REQUESTS} requests`, refresh('sf-as')],
  sfTokenOpaque: ['server-flow /token, refresh_token rotating, opaque access token (`tokens.format: "opaque"`)', `Node generator, ${REQUESTS} requests`, refresh('sf-as-opaque')],
  sdkToken: ['Express + MCP SDK /token, refresh_token rotating (demo provider: opaque random tokens, no signature)', `Node generator, ${REQUESTS} requests`, refresh('sdk-as')],
  sfFlows: ['server-flow flows/s (register → authorize → token, ES256 JWT)', `${FLOWS} flows, 8 in flight`, () => flows(t['sf-as'].port)],
  sfFlowsOpaque: ['server-flow flows/s (register → authorize → token, opaque)', `${FLOWS} flows, 8 in flight`, () => flows(t['sf-as-opaque'].port)],
  sdkFlows: ['MCP SDK demo provider flows/s (register → authorize → token)', `${FLOWS} flows, 8 in flight`, () => flows(t['sdk-as'].port)],
};

const only = process.env.SERVER_BENCH_ONLY?.split(',');
if (only) for (const k of Object.keys(cases)) if (!only.includes(k)) delete cases[k];
for (const [, , run] of Object.values(cases)) await run(); // warm-up
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) for (const [k, [, , run]] of Object.entries(cases)) samples[k].push(await run());
const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));

console.log(`Loopback, ${CONNECTIONS} keep-alive connections, ${ROUNDS} interleaved rounds, medians; each server in its own process, sharing the machine's cores with the load generator. Load: ${WRK ? `wrk (one thread, ${WRK_SECONDS} s per round) for the stateless cases` : 'Node generator for every case (wrk not found)'}; the Node generator (${REQUESTS} requests per round) for /token, whose refresh token rotates. The server-flow AS targets are wired as \`mcpAuth\` mounts them: lazy bridge, \`nodeCryptoProvider()\`.\n`);
const c = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)]));
console.log('| case | load | req/s (median) | server CPU per request (median) |\n| --- | --- | --- | --- |');
for (const [k, [label, how]] of Object.entries(cases)) console.log(`| ${label} | ${how} | ${fmt(m[k])} | ${c[k] === undefined ? '' : `${c[k].toFixed(1)} µs`} |`);
const ratio = (a, b) => (m[a] === undefined || m[b] === undefined ? 'not run' : (m[a] / m[b]).toFixed(2));
console.log('\n| ratio | value | target |\n| --- | --- | --- |');
console.log(`| Express + SDK AS metadata / node:http floor | ${ratio('sdkMeta', 'floor')} | (reference run: 0.12) |`);
console.log(`| server-flow bearer, Fetch path / node:http floor | ${ratio('sfBearer', 'floor')} | |`);
console.log(`| server-flow bearer, Node fast path / node:http floor | ${ratio('sfFast', 'floor')} | ≥ 0.7 |`);
if (c.floor && c.sfFast) console.log(`| the same, by server CPU per request (floor µs / fast-path µs) | ${(c.floor / c.sfFast).toFixed(2)} | ≥ 0.7 |`);
console.log(`| node adapter, lazy bridge / web bridge (trivial Fetch handler) | ${ratio('adapterLazy', 'adapter')} | |`);
console.log(`| node adapter, lazy bridge / node:http floor (trivial Fetch handler) | ${ratio('adapterLazy', 'floor')} | ≥ 0.6 |`);
console.log(`| server-flow bearer, Fetch path, lazy bridge / web bridge | ${ratio('sfBearerLazy', 'sfBearer')} | |`);
console.log(`| server-flow AS metadata, Fetch path, lazy bridge / web bridge | ${ratio('sfMetaFetchLazy', 'sfMetaFetch')} | |`);
console.log(`| server-flow bearer, Fetch path / node adapter ceiling | ${ratio('sfBearer', 'adapter')} | (how much the check itself costs) |`);
console.log(`| server-flow bearer, Node fast path / Express + SDK (trivial verifier) | ${ratio('sfFast', 'sdkBearer')} | ≥ 5 |`);
console.log(`| server-flow bearer, Node fast path / Express + SDK + jose ES256 | ${ratio('sfFast', 'sdkJose')} | ≥ 5 |`);
console.log(`| server-flow AS metadata / Express + SDK | ${ratio('sfMeta', 'sdkMeta')} | ≥ 2 |`);
console.log(`| server-flow AS metadata / node:http floor | ${ratio('sfMeta', 'floor')} | (2 × the reference run's Express + SDK: 0.68) |`);
console.log(`| server-flow AS metadata, Fetch path / Express + SDK | ${ratio('sfMetaFetch', 'sdkMeta')} | |`);
console.log(`| server-flow /token, JWT / Express + SDK (opaque) | ${ratio('sfToken', 'sdkToken')} | ≥ 1 |`);
console.log(`| server-flow /token, opaque / Express + SDK (like for like) | ${ratio('sfTokenOpaque', 'sdkToken')} | ≥ 2 |`);
console.log(`| server-flow flows, JWT / SDK demo provider flows | ${ratio('sfFlows', 'sdkFlows')} | |`);
console.log(`| server-flow flows, opaque / SDK demo provider flows (like for like) | ${ratio('sfFlowsOpaque', 'sdkFlows')} | ≥ 1.5 |`);

// Memory (BENCHMARKS.md: report memory per idle keep-alive connection and per grant). Fresh
// targets with --expose-gc; every figure is a difference of two probes (full GC first) on one child.
if (!only || only.includes('memory')) {
  const probe = (tg) => new Promise((resolve) => { tg.child.once('message', resolve); tg.child.send('memory'); });
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  const IDLE = Number(process.env.SERVER_BENCH_IDLE ?? 1000);
  const GRANTS = Number(process.env.SERVER_BENCH_GRANTS ?? 2000);
  const mem = Object.fromEntries(await Promise.all(['floor', 'sf-as', 'sf-as-opaque', 'sdk-as'].map(async (n) => [n, await target(n, true)])));
  /** IDLE keep-alive connections, each after one request (GET `path`), left open: bytes per connection. */
  const idle = async (tg, path) => {
    const { connect } = await import('node:net');
    const before = await probe(tg);
    const sockets = await Promise.all(Array.from({ length: IDLE }, () => new Promise((resolve, reject) => {
      const s = connect(tg.port, '127.0.0.1', () => s.write(httpRequest('GET', path)));
      s.once('data', () => resolve(s));
      s.on('error', reject);
    })));
    await new Promise((r) => setTimeout(r, 200));
    const after = await probe(tg);
    for (const s of sockets) s.destroy();
    return { rss: (after.rss - before.rss) / IDLE, heap: (after.heapUsed + after.external - before.heapUsed - before.external) / IDLE };
  };
  /** GRANTS full flows on the memory store: retained heap per grant (its client, grant, used code, refresh and access tokens). */
  const perGrant = async (tg) => {
    await flows(tg.port, 50); // warm-up: code paths compiled, pools allocated
    const before = await probe(tg);
    await flows(tg.port, GRANTS);
    const after = await probe(tg);
    return (after.heapUsed + after.external - before.heapUsed - before.external) / GRANTS;
  };
  console.log(`\nMemory: ${IDLE} idle keep-alive connections (one request each, then idle), and ${GRANTS} register → authorize → token flows on the memory store; heap + external after full GC (and RSS), differences of two probes on one server process.\n`);
  console.log('| case | per idle keep-alive connection, heap (RSS) | per grant, heap |\n| --- | --- | --- |');
  const rows = [
    ['node:http, plain JSON (floor)', 'floor', '/', false],
    ['server-flow AS, ES256 JWT (lazy bridge, node:crypto provider)', 'sf-as', META, true],
    ['server-flow AS, opaque tokens', 'sf-as-opaque', META, true],
    ['Express + MCP SDK demo provider', 'sdk-as', META, true],
  ];
  for (const [label, n, path, grants] of rows) {
    const c = await idle(mem[n], path);
    const g = grants ? await perGrant(mem[n]) : undefined;
    console.log(`| ${label} | ${kib(c.heap)} (${kib(c.rss)}) | ${g === undefined ? '' : kib(g)} |`);
  }
}
stopAll();
process.exit(0);
