// loopbackAuthorize: the receiver exists only while an authorization needs it (issue #14). The
// client as the docs show it runs as a child process (test/fixtures/loopback-client.mjs) against
// server-flow on 127.0.0.1: a second run with valid tokens binds nothing and exits; two instances
// signing in at once on one fixed port do not crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import { debugTrace, loopbackAuthorize, NodeError, startLoopbackReceiver } from '@mcp-oauth/node/client';
import { toNodeHandler } from '@mcp-oauth/node/server';

const here = dirname(fileURLToPath(import.meta.url));
let root = here;
while (!existsSync(join(root, 'pnpm-workspace.yaml'))) root = dirname(root);
const node24 = join(root, 'node_modules/.bin/node');
const script = join(root, 'packages/node/test/fixtures/loopback-client.mjs'); // from the root: the runtime matrix runs a bundled copy of this file elsewhere
const sources = join(root, 'tools/source-hook.mjs');

const freePort = (): Promise<number> => new Promise((res) => { const s = createNetServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => res(p)); }); });

let server: Server;
let mcp = '';

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mcp = `${origin}/mcp`;
  const as = createAuthorizationServer({ issuer: origin, resources: [mcp], scopes: ['mcp:tools'], defaultScopes: ['mcp:tools'], autoApprove: { subject: 'u' } });
  const rs = createProtectedResource({ resource: mcp, authorizationServers: [origin], verifier: as.verifier(), scopesSupported: ['mcp:tools'] });
  server.on('request', toNodeHandler(async (request, context) => {
    if (new URL(request.url).pathname === '/mcp') {
      const auth = await rs.authenticate(request);
      return auth.ok ? Response.json({ subject: auth.principal.subject }) : auth.response;
    }
    return rs.handleMetadata(request) ?? as.handle(request, context);
  }, { origin }));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

interface Run { code: number | null; out: { status?: number; opened: number; error?: string }; stderr: string }

/** Runs the documented client once; a run that does not exit within 30 s is killed and fails (code null). */
function run(dir: string, port: number, any = false, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(node24, ['--no-warnings', '--import', sources, script, mcp, dir, String(port), any ? 'any' : 'fixed'], {
      env: { ...process.env, MCP_OAUTH_DEBUG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout!.on('data', (d) => { stdout += d; });
    child.stderr!.on('data', (d) => { stderr += d; });
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      let out: Run['out'] = { opened: -1 };
      try { out = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Run['out']; } catch { /* left as is */ }
      resolve({ code, out, stderr });
    });
  });
}

