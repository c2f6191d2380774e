// SDK 2.x on the server side: mcpAuthHono on a real Hono app with an SDK 2.x McpServer behind it
// (no sockets: requests go through app.fetch), scopeChallenge, and the /v2 token verifier behind the
// SDK's own requireBearerAuth gate.
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createMcpHandler, McpServer, requireBearerAuth } from '@modelcontextprotocol/server';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { z } from 'zod';
import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
import { createAuthorizationServer, ServerFlowError, type Principal } from '@mcp-oauth/server-flow';
import { principalOf, scopeChallenge, sdkFetch } from '@mcp-oauth/mcp-sdk';
import { mcpAuthHono } from '@mcp-oauth/mcp-sdk/hono';
import { sdkTokenVerifier } from '@mcp-oauth/mcp-sdk/v2';

const ORIGIN = 'http://127.0.0.1:45999';
const APP = 'https://app.example.org';

function handler(): ReturnType<typeof createMcpHandler> {
  return createMcpHandler(() => {
    const server = new McpServer({ name: 'hono-test', version: '1.0.0' });
    server.registerTool('whoami', {}, async (ctx) => ({ content: [{ type: 'text', text: principalOf(ctx.http?.authInfo)?.subject ?? 'nobody' }] }));
    server.registerTool('run_workflow', { inputSchema: z.object({ name: z.string() }), scopeChallenge: scopeChallenge('mcp:exec:workflows:run') },
      async ({ name }) => ({ content: [{ type: 'text', text: `started ${name}` }] }));
    return server;
  });
}

function setup(extra: { clientAddress?: () => string; seen?: (string | undefined)[] } = {}): { app: Hono; fetch: typeof fetch } {
  const app = new Hono();
  const h = handler();
  const inner = createAuthorizationServer({ issuer: ORIGIN, resources: [`${ORIGIN}/mcp`], scopes: ['mcp:tools', 'mcp:exec:*'], defaultScopes: ['mcp:tools'], autoApprove: { subject: 'hono-user' } });
  const as = { ...inner, handle: (r: Request, c?: { clientAddress?: string }) => { extra.seen?.push(c?.clientAddress); return inner.handle(r, c); } };
  mcpAuthHono(app, {
    issuer: ORIGIN, scopes: ['mcp:tools', 'mcp:exec:*'], requiredScopes: ['mcp:tools'], authorizationServer: as, cors: { origins: [APP] },
    clientAddress: extra.clientAddress ?? (() => '127.0.0.1'),
    mcp: (request, authInfo) => h.fetch(request, { authInfo }),
  });
  app.get('/', (c) => c.text('home'));
  const f = ((input: string | URL | Request, init?: RequestInit) => app.fetch(new Request(input, init))) as typeof fetch;
  return { app, fetch: f };
}

function oauthClient(f: typeof fetch): { oauth: ReturnType<typeof createMcpOAuthClient>; authorizations: URL[] } {
  const authorizations: URL[] = [];
  const oauth = createMcpOAuthClient({
    serverUrl: `${ORIGIN}/mcp`, redirectUri: 'http://127.0.0.1/callback', registration: { clientName: 'hono test' }, fetch: f,
    async authorize(url) { authorizations.push(url); return (await f(url, { redirect: 'manual' })).headers.get('location')!; },
  });
  return { oauth, authorizations };
}

