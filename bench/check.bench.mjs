// `mcp-oauth check` (the conformance kit's CLI) against a local server-flow, as a user runs it:
// read-only (target < 10 s) and --intrusive (target < 60 s), at the default budget (400 requests)
// and rate cap (10/s), and intrusive again with the cap lifted (--rate 1000) to show how much of the
// time is the cap. Each run is a fresh `node packages/cli/dist/bin.js check … --json` child process
// against a fresh server on 127.0.0.1 (a fresh registration limit); rounds interleave the cases
// (A B C A B C …), medians. Wall time, not a ratio to a peer: there is no peer tool; the ratio
// printed is to the target.
// Needs built packages: pnpm --filter "@mcp-oauth/cli..." run build
// Env: CHECK_BENCH_ROUNDS=3
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const ROUNDS = Number(process.env.CHECK_BENCH_ROUNDS ?? 3);
const dist = (p) => join(root, 'packages', p, 'dist', 'index.js');
const { createAuthorizationServer, createProtectedResource } = await import(dist('server-flow'));
const { toNodeHandler } = await import(dist('node'));
const BIN = join(root, 'packages', 'cli', 'dist', 'bin.js');

/** server-flow as the guides build it, with a test deployment's auto-approval and a registration limit of 50 an hour per address. */
async function startServer() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${s.address().port}`;
  const mcpUrl = `${origin}/mcp`;
  const as = createAuthorizationServer({
    issuer: origin, resources: [mcpUrl], scopes: ['mcp:tools'], defaultScopes: ['mcp:tools'], autoApprove: { subject: 'user-1' },
    registration: { rateLimit: { limit: 50, windowMs: 3_600_000 } },
  });
  const rs = createProtectedResource({ resource: mcpUrl, authorizationServers: [origin], verifier: as.verifier(), scopesSupported: ['mcp:tools'] });
  s.on('request', toNodeHandler(async (request, ctx) => {
    const meta = rs.handleMetadata(request);
    if (meta) return meta;
    if (new URL(request.url).pathname === '/mcp') {
      const auth = await rs.authenticate(request);
      return auth.ok ? Response.json({ jsonrpc: '2.0', id: 1, result: {} }) : auth.response;
    }
    return as.handle(request, ctx);
  }));
  return { url: mcpUrl, close: () => new Promise((r) => { s.closeAllConnections(); s.close(r); }) };
}

/** One `mcp-oauth check` run: wall time (spawn to exit), requests, verdict counts. */
async function runCheck(args) {
  const server = await startServer();
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'check', server.url, '--json', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const code = await new Promise((r) => child.on('exit', r));
  const seconds = (performance.now() - t0) / 1000;
  await server.close();
  const report = JSON.parse(out);
  const count = (v) => report.results.filter((r) => r.verdict === v).length;
  return { seconds, code, requests: report.requests, verdicts: `${count('pass')} / ${count('fail')} / ${count('not-applicable')} / ${count('not-tested')}` };
}

const CASES = [
  { name: 'read-only (`mcp-oauth check <url>`)', args: [], target: 10 },
  { name: 'intrusive (`--intrusive --refresh-grace 2`)', args: ['--intrusive', '--refresh-grace', '2'], target: 60 },
  { name: 'intrusive, rate cap lifted (`… --rate 1000`)', args: ['--intrusive', '--refresh-grace', '2', '--rate', '1000'], target: 60 },
];
const samples = CASES.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, c] of CASES.entries()) {
    const r = await runCheck(c.args);
    samples[i].push(r);
    console.error(`round ${round + 1}: ${c.name}: ${r.seconds.toFixed(2)} s, ${r.requests} requests, exit ${r.code}`);
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
console.log(`| case | median wall time | target | time / target | requests | pass / fail / n.a. / not tested |`);
console.log(`| --- | --- | --- | --- | --- | --- |`);
for (const [i, c] of CASES.entries()) {
  const m = median(samples[i].map((s) => s.seconds));
  const last = samples[i].at(-1);
  console.log(`| ${c.name} | ${m.toFixed(1)} s | < ${c.target} s | ${(m / c.target).toFixed(2)} | ${last.requests} | ${last.verdicts} |`);
}
console.log(`\n${ROUNDS} interleaved rounds; each run a fresh CLI process against a fresh server-flow on 127.0.0.1 (auto-approving, registration limit 50/h per address). Default budget 400 requests, rate cap 10/s.`);