describe('loopbackAuthorize (RFC 8252 §7.3): a receiver only while an authorization needs it', () => {
  it('RFC 8252 §7.3: the documented client signs in once, and a second run with valid tokens reuses them, binds nothing and exits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-loopback-'));
    const port = await freePort();
    const first = await run(dir, port);
    expect(first).toMatchObject({ code: 0, out: { status: 200, opened: 1 } });
    const blocker = createNetServer(); // the fixed port is taken now: a run that tried to bind it would fail
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const second = await run(dir, port);
      expect(second).toMatchObject({ code: 0, out: { status: 200, opened: 0 } });
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 90_000);

  it('RFC 8252 §7.3: two instances signing in at once on one fixed port both succeed with anyPort (one falls back to a free port)', async () => {
    const port = await freePort();
    const [a, b] = await Promise.all([
      run(await mkdtemp(join(tmpdir(), 'mcp-oauth-loopback-')), port, true),
      run(await mkdtemp(join(tmpdir(), 'mcp-oauth-loopback-')), port, true),
    ]);
    expect(a).toMatchObject({ code: 0, out: { status: 200, opened: 1 } });
    expect(b).toMatchObject({ code: 0, out: { status: 200, opened: 1 } });
  }, 90_000);

  it('RFC 8252 §7.3: a taken fixed port without anyPort is the coded PortInUse, not a raw EADDRINUSE crash; with anyPort the sign-in uses a free port', async () => {
    const port = await freePort();
    const blocker = createNetServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const r = await run(await mkdtemp(join(tmpdir(), 'mcp-oauth-loopback-')), port);
      expect(r).toMatchObject({ code: 1, out: { error: 'PortInUse', opened: 0 } });
      expect(r.stderr).not.toContain('EADDRINUSE');
      const fallback = await run(await mkdtemp(join(tmpdir(), 'mcp-oauth-loopback-')), port, true); // anyPort: a free port instead
      expect(fallback).toMatchObject({ code: 0, out: { status: 200, opened: 1 } });
      await expect(startLoopbackReceiver({ port })).rejects.toMatchObject({ code: 'PortInUse' });
      const lazy = loopbackAuthorize({ port });
      await expect(lazy.redirectUri()).rejects.toBeInstanceOf(NodeError);
      const any = loopbackAuthorize({ port, anyPort: true });
      const uri = await any.redirectUri();
      expect(uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      expect(uri).not.toBe(`http://127.0.0.1:${port}/callback`);
      await any.close();
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 60_000);

  it('RFC 8252 §7.3: nothing listens before redirectUri() is called; the receiver closes after its callback', async () => {
    const port = await freePort();
    const lazy = loopbackAuthorize({ port, open: async (url) => {
      const cb = new URL(`http://127.0.0.1:${port}/callback`);
      cb.searchParams.set('code', 'c');
      cb.searchParams.set('state', url.searchParams.get('state')!);
      await (await fetch(cb)).text();
    } });
    const probe = createNetServer(); // the port is free: the lazy receiver has not bound it
    await new Promise<void>((r) => probe.listen(port, '127.0.0.1', () => r()));
    await new Promise((r) => probe.close(r));
    expect(await lazy.redirectUri()).toBe(`http://127.0.0.1:${port}/callback`);
    const callback = await lazy.authorize(new URL(`https://as.example.com/authorize?state=s1`));
    expect(new URL(callback).searchParams.get('state')).toBe('s1');
    await expect(fetch(`http://127.0.0.1:${port}/callback`)).rejects.toThrow(); // closed
    expect(() => loopbackAuthorize({ port: 70000 })).toThrow(RangeError);
  });

  it('MCP_OAUTH_DEBUG=1: the documented client prints discovery URLs, statuses and decisions on stderr, and no token, code or secret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-loopback-'));
    const r = await run(dir, await freePort(), false, { MCP_OAUTH_DEBUG: '1' });
    expect(r).toMatchObject({ code: 0, out: { status: 200, opened: 1 } });
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('mcp-oauth:'));
    expect(lines).toContain(`mcp-oauth: type=http method=GET url=${mcp} status=401`);
    expect(lines.some((l) => l.includes('/.well-known/oauth-protected-resource/mcp status=200'))).toBe(true);
    expect(lines).toContain('mcp-oauth: type=registration reason=dcr');
    expect(lines).toContain('mcp-oauth: type=authorize reason=401 scope=mcp:tools');
    const { fileTokenStore } = await import('@mcp-oauth/node/client');
    const record = await fileTokenStore(dir).load({ server: mcp, issuer: new URL(mcp).origin });
    for (const secret of [record?.tokens?.access_token, record?.tokens?.refresh_token].filter(Boolean)) {
      expect(r.stderr).not.toContain(secret);
    }
  }, 60_000);

  it('debugTrace is off unless MCP_OAUTH_DEBUG is 1 or true, and drops any field that is not a plain word or URL', () => {
    expect(debugTrace({ env: {} })).toBeUndefined();
    expect(debugTrace({ env: { MCP_OAUTH_DEBUG: '0' } })).toBeUndefined();
    const lines: string[] = [];
    const t = debugTrace({ env: { MCP_OAUTH_DEBUG: '1' }, write: (l) => lines.push(l) })!;
    t({ type: 'http', method: 'GET', url: 'https://as.example.com/token', status: 400 });
    t({ type: 'authorize', reason: '403', scope: 'a b "<x>\n' });
    expect(lines).toEqual(['mcp-oauth: type=http method=GET url=https://as.example.com/token status=400', 'mcp-oauth: type=authorize reason=403 scope=a,b']);
  });
});
