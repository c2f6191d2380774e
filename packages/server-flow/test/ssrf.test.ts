// A-SSRF-1 / A80: every fetch of a URL a client supplied (jwks_uri, CIMD documents) goes through the
// server's one clientUrlGuard; registration refuses such URLs on IP literals and localhost names.
import { describe, expect, it, vi } from 'vitest';
import { generateSigningKey, signJwt } from '@mcp-oauth/jwt-lite';
import type { Jwk, JwtKey } from '@mcp-oauth/jwt-lite';
import { createAuthorizationServer } from '@mcp-oauth/server-flow';
import type { AuthorizationServer, ClientUrlGuard } from '@mcp-oauth/server-flow';
import { ISSUER, REDIRECT, authorizeUrl, pkcePair, register, setup, token } from './helpers';

const ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const JWKS_URI = 'https://keys.example.com/jwks';
const CID = 'https://app.example.org/oauth/client.json';
const publicDns = async (): Promise<string[]> => ['93.184.215.14'];
const err = async (r: Response): Promise<string> => ((await r.clone().json()) as { error: string }).error;
const jwksReply = (jwk: Jwk, init: ResponseInit = {}): Response =>
  new Response(JSON.stringify({ keys: [jwk] }), { status: 200, ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
const spy = (make: (url: string, init?: RequestInit) => Response | Promise<Response>) =>
  vi.fn(async (input: string | URL | Request, init?: RequestInit) => make(String(input instanceof Request ? input.url : input), init));

function registerRaw(as: AuthorizationServer, metadata: Record<string, unknown>): Promise<Response> {
  return as.handle(new Request(`${ISSUER}/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: [REDIRECT], client_name: 'Keys', token_endpoint_auth_method: 'private_key_jwt', ...metadata }),
  }), { clientAddress: '203.0.113.9' });
}

/** A /token request authenticated by a private_key_jwt assertion; the grant is bogus, so success shows as invalid_grant. */
async function tokenWithAssertion(as: AuthorizationServer, clientId: string, key: JwtKey, nowMs: number): Promise<Response> {
  const now = Math.floor(nowMs / 1000);
  const assertion = await signJwt({ iss: clientId, sub: clientId, aud: ISSUER, jti: crypto.randomUUID(), iat: now, exp: now + 60 }, key);
  return token(as, { grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token', client_assertion_type: ASSERTION, client_assertion: assertion });
}

async function keyClient(guard: ClientUrlGuard, jwksUri = JWKS_URI) {
  const key = await generateSigningKey('ES256', { kid: 'k1' });
  const fx = setup({ clientUrlGuard: guard });
  const client = await register(fx.as, { token_endpoint_auth_method: 'private_key_jwt', jwks_uri: jwksUri });
  const call = () => tokenWithAssertion(fx.as, client.client_id, key.privateKey, fx.clock.t);
  return { ...fx, key, client, call };
}

describe('A-SSRF-1: registration refuses client URLs the server would fetch on local hosts', () => {
  const LOCAL = [
    'https://127.0.0.1:6443/', 'https://10.0.0.5/', 'https://localhost/', 'https://169.254.169.254/', 'https://[::1]/',
    'https://0x7f.1/', 'https://2130706433/', 'https://[::ffff:127.0.0.1]/', 'https://foo.localhost/', 'http://keys.example.com/jwks',
    'https://100.64.0.1/', 'https://[fd00::1]/', 'https://0.0.0.0/', 'https://localhost./',
  ];
  it.each(LOCAL)('A80: private_key_jwt with jwks_uri %s → invalid_client_metadata, with or without a guard', async (jwks_uri) => {
    const fetch = spy(() => new Response('{}'));
    for (const fx of [setup({ clientUrlGuard: { fetch, resolve: publicDns } }), setup()]) {
      const res = await registerRaw(fx.as, { jwks_uri });
      expect(res.status).toBe(400);
      expect(await err(res)).toBe('invalid_client_metadata');
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it('A-SSRF-1: without clientUrlGuard any jwks_uri is refused (POST and PUT), keys by value still register, and CIMD is off', async () => {
    const { as } = setup();
    expect(await err(await registerRaw(as, { jwks_uri: JWKS_URI }))).toBe('invalid_client_metadata');
    const key = await generateSigningKey('ES256', { kid: 'k1' });
    const c = await register(as, { token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [key.publicJwk] } });
    const put = await as.handle(new Request(`${ISSUER}/register/${c.client_id}`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${c.registration_access_token}` },
      body: JSON.stringify({ client_id: c.client_id, redirect_uris: [REDIRECT], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: JWKS_URI }),
    }));
    expect(await err(put)).toBe('invalid_client_metadata');
    expect((await as.metadata()).client_id_metadata_document_supported).toBe(false);
    const { challenge } = await pkcePair();
    const res = await as.handle(new Request(authorizeUrl(CID, { code_challenge: challenge })));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});

