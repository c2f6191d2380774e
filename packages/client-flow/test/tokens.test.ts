import { describe, expect, it } from 'vitest';
import {
  clientCredentialsToken, createDpopSession, createMcpOAuthClient, memoryStore, revokeToken, webStorageStore,
  type TokenStore,
} from '@mcp-oauth/client-flow';
import { exportJwk, generateSigningKey, importJwk, verifyJwt } from '@mcp-oauth/jwt-lite';
import { createWorld } from './helpers/world';

const redirectUri = 'http://127.0.0.1:8765/callback';
const b64json = (s: string) => JSON.parse(atob(s.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;

describe('tokens, refresh and step-up', () => {
  it('C-TOK-2: refreshes ahead of expiry with the stored refresh token and resource', async () => {
    let t = 1_000_000_000_000;
    const w = createWorld({ tokenTtl: 300, now: () => t });
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, now: () => t });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    t += 250_000; // 50 s left < 60 s leeway
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(w.counters.refresh).toBe(1);
    expect(w.counters.authorize).toBe(1);
    const form = new URLSearchParams(w.seen.find((s) => s.body.includes('grant_type=refresh_token'))!.body);
    expect(form.get('resource')).toBe(w.mcp.href);
  });

  it('C-TOK-2: a 401 invalid_token triggers one refresh, then the request is retried', async () => {
    const w = createWorld();
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    w.tokens.clear(); // the server forgot the token
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(w.counters.refresh).toBe(1);
    expect(w.counters.authorize).toBe(1);
  });

  it('C-TOK-2: without refresh tokens the client authorizes again instead of assuming one', async () => {
    const w = createWorld({ issueRefresh: false });
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    w.tokens.clear();
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(w.counters.refresh).toBe(0);
    expect(w.counters.authorize).toBe(2);
  });

  it('C-TOK-2: a refused refresh (invalid_grant) falls back to authorization', async () => {
    const w = createWorld();
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    w.tokens.clear();
    w.state.override = (r) => (r.body.includes('refresh_token=') ? new Response('{"error":"invalid_grant"}', { status: 400 }) : undefined);
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(w.counters.authorize).toBe(2);
  });

  it('C-REG-4: a refresh refused with invalid_client drops the registration, so the client registers again', async () => {
    const w = createWorld();
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    w.tokens.clear();
    w.state.override = (r) => (r.body.includes('grant_type=refresh_token') ? new Response('{"error":"invalid_client"}', { status: 401 }) : undefined);
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(w.counters.register).toBe(2);
  });

  it('C-TOK-2: 50 concurrent requests with an expired token trigger exactly one refresh', async () => {
    let t = 1_000_000_000_000;
    const w = createWorld({ tokenTtl: 100, now: () => t });
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, now: () => t });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    t += 200_000;
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => c.fetch(w.mcp, { method: 'POST', body: String(i) })));
    expect(all.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(w.counters.refresh).toBe(1);
  });

  it('C-TOK-2: a store lock serialises refreshes and a refresh done elsewhere is reused', async () => {
    let t = 1_000_000_000_000;
    const w = createWorld({ tokenTtl: 100, now: () => t });
    const base = memoryStore();
    let locks = 0;
    let chain: Promise<unknown> = Promise.resolve();
    const store: TokenStore = { ...base, lock: (_k, fn) => { locks++; const r = chain.then(fn); chain = r.catch(() => {}); return r; } };
    const a = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, now: () => t, store });
    const b = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, now: () => t, store });
    expect((await a.fetch(w.mcp)).status).toBe(200);
    expect((await b.fetch(w.mcp)).status).toBe(200);
    t += 200_000;
    await Promise.all([a.fetch(w.mcp), b.fetch(w.mcp)]);
    expect(locks).toBe(2);
    expect(w.counters.refresh).toBe(1);
  });

  it('C-TOK-3: 403 insufficient_scope re-authorizes with the union of granted and challenged scopes', async () => {
    const w = createWorld({ prmDoc: { scopes_supported: ['mcp:read'] } });
    const seen: string[] = [];
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: (u) => { seen.push(u.searchParams.get('scope') ?? ''); return w.browser(u); } });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    w.state.required = ['mcp:write'];
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(seen).toEqual(['mcp:read', 'mcp:read mcp:write']);
  });

  it('C-TOK-3: when the token response omits scope, the requested scope counts as granted for the union', async () => {
    const w = createWorld({ prmDoc: { scopes_supported: ['mcp:read'] } });
    const seen: string[] = [];
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: async (i, init) => {
      const res = await w.fetch(i, init);
      if (!new Request(i, init).url.endsWith('/token')) return res;
      const body = (await res.json()) as Record<string, unknown>;
      delete body.scope;
      return new Response(JSON.stringify(body), { status: res.status, headers: { 'content-type': 'application/json' } });
    }, authorize: (u) => { seen.push(u.searchParams.get('scope') ?? ''); return w.browser(u); } });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect((await c.tokens())?.scope).toBe('mcp:read');
    w.state.required = ['mcp:write'];
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(seen).toEqual(['mcp:read', 'mcp:read mcp:write']);
  });

  it('C-TOK-3: at most 3 authorizations per operation, then StepUpLimit', async () => {
    const w = createWorld({ requiredScopes: ['mcp:admin'] });
    w.state.override = (r) => (r.url === w.mcp.href && r.headers.has('authorization')
      ? new Response('{}', { status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="mcp:admin"' } }) : undefined);
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    await expect(c.fetch(w.mcp)).rejects.toMatchObject({ code: 'StepUpLimit' });
    expect(w.counters.authorize).toBe(3);
  });

  it('C-TOK-1: a 401 loop ends after 3 authorizations with the 401 returned', async () => {
    const w = createWorld();
    w.state.override = (r) => (r.url === w.mcp.href ? new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer' } }) : undefined);
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    expect((await c.fetch(w.mcp)).status).toBe(401);
    expect(w.counters.authorize).toBe(3);
  });

  it('C-TOK-2: concurrent 401s share one authorization', async () => {
    const w = createWorld();
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    const all = await Promise.all(Array.from({ length: 10 }, () => c.fetch(w.mcp)));
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(w.counters.authorize).toBe(1);
  });

  it('C-CC-1: client_credentials with client_secret_basic carries resource and scope', async () => {
    const w = createWorld();
    w.clients.set('m2m', { method: 'client_secret_basic', secret: 's3cret', body: {} });
    const tokens = await clientCredentialsToken(w.state.asMetadata as never, {
      fetch: w.fetch, client: { client_id: 'm2m', client_secret: 's3cret', token_endpoint_auth_method: 'client_secret_basic' }, resource: w.mcp.href, scope: 'mcp:read',
    });
    expect(tokens.access_token).toMatch(/^at-/);
    const req = w.seen.at(-1)!;
    expect(req.headers.get('authorization')).toBe(`Basic ${btoa('m2m:s3cret')}`);
    const form = new URLSearchParams(req.body);
    expect([form.get('grant_type'), form.get('resource'), form.get('scope')]).toEqual(['client_credentials', w.mcp.href, 'mcp:read']);
  });

  it('C-CC-1: client_credentials with private_key_jwt (RFC 7523): aud is the AS issuer, signature verifies', async () => {
    const w = createWorld({ issuer: 'https://as.example.com/t' });
    w.clients.set('m2m', { method: 'private_key_jwt', body: {} });
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    const c = createMcpOAuthClient({
      serverUrl: w.mcp, fetch: w.fetch, grant: 'client_credentials', privateKey: { alg: 'ES256', key: pair.privateKey, kid: 'k1' },
      registration: { preRegistered: { client_id: 'm2m', token_endpoint_auth_method: 'private_key_jwt' } },
    });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    const form = new URLSearchParams(w.seen.find((s) => s.url.endsWith('/token'))!.body);
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const [h, p, sig] = form.get('client_assertion')!.split('.');
    expect(b64json(h!)).toMatchObject({ alg: 'ES256', kid: 'k1' });
    const claims = b64json(p!);
    expect(claims).toMatchObject({ iss: 'm2m', sub: 'm2m', aud: 'https://as.example.com/t' });
    expect(typeof claims.jti).toBe('string');
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(300);
    const raw = Uint8Array.from(atob(sig!.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pair.publicKey, raw, new TextEncoder().encode(`${h}.${p}`))).toBe(true);
    expect(form.get('resource')).toBe(w.mcp.href);
  });

  it('RFC 9449 §4: DPoP proofs on the token request and a DPoP-bound request with ath; nonces are retried once', async () => {
    const w = createWorld();
    let nonceAsked = false;
    w.state.override = (r) => {
      if (r.url.endsWith('/token') && !nonceAsked) {
        nonceAsked = true;
        return new Response('{"error":"use_dpop_nonce"}', { status: 400, headers: { 'dpop-nonce': 'n-1' } });
      }
      return undefined;
    };
    const dpop = await createDpopSession();
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, dpop });
    expect((await c.fetch(w.mcp, { method: 'POST', body: 'x' })).status).toBe(200);
    const tokenReqs = w.seen.filter((s) => s.url.endsWith('/token'));
    expect(tokenReqs).toHaveLength(2);
    const proof = tokenReqs[1]!.headers.get('dpop')!.split('.');
    expect(b64json(proof[0]!)).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256' } });
    expect(b64json(proof[0]!).jwk).not.toHaveProperty('d');
    expect(b64json(proof[1]!)).toMatchObject({ htm: 'POST', htu: 'https://as.example.com/token', nonce: 'n-1' });
    const last = w.seen.at(-1)!;
    expect(last.headers.get('authorization')).toMatch(/^DPoP at-/);
    const rp = b64json(last.headers.get('dpop')!.split('.')[1]!);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(last.headers.get('authorization')!.slice(5))));
    expect(rp.ath).toBe(btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    expect(rp).toMatchObject({ htm: 'POST', htu: w.mcp.href });
  });

  it('RFC 9449 §4.2: proofs signed with a given key (EdDSA, PS256) verify with the public jwk they carry; a jwk with private members is refused', async () => {
    for (const alg of ['EdDSA', 'PS256'] as const) {
      const { privateKey, publicJwk } = await generateSigningKey(alg);
      const { kty, crv, x, n, e } = publicJwk;
      const jwk = JSON.parse(JSON.stringify({ kty, crv, x, n, e })) as JsonWebKey;
      const w = createWorld();
      const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, dpop: await createDpopSession({ key: privateKey, jwk }) });
      expect((await c.fetch(w.mcp)).status).toBe(200);
      const proof = w.seen.at(-1)!.headers.get('dpop')!;
      const { header, claims } = await verifyJwt(proof, await importJwk(b64json(proof.split('.')[0]!).jwk, alg), { algorithms: [alg], typ: 'dpop+jwt' });
      expect(header).toEqual({ alg, typ: 'dpop+jwt', jwk }); // no kid: the jwk names the key
      expect(claims).toMatchObject({ htm: 'GET', htu: w.mcp.href });
    }
    const { privateKey } = await generateSigningKey('ES256', { extractable: true });
    const full = await exportJwk(privateKey);
    await expect(createDpopSession({ key: privateKey, jwk: full as JsonWebKey })).rejects.toBeInstanceOf(TypeError);
    await expect(createDpopSession({ key: privateKey, jwk: null as never })).rejects.toBeInstanceOf(TypeError);
  });

  it('RFC 7009: revokeToken posts to the revocation endpoint; false when the AS has none', async () => {
    const w = createWorld();
    const client = { client_id: 'c', token_endpoint_auth_method: 'none' as const };
    expect(await revokeToken(w.state.asMetadata as never, { fetch: w.fetch, client, token: 'rt-1', tokenTypeHint: 'refresh_token' })).toBe(true);
    expect(new URLSearchParams(w.seen.at(-1)!.body).get('token_type_hint')).toBe('refresh_token');
    expect(await revokeToken({ issuer: 'https://as.example.com' }, { fetch: w.fetch, client, token: 'x' })).toBe(false);
  });

  it('C-TOK-4: webStorageStore keeps records as JSON per server and issuer and ignores corrupt values', async () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k) };
    const s = webStorageStore(storage);
    const key = { server: 'https://mcp.example.com/mcp', issuer: 'https://as.example.com' };
    await s.save(key, { issuer: key.issuer, tokens: { access_token: 'a', token_type: 'Bearer', issuer: key.issuer } });
    expect(await s.load(key)).toMatchObject({ tokens: { access_token: 'a' } });
    expect(await s.load({ ...key, issuer: 'https://other.example' })).toBeUndefined();
    data.set([...data.keys()][0]!, '{not json');
    expect(await s.load(key)).toBeUndefined();
    await s.delete(key);
    expect(data.size).toBe(0);
    expect(() => webStorageStore({} as never)).toThrow(TypeError);
  });

  it('no token, secret or code appears in any error message', async () => {
    const w = createWorld();
    w.state.override = (r) => (r.url.endsWith('/token') ? new Response('{"error":"invalid_grant","error_description":"code-1 at-1 secret"}', { status: 400 }) : undefined);
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    const e = (await c.fetch(w.mcp).catch((x: unknown) => x)) as Error;
    expect(e).toMatchObject({ code: 'TokenRequestFailed', oauthError: 'invalid_grant' });
    expect(e.message).not.toMatch(/code-|at-|secret|rt-/);
  });
});
