// End to end over real HTTP on 127.0.0.1: client-flow against server-flow's authorization server
// and protected resource, served by @mcp-oauth/node's toNodeHandler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMcpOAuthClient, discoverAuthorizationServer, revokeToken } from '@mcp-oauth/client-flow';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import { fileTokenStore, toNodeHandler } from '@mcp-oauth/node';

let server: Server;
let origin = '';
let clock = Date.now();
const now = (): number => clock;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resource = `${origin}/mcp`;
  const as = createAuthorizationServer({
    issuer: origin, resources: [resource], scopes: ['mcp:tools', 'mcp:exec:*'], defaultScopes: ['mcp:tools'],
    autoApprove: { subject: 'e2e-user' }, now, tokens: { accessTokenTtl: 600 },
  });
  const rs = createProtectedResource({ resource, authorizationServers: [origin], verifier: as.verifier(), scopesSupported: ['mcp:tools'] });
  const handle = async (request: Request, context: { clientAddress?: string }): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/mcp') {
      const auth = await rs.authenticate(request);
      if (!auth.ok) return auth.response;
      const need = url.searchParams.get('need');
      const denied = need ? rs.requireScopes(auth.principal, [need]) : undefined;
      return denied ?? Response.json({ subject: auth.principal.subject, scopes: auth.principal.scopes });
    }
    return rs.handleMetadata(request) ?? as.handle(request, context);
  };
  server.on('request', toNodeHandler(handle, { origin }));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** The user's browser: the auto-approving AS answers the authorization URL with a redirect. */
async function browser(url: URL): Promise<string> {
  let next = url.href;
  for (let i = 0; i < 5; i++) {
    const res = await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (!location) throw new Error(`no redirect (${res.status})`);
    next = new URL(location, next).href;
    if (next.startsWith('http://127.0.0.1:9/')) return next;
  }
  throw new Error('too many redirects');
}

describe('client-flow against server-flow over HTTP', () => {
  it('C-TOK-1/C-TOK-2/C-TOK-3: 401 → discovery → DCR → PKCE → token → step-up → refresh → revocation → 401 → re-authorization', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-e2e-'));
    let authorizations = 0;
    const c = createMcpOAuthClient({
      serverUrl: `${origin}/mcp`, redirectUri: 'http://127.0.0.1:9/callback', now, store: fileTokenStore(dir),
      registration: { clientName: 'e2e' }, authorize: (u) => { authorizations++; return browser(u); },
    });
    const first = await c.fetch(`${origin}/mcp`);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ subject: 'e2e-user' });
    expect(authorizations).toBe(1);

    const stepUp = await c.fetch(`${origin}/mcp?need=mcp:exec:workflows:run`);
    expect(stepUp.status).toBe(200);
    expect(((await stepUp.json()) as { scopes: string[] }).scopes).toContain('mcp:exec:workflows:run');
    expect(authorizations).toBe(2);

    const before = (await c.tokens())!;
    clock += 590_000; // within the 60 s leeway of expiry
    expect((await c.fetch(`${origin}/mcp`)).status).toBe(200);
    const after = (await c.tokens())!;
    expect(after.access_token).not.toBe(before.access_token);
    expect(authorizations).toBe(2);

    const as = await discoverAuthorizationServer(origin);
    const record = await fileTokenStore(dir).load({ server: `${origin}/mcp`, issuer: origin });
    expect(await revokeToken(as, { client: record!.client!, token: after.refresh_token!, tokenTypeHint: 'refresh_token' })).toBe(true);
    const again = await c.fetch(`${origin}/mcp`);
    expect(again.status).toBe(200);
    expect(authorizations).toBe(3);

    // A second client on the same store needs no login.
    const d = createMcpOAuthClient({ serverUrl: `${origin}/mcp`, redirectUri: 'http://127.0.0.1:9/callback', now, store: fileTokenStore(dir), authorize: () => { throw new Error('no login'); } });
    expect((await d.fetch(`${origin}/mcp`)).status).toBe(200);
  });
});
