// mcpAuth: the one-call mount on node:http and Express, attacked over HTTP on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
import type { Principal } from '@mcp-oauth/server-flow';
import { mcpAuth, nodeCryptoProvider, type McpAuthMount } from '@mcp-oauth/node';

const APP = 'https://app.example.org';
const freePort = (): Promise<number> => new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => resolve(p)); }); });

interface Running { origin: string; server: Server; mount: McpAuthMount<IncomingMessage, ServerResponse> }

/** The MCP handler: echoes what the mount handed over. */
function echo(req: IncomingMessage & { auth?: unknown }, res: ServerResponse, principal: Principal): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ method: req.method, subject: principal.subject, scopes: principal.scopes, auth: req.auth }));
}

async function start(kind: 'node:http' | 'express'): Promise<Running> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const options = {
    issuer: origin, scopes: ['mcp:tools', 'mcp:exec:*'], defaultScopes: ['mcp:tools'], requiredScopes: ['mcp:tools'],
    autoApprove: { subject: 'mount-user' }, cors: { origins: [APP] },
    authInfo: (p: Principal, token: string) => ({ clientId: p.clientId, tokenLength: token.length }),
    mcp: echo,
  };
  let server: Server;
  let mount: McpAuthMount<IncomingMessage, ServerResponse>;
  if (kind === 'express') {
    const app = express();
    mount = mcpAuth(app, options);
    app.get('/', (_req, res) => { res.type('text/plain').send('home'); });
    server = createServer(app);
  } else {
    server = createServer();
    mount = mcpAuth(server, options);
  }
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { origin, server, mount };
}

function client(origin: string): ReturnType<typeof createMcpOAuthClient> {
  return createMcpOAuthClient({
    serverUrl: `${origin}/mcp`, redirectUri: 'http://127.0.0.1/callback', registration: { clientName: 'mount test' },
    async authorize(url) {
      const res = await fetch(url, { redirect: 'manual' });
      return res.headers.get('location')!;
    },
  });
}

