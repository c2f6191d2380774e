// Runs the official suite's authorization-server scenarios (`conformance authorization`) against
// `@mcp-oauth/server-flow`, for docs/conformance-official.md. Starts the built server-flow on
// 127.0.0.1 (auto-approve test mode, one pre-registered client whose redirect URI is the suite's
// callback), runs every scenario, prints a markdown table, stops the server, exits 1 on a failure.
// Needs the packages built: pnpm -r --filter "./packages/*" run build.
//   pnpm exec node docs/conformance-official.run.mjs
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { root } from '../tools/workspace.mjs';

const dist = (p) => join(root, 'packages', p, 'dist', 'index.js');
const { createAuthorizationServer } = await import(dist('server-flow'));
const { toNodeHandler } = await import(dist('node'));

const callbackPort = 3917;
const server = createServer();
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const resource = `${origin}/mcp`;
const as = createAuthorizationServer({
  issuer: origin,
  resources: [resource],
  scopes: ['mcp:tools'],
  autoApprove: { subject: 'conformance-user' },
  clients: [
    { client_id: 'conformance-public', redirect_uris: [`http://127.0.0.1:${callbackPort}/callback`], token_endpoint_auth_method: 'none' },
  ],
});
server.on('request', toNodeHandler((request) => as.handle(request), { origin }));

// One run of every scenario (the code-grant scenario reuses the metadata scenario's result). The
// suite prints the authorization URL for a person to open; this script is that person: it requests
// the URL (auto-approve answers with a redirect carrying the code) and delivers the redirect to the
// suite's callback.
const args = ['exec', 'conformance', 'authorization', '--url', origin, '--client-id', 'conformance-public', '--resource', resource, '--port', String(callbackPort)];
const { code, out } = await new Promise((resolve) => {
  const child = spawn('pnpm', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let opened = false;
  const onData = (d) => {
    text += d;
    const url = !opened && new RegExp(`^${origin}/authorize\\?\\S+$`, 'm').exec(text)?.[0];
    if (!url || !/Callback server started/.test(text)) return; // deliver only once the callback listens
    opened = true;
    void (async () => {
      const res = await fetch(url, { redirect: 'manual' });
      const location = res.headers.get('location');
      if (location) await fetch(location).catch(() => {});
    })();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', (d) => (text += d));
  child.on('close', (c) => resolve({ code: c, out: text }));
});
const rows = [];
for (const m of out.matchAll(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed/gm)) rows.push(`| \`${m[2]}\` | ${m[1] === '✓' ? 'passed' : '**failed**'} | ${m[3]} passed, ${m[4]} failed |`);
const total = /^Total: (\d+) passed, (\d+) failed/m.exec(out);
if (process.argv.includes('--verbose') || code !== 0) process.stderr.write(out.slice(-6000));
server.close();
server.closeAllConnections();
console.log('| scenario | result | checks |\n| --- | --- | --- |');
for (const row of rows) console.log(row);
console.log(`\n${total ? `Total: ${total[1]} passed, ${total[2]} failed` : 'no summary'} (exit ${code})`);
process.exit(code === 0 && total && total[2] === '0' && rows.length > 0 ? 0 : 1);