describe('mcpAuthHono (Hono + SDK 2.x createMcpHandler)', () => {
  it.each(['POST', 'GET', 'DELETE'])('R-PRM-2: %s /mcp without a token is 401 with resource_metadata and scope="mcp:tools"', async (method) => {
    const { fetch: f } = setup();
    const res = await f(`${ORIGIN}/mcp`, { method });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${ORIGIN}/.well-known/oauth-protected-resource/mcp", scope="mcp:tools"`);
  });

  it('R-PRM-1, RFC 8414 §3.3: PRM and AS metadata are served on the issuer origin, whatever the Host the request came with', async () => {
    const { fetch: f } = setup();
    const prm = await (await f('http://evil.example/.well-known/oauth-protected-resource/mcp')).json() as { resource: string };
    expect(prm.resource).toBe(`${ORIGIN}/mcp`);
    const md = await (await f('http://evil.example/.well-known/oauth-authorization-server')).json() as { issuer: string; token_endpoint: string };
    expect(md).toMatchObject({ issuer: ORIGIN, token_endpoint: `${ORIGIN}/token` });
  });

  it('C-AUTH-1, C-TOK-3: client-flow as the fetch of the SDK 2.x client transport authorizes, calls a tool (principal in ctx.http.authInfo), and steps up on the 403 of a scopeChallenge', async () => {
    const { fetch: f } = setup();
    const { oauth, authorizations } = oauthClient(f);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${ORIGIN}/mcp`), { fetch: sdkFetch(oauth) }));
    const who = await client.callTool({ name: 'whoami', arguments: {} }) as { content: { text: string }[] };
    expect(who.content[0]!.text).toBe('hono-user');
    const run = await client.callTool({ name: 'run_workflow', arguments: { name: 'nightly' } }) as { content: { text: string }[] };
    expect(run.content[0]!.text).toBe('started nightly');
    expect(authorizations).toHaveLength(2);
    expect(authorizations[1]!.searchParams.get('scope')?.split(' ').sort()).toEqual(['mcp:exec:workflows:run', 'mcp:tools']);
    await client.close();
  });

  it('R-TOK-4: a token without the tool\'s scope gets 403 insufficient_scope naming it; RFC 9110 §15.5.6: another method is 405 with Allow after the token check', async () => {
    const { fetch: f } = setup();
    const { oauth } = oauthClient(f);
    const { access_token } = await oauth.authorize('mcp:tools');
    const res = await f(`${ORIGIN}/mcp`, {
      method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'run_workflow', arguments: { name: 'x' } } }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect(res.headers.get('www-authenticate')).toContain('scope="mcp:exec:workflows:run"');
    expect((await f(`${ORIGIN}/mcp`, { method: 'PUT' })).status).toBe(401);
    const put = await f(`${ORIGIN}/mcp`, { method: 'PUT', headers: { authorization: `Bearer ${access_token}` } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, GET, DELETE');
  });

  it('CORS: preflight at /mcp for an allowed origin (403 for others), CORS headers on challenges and MCP responses, * on the AS endpoints', async () => {
    const { fetch: f } = setup();
    const pre = await f(`${ORIGIN}/mcp`, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP);
    expect((await f(`${ORIGIN}/mcp`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })).status).toBe(403);
    const challenge = await f(`${ORIGIN}/mcp`, { method: 'POST', headers: { origin: APP } });
    expect(challenge.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('www-authenticate');
    const { oauth } = oauthClient(f);
    const { access_token } = await oauth.authorize('mcp:tools');
    const ok = await f(`${ORIGIN}/mcp`, {
      method: 'POST', headers: { origin: APP, authorization: `Bearer ${access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    const token = await f(`${ORIGIN}/token`, { method: 'OPTIONS', headers: { origin: 'https://any.example', 'access-control-request-method': 'POST' } });
    expect(token.status).toBe(204);
    expect(token.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('A-DOS-1: the clientAddress option feeds the registration rate limit; other paths fall through to the app\'s routes', async () => {
    const seen: (string | undefined)[] = [];
    const { fetch: f } = setup({ clientAddress: () => '203.0.113.9', seen });
    const reg = await f(`${ORIGIN}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'none' }) });
    expect(reg.status).toBe(201);
    expect(seen).toContain('203.0.113.9');
    expect(await (await f(`${ORIGIN}/`)).text()).toBe('home');
    expect((await f(`${ORIGIN}/nothing`)).status).toBe(404);
  });

  it('TypeError for caller mistakes', () => {
    const base = { issuer: ORIGIN, scopes: ['mcp:tools'], autoApprove: { subject: 'x' }, mcp: () => new Response(), clientAddress: () => '127.0.0.1' };
    expect(() => mcpAuthHono(new Hono(), base)).not.toThrow();
    expect(() => mcpAuthHono(new Hono(), { ...base, mcp: undefined as never })).toThrow(TypeError);
    expect(() => mcpAuthHono(new Hono(), { ...base, path: 'mcp' })).toThrow(TypeError);
    expect(() => mcpAuthHono({} as never, base)).toThrow(TypeError);
    // A82: registration on and no way to know the caller's address is a startup error, not one shared bucket
    const { clientAddress: _, ...noAddress } = base;
    expect(() => mcpAuthHono(new Hono(), noAddress)).toThrow(TypeError);
    expect(() => mcpAuthHono(new Hono(), { ...noAddress, registration: false })).not.toThrow();
    expect(() => mcpAuthHono(new Hono(), { ...noAddress, trustedProxyHeader: 'x-forwarded-for' })).not.toThrow();
  });
});

describe('scopeChallenge (SDK 2.x per-tool hook)', () => {
  const info = (scopes: string[]): { authInfo: { token: string; clientId: string; scopes: string[] } } => ({ authInfo: { token: 't', clientId: 'c', scopes } });
  it('R-TOK-4: challenges for every scope the tool needs; the hierarchy is honoured; no authInfo is left to the gate', () => {
    const h = scopeChallenge('mcp:exec:workflows:run', 'mcp:tools');
    expect(h(info(['mcp:tools']))).toEqual({ scopes: ['mcp:exec:workflows:run', 'mcp:tools'] });
    expect(h(info(['mcp:tools', 'mcp:exec:*']))).toBeUndefined();
    expect(h({})).toBeUndefined();
    expect(() => scopeChallenge('bad scope')).toThrow(TypeError);
    expect(() => (scopeChallenge as (...s: string[]) => unknown)()).toThrow(TypeError);
  });
});

describe('sdkTokenVerifier (/v2) behind the SDK 2.x requireBearerAuth gate', () => {
  const resource = 'https://mcp.example.com/mcp';
  const principal: Principal = { subject: 'u', clientId: 'c', hasUser: true, scopes: ['mcp:tools'], resource, issuer: 'https://mcp.example.com', expiresAt: Math.floor(Date.now() / 1000) + 600 };
  const gate = (verifier: (t: string, r: string) => Promise<Principal>): ((r: Request) => Promise<unknown>) =>
    requireBearerAuth({ verifier: sdkTokenVerifier({ resource, verifier, resourceMetadataUrl: `${resource}/prm` }), expectedResource: new URL(resource), resourceMetadataUrl: `${resource}/prm` });
  const req = (token: string): Request => new Request(resource, { headers: { authorization: `Bearer ${token}` } });

  it('R-TOK-1: a valid token becomes the SDK\'s AuthInfo with the principal inside; an invalid one is the SDK\'s 401 invalid_token', async () => {
    const ok = await gate(async () => principal)(req('good'));
    expect(ok).not.toBeInstanceOf(Response);
    expect(principalOf(ok as never)).toEqual(principal);
    expect((ok as { resourceMetadataUrl: string }).resourceMetadataUrl).toBe(`${resource}/prm`);
    const bad = await gate(async () => { throw new ServerFlowError('InvalidToken'); })(req('bad')) as Response;
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('R-TOK-2: a principal for another resource is refused (401); an unreachable verifier is a 500, never a 401', async () => {
    const other = await gate(async () => ({ ...principal, resource: 'https://other.example/mcp' }))(req('t')) as Response;
    expect(other.status).toBe(401);
    const down = await gate(async () => { throw new ServerFlowError('UpstreamFailed'); })(req('t')) as Response;
    expect(down.status).toBe(500);
  });
});