describe.each(['node:http', 'express'] as const)('mcpAuth on %s', (kind) => {
  let r: Running;
  beforeAll(async () => { r = await start(kind); });
  afterAll(() => new Promise<void>((resolve) => { r.server.close(() => resolve()); r.server.closeAllConnections(); }));

  it.each(['POST', 'GET', 'DELETE'])('R-PRM-2: %s /mcp without a token is 401 with resource_metadata and scope="mcp:tools"', async (method) => {
    const res = await fetch(`${r.origin}/mcp`, { method, ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}) });
    expect(res.status).toBe(401);
    const www = res.headers.get('www-authenticate') ?? '';
    expect(www).toContain(`resource_metadata="${r.origin}/.well-known/oauth-protected-resource/mcp"`);
    expect(www).toContain('scope="mcp:tools"');
    expect(www).not.toContain('error=');
  });

  it('R-PRM-1, A-MD-1: the PRM document and the AS metadata are served at their well-known paths, on the configured origin whatever the Host header', async () => {
    const prm = await (await fetch(`${r.origin}/.well-known/oauth-protected-resource/mcp`)).json() as { resource: string; authorization_servers: string[]; scopes_supported: string[] };
    expect(prm).toMatchObject({ resource: `${r.origin}/mcp`, authorization_servers: [r.origin], scopes_supported: ['mcp:tools'] });
    const md = await (await fetch(`${r.origin}/.well-known/oauth-authorization-server`)).json() as Record<string, unknown>;
    expect(md['issuer']).toBe(r.origin);
    expect(md['code_challenge_methods_supported']).toEqual(['S256']);
    expect(md['registration_endpoint']).toBe(`${r.origin}/register`);
    const forged = await new Promise<string>((resolve, reject) => {
      const u = new URL(`${r.origin}/.well-known/oauth-protected-resource/mcp`);
      import('node:http').then(({ request }) => request({ host: u.hostname, port: u.port, path: u.pathname, headers: { host: 'evil.example' } }, (res) => {
        let b = ''; res.setEncoding('utf8').on('data', (d: string) => (b += d)).on('end', () => resolve(b));
      }).on('error', reject).end(), reject);
    });
    expect(JSON.parse(forged).resource).toBe(`${r.origin}/mcp`);
  });

  it('C-AUTH-1: client-flow registers, authorizes and reaches the handler with the principal on POST, GET and DELETE; req.auth comes from the authInfo hook', async () => {
    const c = client(r.origin);
    for (const method of ['POST', 'GET', 'DELETE']) {
      const res = await c.fetch(`${r.origin}/mcp`, { method, ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}) });
      expect(res.status).toBe(200);
      const body = await res.json() as { method: string; subject: string; scopes: string[]; auth: { clientId: string; tokenLength: number } };
      expect(body.method).toBe(method);
      expect(body.subject).toBe('mount-user');
      expect(body.scopes).toEqual(['mcp:tools']);
      expect(body.auth.tokenLength).toBeGreaterThan(20);
      expect(body.auth.clientId).toMatch(/\S/);
    }
  });

  it('RFC 9110 §15.5.6: a method the handler does not take is 405 with Allow, after the token check', async () => {
    expect((await fetch(`${r.origin}/mcp`, { method: 'PUT' })).status).toBe(401);
    const c = client(r.origin);
    const { access_token } = await c.authorize('mcp:tools');
    const res = await fetch(`${r.origin}/mcp`, { method: 'PUT', headers: { authorization: `Bearer ${access_token}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, GET, DELETE');
  });

  it('R-TOK-1: a token that is not ours is 401 invalid_token; R-TOK-5: a token in the query string is never accepted (401 alone, 400 beside a header)', async () => {
    const bad = await fetch(`${r.origin}/mcp`, { method: 'POST', headers: { authorization: 'Bearer not.a.token' }, body: '{}' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await fetch(`${r.origin}/mcp?access_token=abc`)).status).toBe(401);
    expect((await fetch(`${r.origin}/mcp?access_token=abc`, { headers: { authorization: 'Bearer abc' } })).status).toBe(400);
  });

  it('CORS: the MCP endpoint answers an allowed preflight and refuses others; the AS endpoints and PRM allow any origin', async () => {
    const pre = await fetch(`${r.origin}/mcp`, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP);
    const denied = await fetch(`${r.origin}/mcp`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(denied.status).toBe(403);
    const challenge = await fetch(`${r.origin}/mcp`, { method: 'POST', headers: { origin: APP } });
    expect(challenge.headers.get('access-control-allow-origin')).toBe(APP);
    expect(challenge.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('www-authenticate');
    const token = await fetch(`${r.origin}/token`, { method: 'OPTIONS', headers: { origin: 'https://any.example', 'access-control-request-method': 'POST' } });
    expect(token.status).toBe(204);
    expect(token.headers.get('access-control-allow-origin')).toBe('*');
    const prm = await fetch(`${r.origin}/.well-known/oauth-protected-resource/mcp`, { method: 'OPTIONS', headers: { origin: 'https://any.example', 'access-control-request-method': 'GET' } });
    expect(prm.status).toBe(204);
  });

  it('A-DOS-1: registration is keyed by the peer address (the mount passes clientAddress)', async () => {
    const register = (): Promise<Response> => fetch(`${r.origin}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['http://127.0.0.1/cb'], client_name: 'x', token_endpoint_auth_method: 'none' }) });
    const res = await register();
    expect(res.status).toBe(201);
  });

  if (kind === 'express') {
    it('Express: paths the mount does not serve fall through to the app\'s routes', async () => {
      expect(await (await fetch(`${r.origin}/`)).text()).toBe('home');
      expect((await fetch(`${r.origin}/nothing-here`)).status).toBe(404);
    });
  }
});

