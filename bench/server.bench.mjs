// server-flow over the node adapter vs node:http (the floor) and Express + MCP SDK, per
// BENCHMARKS.md: each server in its own child process, a loopback load generator written in Node
// (keep-alive, CONNECTIONS connections, a bounded number of requests per round), interleaved
// rounds (A B C … A B C …), medians, ratios from the same run.
// Needs built packages: pnpm --filter @mcp-oauth/server-flow --filter @mcp-oauth/node run build (and their deps).
// Env: SERVER_BENCH_ROUNDS=5 SERVER_BENCH_REQUESTS=4000 SERVER_BENCH_CONNECTIONS=50 SERVER_BENCH_FLOWS=200
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpRequest, loadgen } from './server-loadgen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.SERVER_BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.SERVER_BENCH_REQUESTS ?? 4000);
const CONNECTIONS = Number(process.env.SERVER_BENCH_CONNECTIONS ?? 50);
const FLOWS = Number(process.env.SERVER_BENCH_FLOWS ?? 200);

const children = [];
async function target(name) {
  const child = spawn(process.execPath, [join(here, 'server-targets.mjs'), name], { cwd: here, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => { buf += d; const i = buf.indexOf('\n'); if (i >= 0) resolve(buf.slice(0, i)); });
    child.on('exit', (c) => reject(new Error(`${name} exited ${c}`)));
  });
  return { name, ...JSON.parse(line) };
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

const b64 = (b) => b.toString('base64url');
/** register → authorize → token over HTTP, FLOWS times with 8 in flight; returns flows/s. */
async function flows(port) {
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

const t = Object.fromEntries(await Promise.all(['floor', 'adapter-floor', 'floor-bearer', 'sf-bearer', 'sf-bearer-fast', 'sdk-bearer', 'sdk-bearer-jose', 'sf-as', 'sdk-as'].map(async (n) => [n, await target(n)])));
const seeds = { 'sf-as': await refreshSeeds(t['sf-as'].port, CONNECTIONS), 'sdk-as': await refreshSeeds(t['sdk-as'].port, CONNECTIONS) };
const refreshNext = (which) => (lane) => {
  const seed = seeds[which][lane];
  return new URLSearchParams({ grant_type: 'refresh_token', refresh_token: seed.rt, client_id: seed.clientId }).toString();
};
const refreshDone = (which) => (lane, body) => { seeds[which][lane].rt = body.refresh_token; };

const cases = {
  'node:http, plain JSON (floor)': () => load(t.floor.port, { path: '/' }),
  'node:http, bearer check with a trivial verifier': () => load(t['floor-bearer'].port, { path: '/', headers: { authorization: 'Bearer bench-token' } }),
  'node adapter, trivial Fetch handler (adapter ceiling)': () => load(t['adapter-floor'].port, { path: '/' }),
  'server-flow + node adapter, bearer (ES256 JWT, grant + revocation checked)': () => load(t['sf-bearer'].port, { path: '/mcp', headers: { authorization: `Bearer ${t['sf-bearer'].token}` } }),
  'server-flow protectNodeHandler, bearer (Node fast path, same checks)': () => load(t['sf-bearer-fast'].port, { path: '/mcp', headers: { authorization: `Bearer ${t['sf-bearer-fast'].token}` } }),
  'Express + MCP SDK requireBearerAuth, trivial verifier': () => load(t['sdk-bearer'].port, { path: '/mcp', headers: { authorization: `Bearer ${t['sdk-bearer'].token}` } }),
  'Express + MCP SDK requireBearerAuth + jose ES256': () => load(t['sdk-bearer-jose'].port, { path: '/mcp', headers: { authorization: `Bearer ${t['sdk-bearer-jose'].token}` } }),
  'server-flow AS metadata': () => load(t['sf-as'].port, { path: '/.well-known/oauth-authorization-server' }),
  'Express + MCP SDK mcpAuthRouter, AS metadata': () => load(t['sdk-as'].port, { path: '/.well-known/oauth-authorization-server' }),
  'server-flow /token (refresh_token, rotating)': () => load(t['sf-as'].port, { method: 'POST', path: '/token', next: refreshNext('sf-as'), done: refreshDone('sf-as') }),
  'Express + MCP SDK /token (refresh_token, demo provider + rotation)': () => load(t['sdk-as'].port, { method: 'POST', path: '/token', next: refreshNext('sdk-as'), done: refreshDone('sdk-as') }),
  'server-flow flows/s (register → authorize → token)': () => flows(t['sf-as'].port),
  'MCP SDK demo provider flows/s (register → authorize → token)': () => flows(t['sdk-as'].port),
};

for (const run of Object.values(cases)) await run(); // warm-up
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) for (const [k, run] of Object.entries(cases)) samples[k].push(await run());
const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const keys = Object.keys(cases);

console.log(`Loopback, ${CONNECTIONS} keep-alive connections, ${REQUESTS} requests per round (flows: ${FLOWS}, 8 in flight), ${ROUNDS} interleaved rounds, medians. Server and load generator share the machine's cores.\n`);
console.log('| case | req/s (median) |\n| --- | --- |');
for (const k of keys) console.log(`| ${k} | ${fmt(m[k])} |`);
const ratio = (a, b) => (m[keys[a]] / m[keys[b]]).toFixed(2);
console.log('\n| ratio | value | target |\n| --- | --- | --- |');
console.log(`| server-flow bearer, Fetch path / node:http floor | ${ratio(3, 0)} | |`);
console.log(`| server-flow bearer, Node fast path / node:http floor | ${ratio(4, 0)} | ≥ 0.7 |`);
console.log(`| server-flow bearer, Fetch path / node adapter ceiling | ${ratio(3, 2)} | (how much the check itself costs) |`);
console.log(`| server-flow bearer, Node fast path / Express + SDK (trivial verifier) | ${ratio(4, 5)} | ≥ 5 |`);
console.log(`| server-flow bearer, Node fast path / Express + SDK + jose ES256 | ${ratio(4, 6)} | ≥ 5 |`);
console.log(`| server-flow AS metadata / Express + SDK | ${ratio(7, 8)} | ≥ 5 |`);
console.log(`| server-flow /token / Express + SDK | ${ratio(9, 10)} | ≥ 5 |`);
console.log(`| server-flow flows / SDK demo provider flows | ${ratio(11, 12)} | ≥ 3 |`);
stopAll();
process.exit(0);
