import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ClientFlowError, createDpopSession, createMcpOAuthClient, jwtBearerToken, processCallback, tokenExchange,
  memoryStore, revokeToken, webStorageStore, type AuthorizationTransaction,
} from '@mcp-oauth/client-flow';
import { createWorld } from './helpers/world';

const redirectUri = 'http://127.0.0.1:8765/callback';
const json = (v: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(v), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('flows beyond the authorization code', () => {
  it('an authorize hook that resolves nothing is completed by handleCallback', async () => {
    const w = createWorld();
    let pending: Promise<string> | undefined;
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: (u) => { pending = w.browser(u); } });
    const res = c.fetch(w.mcp);
    while (!pending) await new Promise((r) => setTimeout(r, 5));
    const tokens = await c.handleCallback(await pending!);
    expect(tokens.access_token).toMatch(/^at-/);
    expect((await res).status).toBe(200);
  });

  it('C-AUTH-2: a browser redirect flow survives the page reload through the store (webStorageStore)', async () => {
    const w = createWorld();
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k) };
    let navigatedTo: URL | undefined;
    const before = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, store: webStorageStore(storage), authorize: (u) => { navigatedTo = u; } });
    void before.fetch(w.mcp).catch(() => {}); // the page navigates away; this promise is abandoned
    while (!navigatedTo) await new Promise((r) => setTimeout(r, 5));
    const callback = await w.browser(navigatedTo);
    const after = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, store: webStorageStore(storage) });
    expect((await after.handleCallback(callback)).access_token).toMatch(/^at-/);
    expect((await after.fetch(w.mcp)).status).toBe(200);
    await expect(after.handleCallback(callback)).rejects.toMatchObject({ code: 'StateMismatch' });
  });

  it('RFC 7009: authorize() runs discovery and authorization up front; logout revokes and forgets the tokens', async () => {
    const w = createWorld({ prmDoc: { scopes_supported: ['a'] } });
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    const tokens = await c.authorize();
    expect(tokens.scope).toBe('a');
    expect(w.tokens.has(tokens.access_token)).toBe(true);
    await c.logout();
    expect(await c.tokens()).toBeUndefined();
    expect(w.tokens.has(tokens.access_token)).toBe(false); // revoked at the AS (RFC 7009)
    const revocations = w.seen.filter((x) => x.url.endsWith('/revoke')).map((x) => new URLSearchParams(x.body).get('token_type_hint'));
    expect(revocations).toEqual(['refresh_token', 'access_token']);
  });

  it('C-PRM-1: discover(challenge) tries only the challenge\'s resource_metadata; tokens() then finds the stored tokens with no request to the MCP server', async () => {
    const w = createWorld({ prm: 'header' });
    const store = memoryStore();
    const first = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, store });
    expect((await first.fetch(w.mcp)).status).toBe(200);
    const stored = await first.tokens();
    expect(stored?.access_token).toMatch(/^at-/);
    const probe = await w.fetch(w.mcp.href);
    const www = probe.headers.get('www-authenticate');
    const c = createMcpOAuthClient({ serverUrl: w.mcp, fetch: w.fetch, store });
    expect(await c.tokens()).toBeUndefined(); // nothing discovered yet
    const seen = w.seen.length;
    const d = await c.discover(www);
    const urls = w.seen.slice(seen).map((x) => x.url);
    expect(urls[0]).toBe(w.prmHeaderUrl);
    expect(urls).not.toContain(w.prmPathUrl);
    expect(urls).not.toContain(w.prmRootUrl);
    expect(d).toMatchObject({ resource: w.mcp.href, authorizationServer: { issuer: w.issuer }, protectedResource: { resource: w.mcp.href } });
    expect((await c.tokens())?.access_token).toBe(stored?.access_token);
    const after = w.seen.length;
    expect(await c.discover()).toEqual(d); // remembered: no new request
    expect(w.seen.length).toBe(after);
    expect(w.seen.slice(seen).some((x) => x.url === w.mcp.href)).toBe(false);
  });

  it('RFC 7009: logout reports what it did, forgets the tokens even when revocation fails, and forgetClient deletes the record', async () => {
    const w = createWorld();
    const store = memoryStore();
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, store });
    const key = { server: w.mcp.href, issuer: w.issuer };
    const first = await c.authorize();
    expect(await c.logout()).toEqual({
      hadTokens: true, revoked: true, revocationSupported: true,
      revokedTokens: ['refresh_token', 'access_token'], leftToExpire: [], failedTokens: [], accessTokenExpiresAt: first.expires_at,
    });
    expect(await store.load(key)).toMatchObject({ client: { client_id: expect.any(String) } }); // registration kept
    expect(await c.logout()).toEqual({ hadTokens: false, revoked: false, revocationSupported: true, revokedTokens: [], leftToExpire: [], failedTokens: [] });

    const t = await c.authorize();
    w.state.override = (r) => (r.url.endsWith('/revoke') ? new Response('{"error":"server_error"}', { status: 503 }) : undefined);
    expect(await c.logout({ forgetClient: true })).toEqual({
      hadTokens: true, revoked: false, revocationSupported: true,
      revokedTokens: [], leftToExpire: [], failedTokens: ['refresh_token', 'access_token'], accessTokenExpiresAt: t.expires_at,
    });
    expect(await store.load(key)).toBeUndefined(); // nothing stays, registration included
    expect(w.tokens.has(t.access_token)).toBe(true); // the AS did not revoke: the result said so

    const none = createWorld({ asMetadata: { revocation_endpoint: undefined } });
    const n = createMcpOAuthClient({ serverUrl: none.mcp, redirectUri, fetch: none.fetch, authorize: none.browser });
    const nt = await n.authorize();
    expect(await n.logout()).toEqual({
      hadTokens: true, revoked: false, revocationSupported: false,
      revokedTokens: [], leftToExpire: ['refresh_token', 'access_token'], failedTokens: [], accessTokenExpiresAt: nt.expires_at,
    });
    expect(await n.tokens()).toBeUndefined();
    expect(none.seen.some((x) => x.url.endsWith('/revoke'))).toBe(false);
  });

  it('A88: an AS that answers unsupported_token_type for its access tokens: the refresh token is revoked first, the access token is reported as left to expire', async () => {
    const w = createWorld();
    const store = memoryStore();
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, store });
    const t = await c.authorize();
    // RFC 7009 §2.2.1, as node-oidc-provider answers for JWT access tokens
    w.state.override = (r) => (r.url.endsWith('/revoke') && new URLSearchParams(r.body).get('token') === t.access_token
      ? json({ error: 'unsupported_token_type', error_description: 'structured tokens cannot be revoked' }, 400) : undefined);
    const r = await c.logout();
    expect(r).toEqual({
      hadTokens: true, revoked: false, revocationSupported: true,
      revokedTokens: ['refresh_token'], leftToExpire: ['access_token'], failedTokens: [], accessTokenExpiresAt: t.expires_at,
    });
    const hints = w.seen.filter((x) => x.url.endsWith('/revoke')).map((x) => new URLSearchParams(x.body).get('token_type_hint'));
    expect(hints).toEqual(['refresh_token', 'access_token']); // refresh token first: it ends the grant
    expect(await store.load({ server: w.mcp.href, issuer: w.issuer })).not.toHaveProperty('tokens');

    // the same answer for the refresh token is a failure: RFC 7009 §2.1 requires refresh-token revocation
    const t2 = await c.authorize();
    w.state.override = (x) => (x.url.endsWith('/revoke') && new URLSearchParams(x.body).get('token') === t2.refresh_token
      ? json({ error: 'unsupported_token_type' }, 400) : undefined);
    expect(await c.logout()).toMatchObject({ revokedTokens: ['access_token'], leftToExpire: [], failedTokens: ['refresh_token'] });
  });

  it('RFC 7009 §2.2.1: revokeToken rejects with TokenRequestFailed carrying the oauthError, url and status of the refusal', async () => {
    const w = createWorld();
    w.state.override = (r) => (r.url.endsWith('/revoke') ? json({ error: 'unsupported_token_type', error_description: 'no\u0007pe' }, 400) : undefined);
    const e = await revokeToken(w.state.asMetadata as never, { fetch: w.fetch, client: { client_id: 'c', token_endpoint_auth_method: 'none' }, token: 'at-secret-1' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClientFlowError);
    expect(e).toMatchObject({ code: 'TokenRequestFailed', oauthError: 'unsupported_token_type', errorDescription: 'nope', status: 400, url: 'https://as.example.com/revoke' });
    expect((e as Error).message).not.toContain('at-secret-1');
  });

  it('C-REG-1: without an authorize hook, user authorization is AuthorizationRequired', async () => {
    const w = createWorld();
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch });
    await expect(c.fetch(w.mcp)).rejects.toMatchObject({ code: 'AuthorizationRequired' });
  });

  it('RFC 9449 §9: a resource server DPoP nonce challenge is retried once with the nonce', async () => {
    const w = createWorld();
    let asked = 0;
    w.state.override = (r) => {
      if (r.url !== w.mcp.href || !r.headers.get('authorization')?.startsWith('DPoP ')) return undefined;
      const proof = JSON.parse(atob(r.headers.get('dpop')!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { nonce?: string };
      if (proof.nonce === 'rs-nonce') return undefined;
      asked++;
      return new Response('{}', { status: 401, headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'rs-nonce' } });
    };
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, dpop: await createDpopSession() });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(asked).toBe(1);
    expect(w.counters.authorize).toBe(1);
  });

  it('RFC 8693 §2.1 + RFC 7523 §2.1: token exchange for an ID-JAG, then the JWT-bearer grant', async () => {
    const seen: URLSearchParams[] = [];
    const fetch = async (input: Request | string | URL, init?: RequestInit) => {
      const body = new URLSearchParams(await new Request(input, init).text());
      seen.push(body);
      return body.get('grant_type')!.endsWith('token-exchange')
        ? json({ access_token: 'id-jag', issued_token_type: 'urn:ietf:params:oauth:token-type:id-jag', token_type: 'N_A' })
        : json({ access_token: 'at', token_type: 'Bearer', expires_in: 60 });
    };
    const idp = { issuer: 'https://idp.example.com', token_endpoint: 'https://idp.example.com/token' };
    const as = { issuer: 'https://as.example.com', token_endpoint: 'https://as.example.com/token' };
    const jag = await tokenExchange(idp, {
      fetch, client: { client_id: 'idp-client', token_endpoint_auth_method: 'none' }, subjectToken: 'id-token',
      subjectTokenType: 'urn:ietf:params:oauth:token-type:id_token', requestedTokenType: 'urn:ietf:params:oauth:token-type:id-jag',
      audience: as.issuer, resource: 'https://mcp.example.com/mcp',
    });
    expect(jag).toMatchObject({ access_token: 'id-jag', issued_token_type: 'urn:ietf:params:oauth:token-type:id-jag' });
    expect(Object.fromEntries(seen[0]!)).toMatchObject({ subject_token: 'id-token', audience: as.issuer, resource: 'https://mcp.example.com/mcp', client_id: 'idp-client' });
    const tokens = await jwtBearerToken(as, { fetch, assertion: jag.access_token, client: { client_id: 'c', token_endpoint_auth_method: 'none' } });
    expect(tokens.issuer).toBe(as.issuer);
    expect(Object.fromEntries(seen[1]!)).toMatchObject({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'id-jag' });
  });

  it('a custom grant (workload identity) is used instead of the authorization code, with errors surfaced, not retried', async () => {
    const w = createWorld();
    let calls = 0;
    const c = createMcpOAuthClient({
      serverUrl: w.mcp, fetch: w.fetch,
      grant: async () => { calls++; throw new ClientFlowError('TokenRequestFailed', { oauthError: 'invalid_grant' }); },
    });
    await expect(c.fetch(w.mcp)).rejects.toMatchObject({ code: 'TokenRequestFailed', oauthError: 'invalid_grant' });
    expect(calls).toBe(1);
  });

  it('A77/C-AUTH-2/C-AUTH-3: any callback query yields a code only for the right state and iss, else a coded error', () => {
    const tx: AuthorizationTransaction = { state: 'S', code_verifier: 'v'.repeat(43), issuer: 'https://as.example.com', iss_supported: true, redirect_uri: redirectUri, resource: 'r' };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.option(fc.constantFrom('S', 's', 'S ', '')), fc.option(fc.constantFrom('https://as.example.com', 'https://as.example.com/', '')), (junk, state, iss) => {
      const q = new URLSearchParams(junk);
      if (state !== null) q.set('state', state);
      if (iss !== null) q.set('iss', iss);
      try {
        const code = processCallback(`${redirectUri}?${q}`, tx);
        expect(state).toBe('S');
        expect(iss).toBe('https://as.example.com');
        expect(code).toBe(q.get('code'));
      } catch (e) {
        expect(e).toBeInstanceOf(ClientFlowError);
      }
    }), { numRuns: 300 });
    const big = 'a'.repeat(100_000);
    expect(() => processCallback(`${redirectUri}?state=${big}&code=${big}`, tx)).toThrowError(expect.objectContaining({ code: 'StateMismatch' }));
  });
});
