import { describe, expect, it, vi } from 'vitest';
import { DcrError, redirectUriMatches } from '@mcp-oauth/dcr';
import { assertClientIdUrl, createClientIdMetadataDocumentCache, fetchClientIdMetadataDocument, validateClientIdMetadataDocument } from '@mcp-oauth/dcr/cimd';
import { clientIdMetadataDocument } from '@mcp-oauth/dcr/client';
import { mcpCimdExample } from './vectors/rfc7591';

const URL_ = 'https://client.example.com/oauth/client.json';
const DOC = { client_id: URL_, client_name: 'Example MCP Client', redirect_uris: ['http://127.0.0.1/callback'] };
const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (e instanceof DcrError ? `${e.code}/${e.oauthError}` : `not a DcrError: ${String(e)}`));
const reply = (body: unknown, init: ResponseInit & { headers?: Record<string, string> } = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200, ...init, headers: { 'content-type': 'application/json', ...init.headers } });
const fetchOf = (make: () => Response | Promise<Response>) => vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => make());
const publicDns = async () => ['93.184.215.14'];

describe('Client ID Metadata Documents: client side (C-REG-2)', () => {
  it('C-REG-2: the MCP example document validates against its own URL', () => {
    const doc = validateClientIdMetadataDocument(mcpCimdExample, mcpCimdExample.client_id);
    expect(doc).toMatchObject({ client_id: mcpCimdExample.client_id, client_name: 'Example MCP Client', token_endpoint_auth_method: 'none', redirect_uris: mcpCimdExample.redirect_uris });
  });

  it('C-REG-2: clientIdMetadataDocument builds a document with client_id, client_name, redirect_uris and public-client defaults', () => {
    const doc = clientIdMetadataDocument(DOC);
    expect(doc).toEqual({ ...DOC, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' });
    expect(validateClientIdMetadataDocument(JSON.parse(JSON.stringify(doc)), URL_)).toEqual(doc);
  });

  it('C-REG-2: a client_id without https or a path, or a document without client_name or redirect_uris, is refused', () => {
    for (const client_id of ['http://client.example.com/c.json', 'https://client.example.com/', 'https://client.example.com'])
      expect(() => clientIdMetadataDocument({ ...DOC, client_id })).toThrow(TypeError);
    expect(() => clientIdMetadataDocument({ ...DOC, client_name: undefined as unknown as string })).toThrow(TypeError);
    expect(() => validateClientIdMetadataDocument({ client_id: URL_, redirect_uris: DOC.redirect_uris }, URL_)).toThrowError(expect.objectContaining({ code: 'InvalidMetadataDocument' }));
    expect(() => validateClientIdMetadataDocument({ client_id: URL_, client_name: 'x' }, URL_)).toThrowError(expect.objectContaining({ code: 'InvalidMetadataDocument' }));
  });
});

describe('ATTACKS.md cases for CIMD', () => {
  it('A42: malformed client_id URLs are invalid_client and nothing is fetched', async () => {
    const f = fetchOf(() => reply(DOC));
    const bad = ['http://client.example.com/c', 'https://ex.com/./c', 'https://ex.com/a/../c', 'https://ex.com/a/%2e%2e/c', 'https://ex.com/a/%2E%2E/c', 'https://ex.com/.%2e/c', 'https://ex.com/c#x', 'https://ex.com/c#', 'https://u@ex.com/c', 'https://u:p@ex.com/c', 'https:ex.com/c', ' https://ex.com/c', 'https://ex.com/c ', 'https://ex.com\\c', 'HTTPS://ex.com/c', 'https://EX.com/c', 'https://ex.com:443/c', 'https://ex.com/', 'https://ex.com', 'https://ex.com/c\n', '//ex.com/c', 'https://*.ex.com/c', 'https://ex.com/' + 'a'.repeat(2048), ''];
    for (const u of bad) {
      expect(await codeOf(fetchClientIdMetadataDocument(u, { fetch: f }))).toBe('InvalidClientId/invalid_client');
      expect(() => assertClientIdUrl(u)).toThrowError(expect.objectContaining({ code: 'InvalidClientId' }));
    }
    for (const v of [undefined, null, 42, {}]) expect(() => assertClientIdUrl(v)).toThrowError(expect.objectContaining({ code: 'InvalidClientId' }));
    expect(f).not.toHaveBeenCalled();
    expect(assertClientIdUrl('https://ex.com:8443/c?v=1').port).toBe('8443');
  });

  it('A43: a document whose client_id is another host, adds :443 or a trailing slash is invalid_client', async () => {
    for (const client_id of ['https://other.example.com/oauth/client.json', 'https://client.example.com:443/oauth/client.json', URL_ + '/', 'HTTPS://client.example.com/oauth/client.json', undefined]) {
      const f = fetchOf(() => reply({ ...DOC, client_id }));
      expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: f, resolve: publicDns }))).toBe('InvalidMetadataDocument/invalid_client');
    }
  });

  it('A44: 302, 404 and 500 are invalid_client, the redirect is not followed, and failures are not cached', async () => {
    const cache = createClientIdMetadataDocumentCache();
    for (const [status, headers] of [[302, { location: 'http://169.254.169.254/' }], [404, {}], [500, {}], [301, { location: URL_ }], [204, {}]] as const) {
      const f = fetchOf(() => reply(DOC, { status, headers }));
      expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: f, cache, resolve: publicDns }))).toBe('MetadataFetchFailed/invalid_client');
      expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: f, cache, resolve: publicDns }))).toBe('MetadataFetchFailed/invalid_client');
      expect(f).toHaveBeenCalledTimes(2);
      for (const call of f.mock.calls) expect(call[1]?.redirect).toBe('manual');
    }
    const opaque = fetchOf(() => {
      const r = reply(DOC);
      Object.defineProperty(r, 'type', { value: 'opaqueredirect' });
      return r;
    });
    expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: opaque, resolve: publicDns }))).toBe('MetadataFetchFailed/invalid_client');
    const redirected = fetchOf(() => {
      const r = reply(DOC);
      Object.defineProperty(r, 'redirected', { value: true });
      return r;
    });
    expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: redirected, resolve: publicDns }))).toBe('MetadataFetchFailed/invalid_client');
  });

  it('A45: Content-Length 6000, a chunked body over 5 KB and a 1 byte/s body are invalid_client within the deadline', async () => {
    const padded = JSON.stringify({ ...DOC, pad: 'x'.repeat(6000) });
    const cl = fetchOf(() => reply('{}', { headers: { 'content-length': '6000' } }));
    expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: cl, resolve: publicDns }))).toBe('MetadataFetchFailed/invalid_client');
    const chunked = fetchOf(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(c) {
              c.enqueue(new TextEncoder().encode(padded.slice(0, 1024)));
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
    );
    expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: chunked, resolve: publicDns }))).toBe('MetadataFetchFailed/invalid_client');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const trickle = fetchOf(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull: (c) => new Promise<void>((r) => (timer = setTimeout(() => (c.enqueue(new Uint8Array([32])), r()), 1000))),
            cancel: () => clearTimeout(timer),
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
    );
    expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: trickle, resolve: publicDns, timeout: 150 }))).toBe('MetadataFetchFailed/invalid_client');
    const hang = vi.fn((_u: string | URL | Request, init?: RequestInit) => new Promise<Response>((_, rej) => init?.signal?.addEventListener('abort', () => rej(init.signal?.reason))));
    expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: hang, resolve: publicDns, timeout: 100 }))).toBe('MetadataFetchFailed/invalid_client');
    const ok = fetchOf(() => reply(JSON.stringify({ ...DOC, pad: 'x'.repeat(4000) })));
    expect((await fetchClientIdMetadataDocument(URL_, { fetch: ok, resolve: publicDns })).client_id).toBe(URL_);
  });

  it('A46: hosts resolving to 127.0.0.1, 169.254.169.254, 10.1.2.3 or ::ffff:10.1.2.3 are refused before any connection', async () => {
    const f = fetchOf(() => reply(DOC));
    for (const ip of ['127.0.0.1', '169.254.169.254', '10.1.2.3', '::ffff:10.1.2.3', '::1', '192.168.0.1', '100.64.0.1', 'fd00::1']) {
      expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: f, resolve: async () => ['93.184.215.14', ip] }))).toBe('BlockedAddress/invalid_client');
    }
    expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: f, resolve: async () => [] }))).toBe('BlockedAddress/invalid_client');
    for (const u of ['https://127.0.0.1/c.json', 'https://10.1.2.3/c.json', 'https://169.254.169.254/latest', 'https://[::1]/c.json', 'https://[::ffff:a01:203]/c.json', 'https://localhost/c.json'])
      expect(await codeOf(fetchClientIdMetadataDocument(u, { fetch: f }))).toBe('BlockedAddress/invalid_client');
    expect(f).not.toHaveBeenCalled();
  });

  it('A47: shared-secret auth methods, client_secret, a private jwks member or an http logo_uri are invalid_client', async () => {
    const bad: Record<string, unknown>[] = [
      { token_endpoint_auth_method: 'client_secret_basic' },
      { token_endpoint_auth_method: 'client_secret_post' },
      { token_endpoint_auth_method: 'client_secret_jwt' },
      { client_secret: 'abc' },
      { client_secret_expires_at: 0 },
      { token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' }] } },
      { token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'RSA', n: 'n', e: 'AQAB', p: 'p' }] } },
      { logo_uri: 'http://client.example.com/logo.png' },
      { logo_uri: 'javascript:alert(1)' },
      { redirect_uris: ['http://client.example.com/cb'] },
    ];
    for (const patch of bad) {
      const f = fetchOf(() => reply({ ...DOC, ...patch }));
      expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: f, resolve: publicDns }))).toBe('InvalidMetadataDocument/invalid_client');
    }
    const pk = validateClientIdMetadataDocument({ ...DOC, token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://client.example.com/jwks.json' }, URL_);
    expect(pk.token_endpoint_auth_method).toBe('private_key_jwt');
    for (const body of ['[]', 'null', '{', '"x"']) {
      const f = fetchOf(() => reply(body));
      expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: f, resolve: publicDns }))).toMatch(/^(InvalidMetadataDocument|MetadataFetchFailed)\/invalid_client$/);
    }
    const html = fetchOf(() => reply(DOC, { headers: { 'content-type': 'text/html' } }));
    expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: html, resolve: publicDns }))).toBe('MetadataFetchFailed/invalid_client');
  });

  it('A49: 1,000 concurrent uses of one URL make 1 fetch; max-age=31536000 is clamped to the ceiling', async () => {
    let now = 1_000_000;
    const cache = createClientIdMetadataDocumentCache({ maxAge: 600 });
    const f = fetchOf(async () => {
      await new Promise((r) => setTimeout(r, 10));
      return reply(DOC, { headers: { 'cache-control': 'public, max-age=31536000' } });
    });
    const opts = { fetch: f, cache, resolve: publicDns, now: () => now };
    const docs = await Promise.all(Array.from({ length: 1000 }, () => fetchClientIdMetadataDocument(URL_, opts)));
    expect(f).toHaveBeenCalledTimes(1);
    expect(new Set(docs).size).toBe(1);
    now += 599_000;
    await fetchClientIdMetadataDocument(URL_, opts);
    expect(f).toHaveBeenCalledTimes(1);
    now += 2_000; // past the 600 s ceiling, far before a year
    await fetchClientIdMetadataDocument(URL_, opts);
    expect(f).toHaveBeenCalledTimes(2);
  });

  it('A49: a changed redirect_uris on refetch is honoured: the old redirect is rejected', async () => {
    let now = 0;
    let uris = ['http://127.0.0.1/old'];
    const cache = createClientIdMetadataDocumentCache();
    const f = fetchOf(() => reply({ ...DOC, redirect_uris: uris }, { headers: { 'cache-control': 'max-age=60' } }));
    const opts = { fetch: f, cache, resolve: publicDns, now: () => now };
    expect(redirectUriMatches((await fetchClientIdMetadataDocument(URL_, opts)).redirect_uris, 'http://127.0.0.1:5000/old')).toBe(true);
    uris = ['http://127.0.0.1/new'];
    now += 61_000;
    const doc = await fetchClientIdMetadataDocument(URL_, opts);
    expect(f).toHaveBeenCalledTimes(2);
    expect(redirectUriMatches(doc.redirect_uris, 'http://127.0.0.1:5000/old')).toBe(false);
    expect(redirectUriMatches(doc.redirect_uris, 'http://127.0.0.1:5000/new')).toBe(true);
  });

  it('A-CIMD-1: cache headers are honoured: no-store and no-cache are not reused, s-maxage and Age count, no header uses the default', async () => {
    let now = 0;
    const cases: [Record<string, string>, number, number][] = [
      [{ 'cache-control': 'no-store' }, 0, 2],
      [{ 'cache-control': 'no-cache, max-age=600' }, 0, 2],
      [{ 'cache-control': 'max-age=600, s-maxage=10' }, 11_000, 2],
      [{ 'cache-control': 'max-age=600' }, 11_000, 1],
      [{ 'cache-control': 'max-age=600', age: '595' }, 6_000, 2],
      [{}, 299_000, 1],
      [{}, 301_000, 2],
    ];
    for (const [headers, advance, calls] of cases) {
      const cache = createClientIdMetadataDocumentCache();
      const f = fetchOf(() => reply(DOC, { headers }));
      const opts = { fetch: f, cache, resolve: publicDns, now: () => now };
      await fetchClientIdMetadataDocument(URL_, opts);
      now += advance;
      await fetchClientIdMetadataDocument(URL_, opts);
      expect([JSON.stringify(headers), advance, f.mock.calls.length]).toEqual([JSON.stringify(headers), advance, calls]);
    }
  });

  it('A-CIMD-1: the cache is bounded, delete() forces a refetch, and a caller abort does not fail the shared fetch', async () => {
    const cache = createClientIdMetadataDocumentCache({ maxEntries: 2 });
    const f = vi.fn(async (u: string | URL | Request) => reply({ ...DOC, client_id: String(u) }));
    const urls = ['https://a.example/c', 'https://b.example/c', 'https://c.example/c'];
    for (const u of urls) await fetchClientIdMetadataDocument(u, { fetch: f, cache, resolve: publicDns });
    await fetchClientIdMetadataDocument(urls[2]!, { fetch: f, cache, resolve: publicDns });
    expect(f).toHaveBeenCalledTimes(3);
    await fetchClientIdMetadataDocument(urls[0]!, { fetch: f, cache, resolve: publicDns });
    expect(f).toHaveBeenCalledTimes(4);
    cache.delete(urls[0]!);
    await fetchClientIdMetadataDocument(urls[0]!, { fetch: f, cache, resolve: publicDns });
    expect(f).toHaveBeenCalledTimes(5);
    const slow = fetchOf(async () => (await new Promise((r) => setTimeout(r, 20)), reply(DOC)));
    const cache2 = createClientIdMetadataDocumentCache();
    const ac = new AbortController();
    const first = fetchClientIdMetadataDocument(URL_, { fetch: slow, cache: cache2, resolve: publicDns, signal: ac.signal });
    const second = fetchClientIdMetadataDocument(URL_, { fetch: slow, cache: cache2, resolve: publicDns });
    ac.abort();
    expect(await codeOf(first)).toBe('MetadataFetchFailed/invalid_client');
    expect((await second).client_id).toBe(URL_);
    expect(slow).toHaveBeenCalledTimes(1);
    expect(() => createClientIdMetadataDocumentCache({ maxEntries: 0 })).toThrow(RangeError);
    // without a cache, the caller's signal aborts the request itself
    const hang = vi.fn((_u: string | URL | Request, init?: RequestInit) => new Promise<Response>((_, rej) => init?.signal?.addEventListener('abort', () => rej(new Error('aborted')))));
    const ac2 = new AbortController();
    const pending = fetchClientIdMetadataDocument(URL_, { fetch: hang, resolve: publicDns, signal: ac2.signal });
    await new Promise((r) => setTimeout(r, 5));
    ac2.abort();
    expect(await codeOf(pending)).toBe('MetadataFetchFailed/invalid_client');
    expect(hang.mock.calls[0]?.[1]?.signal?.aborted).toBe(true);
  });
});

