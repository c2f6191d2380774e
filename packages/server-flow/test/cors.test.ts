import { describe, expect, it } from 'vitest';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import { ISSUER, RESOURCE, bearer, fullFlow, post, register, setup } from './helpers';

const APP = 'https://app.example.org';
const PRM = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
const preflight = (url: string, method: string, headers = 'authorization, content-type, mcp-protocol-version, dpop'): Request =>
  new Request(url, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': method, 'access-control-request-headers': headers } });
const list = (v: string | null): string[] => (v ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
/** Browser pages forbid setting `Origin` on a constructed Request (a forbidden header name); origin-allowlist tests need it. */
const originSettable = new Request('https://x.example', { headers: { origin: APP } }).headers.get('origin') === APP;
/** Methods are case-sensitive in CORS (Fetch §4.8): compare them as sent. */
const methodsOf = (v: string | null): string[] => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

describe('CORS on the authorization server', () => {
  it.each([
    ['/.well-known/oauth-authorization-server', 'GET', ['GET']],
    ['/jwks', 'GET', ['GET']],
    ['/token', 'POST', ['POST']],
    ['/revoke', 'POST', ['POST']],
    ['/register', 'POST', ['POST']],
  ])('RFC 8414 §3: OPTIONS %s is a 204 preflight allowing the MCP and DPoP headers', async (path, method, methods) => {
    const { as } = setup();
    const res = await as.handle(preflight(`${ISSUER}${path}`, method));
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(methodsOf(res.headers.get('access-control-allow-methods'))).toEqual(expect.arrayContaining(methods));
    expect(list(res.headers.get('access-control-allow-headers'))).toEqual(expect.arrayContaining(['authorization', 'content-type', 'mcp-protocol-version', 'dpop']));
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(await res.text()).toBe('');
  });

  it('RFC 7592 §2: /register/<id> preflight allows GET, PUT and DELETE; its responses are readable cross-origin', async () => {
    const { as } = setup();
    const c = await register(as);
    const url = `${ISSUER}/register/${encodeURIComponent(c.client_id)}`;
    for (const m of ['PUT', 'DELETE', 'GET']) {
      const res = await as.handle(preflight(url, m));
      expect(res.status).toBe(204);
      expect(methodsOf(res.headers.get('access-control-allow-methods'))).toContain(m);
    }
    const del = await as.handle(new Request(url, { method: 'DELETE', headers: { origin: APP, authorization: `Bearer ${c.registration_access_token}` } }));
    expect(del.status).toBe(204);
    expect(del.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('RFC 6749 §5.2: token responses, successes and errors (even a thrown 413), carry CORS and expose WWW-Authenticate and DPoP-Nonce', async () => {
    const { as } = setup();
    const bad = await as.handle(post(`${ISSUER}/token`, { grant_type: 'authorization_code', code: 'nope', client_id: 'x', redirect_uri: 'https://x.example/cb', code_verifier: 'v'.repeat(43) }, { origin: APP }));
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
    expect(list(bad.headers.get('access-control-expose-headers'))).toEqual(expect.arrayContaining(['www-authenticate', 'dpop-nonce']));
    const big = await as.handle(post(`${ISSUER}/token`, `grant_type=${'x'.repeat(40_000)}`, { origin: APP }));
    expect(big.status).toBe(413);
    expect(big.headers.get('access-control-allow-origin')).toBe('*');
    const meta = await as.handle(new Request(`${ISSUER}/.well-known/oauth-authorization-server`, { headers: { origin: APP } }));
    expect(meta.status).toBe(200);
    expect(meta.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('A-CONS-1: /authorize, consent, introspection and unknown paths carry no CORS headers and answer no preflight', async () => {
    const { as } = setup();
    for (const path of ['/authorize', '/authorize/consent', '/introspect', '/nowhere']) {
      const res = await as.handle(preflight(`${ISSUER}${path}`, 'POST'));
      expect(res.status).not.toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    const page = await as.handle(new Request(`${ISSUER}/authorize?client_id=x`, { headers: { origin: APP } }));
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('RFC 7591 §3: with registration disabled, /register answers no preflight', async () => {
    const { as } = setup({ registration: false });
    expect((await as.handle(preflight(`${ISSUER}/register`, 'POST'))).status).toBe(404);
  });
});

describe('CORS on the protected resource', () => {
  it('R-PRM-1: OPTIONS on the PRM document is a 204 preflight allowing MCP-Protocol-Version, whatever `cors` says', async () => {
    const { rs } = setup();
    const res = rs.handleMetadata(preflight(PRM, 'GET', 'mcp-protocol-version'))!;
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(list(res.headers.get('access-control-allow-headers'))).toContain('mcp-protocol-version');
    expect(methodsOf(res.headers.get('access-control-allow-methods'))).toContain('GET');
    const post405 = rs.handleMetadata(new Request(PRM, { method: 'POST' }))!;
    expect(post405.status).toBe(405);
    expect(rs.handleMetadata(new Request(PRM, { headers: { origin: APP } }))!.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('RFC 6750 §3: without `cors` the challenges carry no CORS headers and no preflight is answered', async () => {
    const { rs } = setup();
    const r = await rs.authenticate(new Request(RESOURCE, { headers: { origin: APP } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.response.headers.get('access-control-allow-origin')).toBeNull();
    expect(rs.corsHeaders(new Request(RESOURCE, { headers: { origin: APP } }))).toEqual({});
    expect(rs.handlePreflight(preflight(RESOURCE, 'POST'))).toBeUndefined();
  });

  it.skipIf(!originSettable)('RFC 6750 §3: with an origin allowlist, 401/403 challenges expose WWW-Authenticate to that origin only', async () => {
    const { as } = setup();
    const rs = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: as.verifier(), requiredScopes: ['mcp:tools'], cors: { origins: [APP] } });
    const none = await rs.authenticate(new Request(RESOURCE, { headers: { origin: APP } }));
    if (none.ok) throw new Error('expected a challenge');
    expect(none.response.status).toBe(401);
    expect(none.response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(list(none.response.headers.get('access-control-expose-headers'))).toContain('www-authenticate');
    expect(list(none.response.headers.get('vary'))).toContain('origin');
    const bad = await rs.authenticate(bearer('not.a.jwt', { headers: { origin: APP } }));
    if (bad.ok) throw new Error('expected a challenge');
    expect(bad.response.headers.get('access-control-allow-origin')).toBe(APP);
    const other = await rs.authenticate(new Request(RESOURCE, { headers: { origin: 'https://evil.example' } }));
    if (other.ok) throw new Error('expected a challenge');
    expect(other.response.headers.get('access-control-allow-origin')).toBeNull();
    expect(list(other.response.headers.get('vary'))).toContain('origin');
    const { tokens } = await fullFlow(as);
    const ok = await rs.authenticate(bearer(tokens.access_token, { headers: { origin: APP } }));
    if (!ok.ok) throw new Error('expected a principal');
    const denied = rs.requireScopes(ok.principal, ['mcp:read'], bearer(tokens.access_token, { headers: { origin: APP } }))!;
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBe(APP);
    expect(rs.corsHeaders(new Request(RESOURCE, { headers: { origin: APP } }))['access-control-allow-origin']).toBe(APP);
  });

  it.skipIf(!originSettable)('RFC 6750 §3: `cors` preflight at the resource path allows the MCP headers for allowed origins only', async () => {
    const rs = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: async () => { throw new Error('x'); }, cors: { origins: [APP] } });
    const res = rs.handlePreflight(preflight(RESOURCE, 'POST'))!;
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(list(res.headers.get('access-control-allow-headers'))).toEqual(expect.arrayContaining(['authorization', 'content-type', 'mcp-protocol-version', 'mcp-session-id', 'last-event-id']));
    const evil = rs.handlePreflight(new Request(RESOURCE, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }))!;
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(rs.handlePreflight(new Request(RESOURCE))).toBeUndefined();
    expect(rs.handlePreflight(new Request('https://mcp.example.com/other', { method: 'OPTIONS' }))).toBeUndefined();
  });

  it("RFC 6750 §3: cors '*' answers every origin with *; invalid cors options are TypeErrors", async () => {
    const rs = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: async () => { throw new Error('x'); }, cors: { origins: '*' } });
    const r = await rs.authenticate(new Request(RESOURCE, { headers: { origin: 'https://any.example' } }));
    if (r.ok) throw new Error('expected a challenge');
    expect(r.response.headers.get('access-control-allow-origin')).toBe('*');
    const mk = (cors: unknown) => () => createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: async () => { throw new Error('x'); }, cors: cors as never });
    for (const bad of [{ origins: ['https://app.example.org/'] }, { origins: ['app.example.org'] }, { origins: 'https://app.example.org' }, { origins: ['null'] }, { origins: [APP, 42] }]) {
      expect(mk(bad)).toThrow(TypeError);
    }
  });
});

describe('delegation callback URL', () => {
  it('RFC 6749 §3.1.2: the AS exposes the redirect URI to register upstream, with the issuer path and a custom path', () => {
    const upstream = { authorizationEndpoint: 'https://idp.example.net/authorize', tokenEndpoint: 'https://idp.example.net/token', clientId: 'c', identify: async () => 'u' };
    const base = { resources: [RESOURCE], scopes: ['mcp:tools'] };
    expect(createAuthorizationServer({ ...base, issuer: ISSUER, upstream }).upstreamCallbackUrl).toBe(`${ISSUER}/oauth/callback`);
    expect(createAuthorizationServer({ ...base, issuer: `${ISSUER}/t1`, upstream, paths: { callback: '/cb' } }).upstreamCallbackUrl).toBe(`${ISSUER}/t1/cb`);
    expect(setup().as.upstreamCallbackUrl).toBeUndefined();
  });
});