describe('mcpAuth with a given authorization server', () => {
  it('A-DOS-1: the peer address reaches the authorization server as clientAddress (the registration rate limit is per caller)', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const { createAuthorizationServer } = await import('@mcp-oauth/server-flow');
    const inner = createAuthorizationServer({ issuer: origin, resources: [`${origin}/mcp`], scopes: ['mcp:tools'], autoApprove: { subject: 'x' } });
    const seen: (string | undefined)[] = [];
    const as = { ...inner, handle: (request: Request, context?: { clientAddress?: string }) => { seen.push(context?.clientAddress); return inner.handle(request, context); } };
    const server = createServer();
    mcpAuth(server, { issuer: origin, scopes: ['mcp:tools'], authorizationServer: as, mcp: echo });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const res = await fetch(`${origin}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['http://127.0.0.1/cb'], client_name: 'x', token_endpoint_auth_method: 'none' }) });
      expect(res.status).toBe(201);
      expect(seen).toEqual(['127.0.0.1']);
    } finally {
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    }
  });
});

describe('mcpAuth nodeHandler options', () => {
  it('Express: nodeHandler options reach the AS adapter (fallthrough: false answers the 404 itself)', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const app = express();
    mcpAuth(app, { issuer: origin, scopes: ['mcp:tools'], autoApprove: { subject: 'x' }, mcp: echo, nodeHandler: { fallthrough: false } });
    app.get('/later', (_req, res) => { res.send('unreachable'); });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const res = await fetch(`${origin}/later`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'not_found' });
    } finally {
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    }
  });
});

describe('mcpAuth (caller mistakes)', () => {
  it('TypeError for a missing handler, a relative path or a target that is neither an app nor a server', () => {
    const base = { issuer: 'http://127.0.0.1:1', scopes: ['mcp:tools'], autoApprove: { subject: 'x' }, mcp: echo };
    expect(() => mcpAuth(createServer(), { ...base, mcp: undefined as never })).toThrow(TypeError);
    expect(() => mcpAuth(createServer(), { ...base, path: 'mcp' })).toThrow(TypeError);
    expect(() => mcpAuth({} as never, base)).toThrow(TypeError);
  });
});

describe('issue #16: mcpAuth serves the authorization server on the lazy bridge, with a crypto provider', () => {
  it.each([['lazy (default)', undefined], ['web (nodeHandler.bridge)', 'web']] as const)('issue #16: bridge %s: the login hook sees the bridge\'s Request; a given `crypto` hashes, draws and signs; the token works at /mcp', async (_label, bridge) => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const seen: { lazy: boolean; isRequest: boolean }[] = [];
    const node = nodeCryptoProvider();
    const used = { digest: 0, random: 0, sign: 0 };
    const counting: typeof node = {
      ...node,
      digest: (a, d) => { used.digest++; return node.digest!(a, d); },
      random: (n) => { used.random++; return node.random!(n); },
      sign: (...a) => { used.sign++; return node.sign(...a); },
    };
    const server = createServer();
    mcpAuth(server, {
      issuer: origin, scopes: ['mcp:tools'], defaultScopes: ['mcp:tools'], requiredScopes: ['mcp:tools'], mcp: echo, crypto: counting, consent: async () => 'approve' as const,
      authenticate: async (request) => { seen.push({ lazy: Object.getPrototypeOf(request) !== Request.prototype, isRequest: request instanceof Request }); return { subject: 'hook-user' }; },
      ...(bridge ? { nodeHandler: { bridge } } : {}),
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const c = client(origin);
      const { access_token } = await c.authorize('mcp:tools');
      expect(seen.length).toBeGreaterThan(0);
      for (const s of seen) expect(s).toEqual({ lazy: bridge === undefined, isRequest: true });
      expect(used.digest).toBeGreaterThan(0);
      expect(used.random).toBeGreaterThan(0);
      expect(used.sign).toBe(1);
      const res = await fetch(`${origin}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { subject: string }).subject).toBe('hook-user');
    } finally {
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    }
  });
});
