// C-DEV-1 through the command itself: `mcp-oauth proxy --device` (the built binary, a child process)
// against server-flow with the device grant on, behind node:http on 127.0.0.1. The "user" reads the
// verification URI and user code the proxy printed on stderr and approves on the device page; the
// host's initialize then gets its answer on stdout. A second run reuses the stored tokens.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeHandler } from '@mcp-oauth/node';
import { createProtectedResource } from '@mcp-oauth/server-flow';
import { deviceWorld, type DeviceWorld } from '../../client-flow/test/device-world';
import { BIN } from './proxy-support';

let server: Server;
let w: DeviceWorld;
let base = '';
let dir = '';
const tokenRequests: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-proxy-device-bin-'));
  server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w = deviceWorld(base, `${base}/mcp`, { deviceAuthorization: { interval: 1 } });
  const rs = createProtectedResource({ resource: `${base}/mcp`, authorizationServers: [base], verifier: w.as.verifier(), scopesSupported: ['mcp:tools'] });
  server.on('request', toNodeHandler(async (req) => {
    if (new URL(req.url).pathname === '/token') tokenRequests.push(await req.clone().text());
    if (req.url !== `${base}/mcp`) return w.fetch(req);
    const a = await rs.authenticate(req);
    if (!a.ok) return a.response;
    const m = await req.json() as { id?: number; method: string };
    if (m.id === undefined) return new Response(null, { status: 202 });
    return Response.json({ jsonrpc: '2.0', id: m.id, result: m.method === 'initialize'
      ? { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: `for ${a.principal.subject}`, version: '1' } } : {} });
  }));
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): { child: ChildProcessWithoutNullStreams; out: string[]; err: string[]; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'proxy', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, BROWSER: 'none', MCP_OAUTH_CLI_HEADLESS_AUTHORIZE: '' } });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => out.push(...d.split('\n').filter(Boolean)));
  child.stderr.setEncoding('utf8').on('data', (d: string) => err.push(...d.split('\n').filter(Boolean)));
  return { child, out, err, exit: new Promise((r) => child.on('close', r)) };
}

async function until<T>(f: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const INIT = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'host', version: '1' } } })}\n`;

describe('mcp-oauth proxy --device (the built command)', () => {
  it('C-DEV-1: the command shows the verification URI and user code on stderr, polls until the user approves, answers the host on stdout, and a second run reuses the tokens', async () => {
    const first = run([`${base}/mcp`, '--device', '--store-dir', dir]);
    first.child.stdin.write(INIT);
    const at = await until(() => { const i = first.err.findIndex((l) => l.startsWith('To sign in, open this page')); return i >= 0 && first.err.length > i + 2 ? i : undefined; }, 'the device prompt');
    const uri = first.err[at + 1]!.trim();
    const code = /enter the code: (\S+)/.exec(first.err[at + 2]!)![1]!;
    expect(uri).toBe(`${base}/device`);
    expect(first.out).toEqual([]); // nothing but MCP messages on stdout, and none yet
    expect(await w.user(uri, code)).toBe(200);
    const answer = await until(() => first.out[0], 'the initialize answer');
    expect(JSON.parse(answer)).toMatchObject({ id: 1, result: { serverInfo: { name: 'for alice' } } });
    expect(first.err.join('\n')).toContain('Approved');
    expect(tokenRequests.some((b) => b.includes('device_code'))).toBe(true);
    for (const b of tokenRequests) expect(first.err.join('\n')).not.toContain(new URLSearchParams(b).get('device_code') ?? '\u0000');
    first.child.stdin.end();
    expect(await first.exit).toBe(0);

    const before = tokenRequests.length;
    const second = run([`${base}/mcp`, '--device', '--store-dir', dir]);
    second.child.stdin.end(INIT);
    expect(await second.exit).toBe(0);
    expect(second.out.map((l) => JSON.parse(l) as { id: number })).toMatchObject([{ id: 1, result: { serverInfo: { name: 'for alice' } } }]);
    expect(second.err.join('\n')).not.toContain('To sign in');
    expect(tokenRequests.length).toBe(before); // no new grant, no refresh
  }, 60_000);
});