describe('A-SSRF-1: jwks_uri is fetched only through the guard', () => {
  it('A80: a jwks_uri on a public name that resolves to a private address: /token is invalid_client and nothing is fetched', async () => {
    for (const answers of [['10.0.0.5'], ['93.184.215.14', '127.0.0.1'], ['::ffff:10.0.0.5'], ['169.254.169.254'], []]) {
      const fetch = spy(() => new Response('{}'));
      const { call } = await keyClient({ fetch, resolve: async () => answers });
      const res = await call();
      expect(res.status).toBe(401);
      expect(await err(res)).toBe('invalid_client');
      expect(fetch).not.toHaveBeenCalled();
    }
  });

  it('A-SSRF-1: a public jwks_uri is fetched once (redirect manual, no credentials), then served from the cache', async () => {
    let key: Jwk | undefined;
    const fetch = spy(() => jwksReply(key!));
    const k = await keyClient({ fetch, resolve: publicDns });
    key = k.key.publicJwk;
    expect(await err(await k.call())).toBe('invalid_grant'); // authenticated; the bogus grant is what fails
    expect(await err(await k.call())).toBe('invalid_grant');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe(JWKS_URI);
    expect(fetch.mock.calls[0]![1]).toMatchObject({ redirect: 'manual', credentials: 'omit' });
  });

  it('A-SSRF-1: a redirect from jwks_uri is not followed: invalid_client, the Location is never fetched', async () => {
    const fetch = spy(() => new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }));
    const { call } = await keyClient({ fetch, resolve: publicDns });
    expect(await err(await call())).toBe('invalid_client');
    expect(fetch.mock.calls.map((c) => String(c[0]))).toEqual([JWKS_URI]);
  });

  it('A-SSRF-1: an oversized JWK Set (declared or streamed past 64 KiB) is refused: invalid_client', async () => {
    let pulled = 0;
    const streamed = () => new Response(new ReadableStream<Uint8Array>({ pull(c) { pulled += 1024; c.enqueue(new Uint8Array(1024).fill(32)); } }), { headers: { 'content-type': 'application/json' } });
    const declared = () => new Response('{"keys":[]}', { headers: { 'content-type': 'application/json', 'content-length': '10000000' } });
    for (const make of [declared, streamed]) {
      const { call } = await keyClient({ fetch: spy(make), resolve: publicDns });
      expect(await err(await call())).toBe('invalid_client');
    }
    expect(pulled).toBeLessThan(80 * 1024);
  });

  it('A-SSRF-1: a JWK Set that never arrives times out after clientUrlGuard.timeout: invalid_client, the request aborted', async () => {
    const fetch = spy((_u, init) => new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted')))));
    const { call } = await keyClient({ fetch, resolve: publicDns, timeout: 50 });
    expect(await err(await call())).toBe('invalid_client');
    expect(fetch.mock.calls[0]![1]?.signal?.aborted).toBe(true);
  });

  it('A-SSRF-1: a failure is cached for the cooldown: a second /token within it makes no fetch, one after it fetches again', async () => {
    const fetch = spy(() => new Response('no', { status: 500 }));
    const { call, clock } = await keyClient({ fetch, resolve: publicDns, cooldown: 30 });
    expect(await err(await call())).toBe('invalid_client');
    clock.t += 20_000;
    expect(await err(await call())).toBe('invalid_client');
    expect(fetch).toHaveBeenCalledTimes(1);
    clock.t += 11_000;
    expect(await err(await call())).toBe('invalid_client');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('A-SSRF-1: the key set cache is capped (maxEntries) and dropping the least recently used URL refetches it; each server has its own', async () => {
    const key = await generateSigningKey('ES256', { kid: 'k1' });
    const fetch = spy(() => jwksReply(key.publicJwk));
    const guard: ClientUrlGuard = { fetch, resolve: publicDns, maxEntries: 2 };
    const { as, clock } = setup({ clientUrlGuard: guard });
    const ids: string[] = [];
    for (const host of ['a', 'b', 'c']) ids.push((await register(as, { token_endpoint_auth_method: 'private_key_jwt', jwks_uri: `https://${host}.example.com/jwks` })).client_id);
    const use = async (i: number) => expect(await err(await tokenWithAssertion(as, ids[i]!, key.privateKey, clock.t))).toBe('invalid_grant');
    await use(0);
    await use(1);
    await use(0); // cached; a becomes the most recently used
    expect(fetch).toHaveBeenCalledTimes(2);
    await use(2); // evicts b
    await use(0);
    expect(fetch).toHaveBeenCalledTimes(3);
    await use(1);
    expect(fetch).toHaveBeenCalledTimes(4);
    // a second server given the same guard object starts with empty caches of its own
    const other = setup({ clientUrlGuard: guard, store: as.store });
    expect(await err(await tokenWithAssertion(other.as, ids[0]!, key.privateKey, clock.t))).toBe('invalid_grant');
    expect(fetch).toHaveBeenCalledTimes(5);
  });
});

describe('A-SSRF-1: CIMD goes through the same guard', () => {
  const doc = { client_id: CID, client_name: 'Doc App', redirect_uris: ['https://app.example.org/cb'], token_endpoint_auth_method: 'none' };
  const open = async (as: AuthorizationServer, clientId = CID) => {
    const { challenge } = await pkcePair();
    return as.handle(new Request(authorizeUrl(clientId, { code_challenge: challenge, redirect_uri: 'https://app.example.org/cb' })));
  };

  it('A-SSRF-1: a CIMD host resolving to a private address, or a client id on a local host, is refused with no fetch and no redirect', async () => {
    const fetch = spy(() => new Response(JSON.stringify(doc), { headers: { 'content-type': 'application/json' } }));
    const { as } = setup({ clientUrlGuard: { fetch, resolve: async () => ['192.168.1.20'] } });
    for (const id of [CID, 'https://127.0.0.1/c.json', 'https://localhost/c.json', 'https://[::1]/c.json', 'https://foo.localhost/c.json', 'https://169.254.169.254/latest']) {
      const res = await open(as, id);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it('A-SSRF-1: a CIMD failure is cached for the cooldown; the document cache is capped by maxEntries', async () => {
    let status = 500;
    const fetch = spy((u) => new Response(JSON.stringify({ ...doc, client_id: u }), { status, headers: { 'content-type': 'application/json', 'cache-control': 'max-age=600' } }));
    const { as, clock } = setup({ clientUrlGuard: { fetch, resolve: publicDns, cooldown: 30, maxEntries: 2 } });
    expect((await open(as)).status).toBe(400);
    status = 200;
    expect((await open(as)).status).toBe(400); // within the cooldown: no new fetch
    expect(fetch).toHaveBeenCalledTimes(1);
    clock.t += 31_000;
    expect((await open(as)).status).toBe(302);
    expect(fetch).toHaveBeenCalledTimes(2);
    for (const other of ['https://b.example/c', 'https://c.example/c']) await open(as, other);
    expect(fetch).toHaveBeenCalledTimes(4);
    await open(as); // dropped from the 2-entry cache: fetched again
    expect(fetch).toHaveBeenCalledTimes(5);
  });

  it('A-SSRF-1: CIMD enabled without a guard, a guard that checks no address, or the old clientIdMetadataDocuments.fetch is a TypeError naming the option', () => {
    const base = { issuer: ISSUER, resources: ['https://mcp.example.com/mcp'], scopes: [], autoApprove: { subject: 'u' } };
    expect(() => createAuthorizationServer({ ...base, clientIdMetadataDocuments: true })).toThrow(/clientUrlGuard/);
    expect(() => createAuthorizationServer({ ...base, clientIdMetadataDocuments: {} })).toThrow(TypeError);
    expect(() => createAuthorizationServer({ ...base, clientUrlGuard: {} })).toThrow(/clientUrlGuard/);
    expect(() => createAuthorizationServer({ ...base, clientUrlGuard: { fetch: globalThis.fetch } })).toThrow(TypeError);
    expect(() => createAuthorizationServer({ ...base, clientUrlGuard: { pinned: true } })).toThrow(TypeError);
    expect(() => createAuthorizationServer({ ...base, clientUrlGuard: { resolve: 'dns' as never } })).toThrow(/clientUrlGuard/);
    expect(() => createAuthorizationServer({ ...base, clientUrlGuard: { resolve: publicDns, fetch: 'fetch' as never } })).toThrow(/clientUrlGuard/);
    expect(() => createAuthorizationServer({ ...base, clientIdMetadataDocuments: { fetch: globalThis.fetch, resolve: publicDns } as never })).toThrow(/clientUrlGuard/);
    for (const bad of [{ timeout: 0 }, { cooldown: -1 }, { maxEntries: 0 }, { timeout: 1.5 }]) {
      expect(() => createAuthorizationServer({ ...base, clientUrlGuard: { resolve: publicDns, ...bad } })).toThrow(RangeError);
      expect(() => createAuthorizationServer({ ...base, clientUrlGuard: { resolve: publicDns, ...bad } })).toThrow(/clientUrlGuard/);
    }
    expect(createAuthorizationServer({ ...base, clientUrlGuard: { fetch: globalThis.fetch, pinned: true } }).issuer).toBe(ISSUER);
    expect(createAuthorizationServer({ ...base, clientIdMetadataDocuments: false }).issuer).toBe(ISSUER);
  });
});