describe('CIMD client ids and documents name no local host (A-SSRF-1)', () => {
  it('A-SSRF-1: a client id on an IP literal (any spelling) or a localhost name is BlockedAddress and nothing is fetched', async () => {
    const f = fetchOf(() => reply(DOC));
    for (const u of ['https://127.0.0.1:6443/c.json', 'https://10.0.0.5/c', 'https://169.254.169.254/latest', 'https://[::1]/c', 'https://[::ffff:7f00:1]/c', 'https://[fd00::1]/c', 'https://100.64.0.1/c', 'https://0.0.0.0/c', 'https://foo.localhost/c', 'https://localhost./c', 'https://93.184.215.14/c']) {
      expect(() => assertClientIdUrl(u)).toThrowError(expect.objectContaining({ code: 'BlockedAddress' }));
      expect(await codeOf(fetchClientIdMetadataDocument(u, { fetch: f, resolve: publicDns }))).toBe('BlockedAddress/invalid_client');
    }
    // spellings the URL parser rewrites are not canonical, so they never reach the fetch either
    for (const u of ['https://0x7f.1/c', 'https://2130706433/c', 'https://[::ffff:127.0.0.1]/c'])
      expect(await codeOf(fetchClientIdMetadataDocument(u, { fetch: f, resolve: publicDns }))).toMatch(/^(InvalidClientId|BlockedAddress)\/invalid_client$/);
    expect(f).not.toHaveBeenCalled();
  });

  it('A-SSRF-1: a document whose jwks_uri names an IP literal or a localhost host is invalid_client', async () => {
    for (const jwks_uri of ['https://127.0.0.1:6443/', 'https://10.0.0.5/', 'https://localhost/', 'https://169.254.169.254/', 'https://[::1]/', 'https://foo.localhost/']) {
      const f = fetchOf(() => reply({ ...DOC, token_endpoint_auth_method: 'private_key_jwt', jwks_uri }));
      expect(await codeOf(fetchClientIdMetadataDocument(URL_, { fetch: f, resolve: publicDns }))).toBe('InvalidMetadataDocument/invalid_client');
    }
  });

  it('A-SSRF-1: with failureCooldown a failure is remembered (no refetch) until the cooldown ends; failures share the maxEntries bound', async () => {
    let now = 1_000_000;
    const cache = createClientIdMetadataDocumentCache({ failureCooldown: 30, maxEntries: 2 });
    const f = fetchOf(() => reply(DOC, { status: 500 }));
    const opts = { fetch: f, cache, resolve: publicDns, now: () => now };
    expect(await codeOf(fetchClientIdMetadataDocument(URL_, opts))).toBe('MetadataFetchFailed/invalid_client');
    now += 29_000;
    expect(await codeOf(fetchClientIdMetadataDocument(URL_, opts))).toBe('MetadataFetchFailed/invalid_client');
    expect(f).toHaveBeenCalledTimes(1);
    const blocked = fetchOf(() => reply(DOC));
    expect(await codeOf(fetchClientIdMetadataDocument(URL_ + '2', { ...opts, fetch: blocked, resolve: async () => ['10.0.0.5'] }))).toBe('BlockedAddress/invalid_client');
    expect(await codeOf(fetchClientIdMetadataDocument(URL_ + '2', { ...opts, fetch: blocked }))).toBe('BlockedAddress/invalid_client');
    expect(blocked).not.toHaveBeenCalled();
    now += 2_000;
    expect(await codeOf(fetchClientIdMetadataDocument(URL_, opts))).toBe('MetadataFetchFailed/invalid_client');
    expect(f).toHaveBeenCalledTimes(2);
    // a third URL evicts the oldest entry: URL_ + '2' is fetched again (the cache holds 2 entries)
    const ok = vi.fn(async (u: string | URL | Request) => reply({ ...DOC, client_id: String(u) }));
    await fetchClientIdMetadataDocument('https://c.example/c', { ...opts, fetch: ok });
    await fetchClientIdMetadataDocument(URL_ + '2', { ...opts, fetch: ok });
    expect(ok).toHaveBeenCalledTimes(2);
    expect(() => createClientIdMetadataDocumentCache({ failureCooldown: -1 })).toThrow(RangeError);
  });
});
