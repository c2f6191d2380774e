// A/B of server-targets.mjs variants (issue #16 part 3), interleaved in one run: each variant is a
// server child started with extra env (`BENCH_SF_CRYPTO=subtle`, `BENCH_SF_BRIDGE=web`, `TARGET=sdk-as`
// for another target, `DIR=/path/to/another/checkout` for an older build of the whole repo); the
// load is the server bench's `/token` refresh rotation (4,000 requests, 50 connections) or 200 full
// flows (8 in flight). Prints per variant the median req/s (or flows/s) and the median server CPU per
// request from /proc (Linux), with ratios to the first variant.
// Usage: node bench/server-ab.mjs <target> refresh|flows <rounds> '<env json>' '<env json>' ...
// e.g.   node bench/server-ab.mjs sf-as-opaque refresh 7 '{"DIR":"/tmp/base"}' '{"BENCH_SF_BRIDGE":"web"}' '{}'
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadgen, httpRequest } from './server-loadgen.mjs';
const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const [name, mode, rounds, ...envs] = process.argv.slice(2);
async function start(env) {
  const e = JSON.parse(env); const dir = e.DIR ?? repo;
  const child = spawn(process.execPath, [`${dir}/bench/server-targets.mjs`, e.TARGET ?? name], { cwd: `${dir}/bench`, env: { ...process.env, ...e }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((r) => { let b = ''; child.stdout.on('data', (d) => { b += d; const i = b.indexOf('\n'); if (i >= 0) r(b.slice(0, i)); }); });
  return { child, port: JSON.parse(line).port, env };
}
function send(port, agent, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => { const c = []; res.on('data', (d) => c.push(d)); res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(c).toString() })); });
    req.on('error', reject); req.end(body);
  });
}
const b64 = (b) => b.toString('base64url');
async function flow(port, agent) {
  const redirect = 'http://127.0.0.1:9/cb';
  const reg = JSON.parse((await send(port, agent, 'POST', '/register', { 'content-type': 'application/json' }, JSON.stringify({ redirect_uris: [redirect], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }))).body);
  const verifier = b64(randomBytes(32));
  const q = new URLSearchParams({ response_type: 'code', client_id: reg.client_id, redirect_uri: redirect, code_challenge: b64(createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256', state: 's' });
  const code = new URL((await send(port, agent, 'GET', `/authorize?${q}`, {})).headers.location).searchParams.get('code');
  const t = await send(port, agent, 'POST', '/token', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: reg.client_id, redirect_uri: redirect }).toString());
  if (t.status !== 200) throw new Error(t.body);
  return { clientId: reg.client_id, rt: JSON.parse(t.body).refresh_token };
}
const ts = [];
for (const e of envs) ts.push(await start(e));
for (const t of ts) { t.agent = new Agent({ keepAlive: true, maxSockets: 8 }); t.seeds = []; for (let i = 0; i < 50; i++) t.seeds.push(await flow(t.port, t.agent)); t.r = []; }
async function run(t) {
  const start = performance.now();
  if (mode === 'flows') { let done = 0; await Promise.all(Array.from({ length: 8 }, async () => { while (done < 200) { done++; await flow(t.port, t.agent); } })); return 200 / ((performance.now() - start) / 1000); }
  return loadgen(t.port, { requests: 4000, connections: 50,
    build: (lane) => { const s = t.seeds[lane]; return httpRequest('POST', '/token', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ grant_type: 'refresh_token', refresh_token: s.rt, client_id: s.clientId }).toString()); },
    onResponse: (lane, status, body) => { if (status !== 200) throw new Error(body); t.seeds[lane].rt = JSON.parse(body).refresh_token; } });
}
const ticks = (pid) => { const st = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); return Number(f[11]) + Number(f[12]); };
for (const t of ts) { await run(t); t.c = []; }
const per = mode === 'flows' ? 200 : 4000;
for (let r = 0; r < Number(rounds); r++) for (const t of (r % 2 ? [...ts].reverse() : ts)) { const b = ticks(t.child.pid); t.r.push(await run(t)); t.c.push(((ticks(t.child.pid) - b) * 10000) / per); }
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const t of ts) console.log(`${name} ${mode} ${t.env}: median ${med(t.r).toFixed(0)}/s  ratio to first ${(med(t.r) / med(ts[0].r)).toFixed(2)} | server CPU ${med(t.c).toFixed(0)} µs per ${mode === 'flows' ? 'flow' : 'request'}, first/this ${(med(ts[0].c) / med(t.c)).toFixed(2)}`);
for (const t of ts) { t.agent.destroy(); t.child.kill('SIGTERM'); }
