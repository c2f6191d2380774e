// Against a server we did not write (CONVENTIONS 17): node-oidc-provider (the `oidc-provider` package)
// as the authorization server, with resource indicators issuing JWT access tokens for the MCP
// server, revocation enabled, and a pre-registered public client. Its dev login and consent pages are
// filled in by a scripted browser. node-oidc-provider answers RFC 7009 revocation of a structured
// (JWT) access token with 400 unsupported_token_type, and revoking the refresh token ends the grant.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
import { fileTokenStore } from '@mcp-oauth/node';
import { runCli } from '@mcp-oauth/cli';
// @ts-expect-error: oidc-provider ships no type declarations
import Provider from 'oidc-provider';

const redirectUri = 'http://127.0.0.1:9/callback'; // never fetched: the scripted browser stops at it
let server: Server;
let origin = '';
let resource = '';
let dir = '';

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  resource = `${origin}/mcp`;
  const provider = new Provider(origin, {
    clients: [{
      client_id: 'mcp-cli', token_endpoint_auth_method: 'none', application_type: 'native',
      redirect_uris: [redirectUri], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
    }],
    cookies: { keys: ['a-test-only-cookie-key-0123456789'] },
    features: {
      revocation: { enabled: true, allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId: string }) => token.clientId === client.clientId },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (indicator !== resource) throw new Provider.errors.InvalidTarget();
          return { scope: 'mcp:tools', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: 600 };
        },
      },
    },
    issueRefreshToken: () => true,
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, RefreshToken: 600 },
    findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
  });
  const oidc = provider.callback();
  server.on('request', (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/mcp') {
      res.writeHead(401, { 'www-authenticate': `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"` }).end();
    } else if (path === '/.well-known/oauth-protected-resource/mcp') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ resource, authorization_servers: [origin], scopes_supported: ['mcp:tools'] }));
    } else {
      oidc(req, res);
    }
  });
  dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-oidc-provider-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

/** A user at node-oidc-provider's dev pages: logs in as `alice`, consents, returns the callback URL. */
async function browser(url: URL): Promise<string> {
  const jar = new Map<string, string>();
  let next = url.href;
  let form: URLSearchParams | undefined;
  for (let i = 0; i < 12; i++) {
    const res = await fetch(next, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { method: 'POST', body: form } : {}),
    });
    form = undefined;
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = res.headers.get('location');
    if (location) {
      next = new URL(location, next).href;
      if (next.startsWith(redirectUri)) return next;
      await res.body?.cancel();
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected page (${res.status})`);
    next = new URL(action, next).href;
    form = new URLSearchParams(prompt === 'login' ? { prompt, login: 'alice', password: 'any' } : { prompt });
  }
  throw new Error('too many steps');
}

describe('against node-oidc-provider', () => {
  it('A88: logout revokes the refresh token (ending the grant), node-oidc-provider answers unsupported_token_type for the JWT access token; exit 0 and it says the access token expires', async () => {
    const store = fileTokenStore(dir);
    const client = createMcpOAuthClient({
      serverUrl: resource, redirectUri, store, authorize: browser,
      registration: { preRegistered: { client_id: 'mcp-cli', token_endpoint_auth_method: 'none', issuer: origin } },
    });
    const tokens = await client.authorize();
    expect(tokens.issuer).toBe(origin);
    expect(tokens.access_token.split('.')).toHaveLength(3); // a JWT for the MCP server
    expect(tokens.refresh_token).toBeTruthy();

    // the same answer the cli gets, seen directly at the provider
    const direct = await fetch(`${origin}/token/revocation`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token, token_type_hint: 'access_token', client_id: 'mcp-cli' }),
    });
    expect(direct.status).toBe(400);
    expect(((await direct.json()) as { error: string }).error).toBe('unsupported_token_type');

    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), env: {} };
    expect(await runCli(['logout', resource, '--store-dir', dir], io)).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('refresh token revoked');
    expect(text).toContain('unsupported_token_type');
    expect(text).not.toContain('RevocationFailed');
    expect(text).not.toContain(tokens.access_token);
    expect(text).not.toContain(tokens.refresh_token!);
    expect((await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('server-'))).toEqual([]);

    // the refresh token, and with it the grant, is gone at the provider
    const refresh = await fetch(`${origin}/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: 'mcp-cli', resource }),
    });
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toBe('invalid_grant');
  });
});
