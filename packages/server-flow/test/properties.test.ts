import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ISSUER, REDIRECT, authorizeUrl, pkcePair, setup } from './helpers';

const reg = async (as: ReturnType<typeof setup>['as'], body: unknown): Promise<Response> =>
  as.handle(new Request(`${ISSUER}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), { clientAddress: '192.0.2.1' });

describe('properties', () => {
  it('A-DCR-1: any registration body gets 201 or a 4xx with an RFC 7591 error, never a 5xx', async () => {
    const { as } = setup({ registration: { rateLimit: { limit: 1_000_000, windowMs: 1000 } } });
    await fc.assert(fc.asyncProperty(
      fc.record({
        redirect_uris: fc.oneof(fc.array(fc.oneof(fc.webUrl(), fc.string(), fc.constant('http://127.0.0.1/cb')), { maxLength: 4 }), fc.anything()),
        token_endpoint_auth_method: fc.oneof(fc.constantFrom('none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt', 'bogus'), fc.anything()),
        grant_types: fc.oneof(fc.subarray(['authorization_code', 'refresh_token', 'client_credentials', 'implicit']), fc.anything()),
        client_name: fc.oneof(fc.string(), fc.anything()),
        scope: fc.oneof(fc.string(), fc.constant(undefined)),
      }, { requiredKeys: [] }),
      async (body) => {
        const res = await reg(as, body);
        expect([201, 400]).toContain(res.status);
        if (res.status === 400) expect(['invalid_redirect_uri', 'invalid_client_metadata', 'invalid_request']).toContain(((await res.json()) as { error: string }).error);
      },
    ), { numRuns: 150 });
  });

  it('A-RED-1: for random registered https redirect URIs, any presented URI other than the exact string is refused without redirect', async () => {
    const { as } = setup({ registration: { rateLimit: { limit: 1_000_000, windowMs: 1000 } } });
    const { challenge } = await pkcePair();
    await fc.assert(fc.asyncProperty(fc.webUrl({ validSchemes: ['https'], withQueryParameters: false, withFragments: false }), fc.string({ minLength: 1, maxLength: 8 }), async (uri, suffix) => {
      const res = await reg(as, { redirect_uris: [uri], token_endpoint_auth_method: 'none' });
      if (res.status !== 201) return;
      const id = ((await res.json()) as { client_id: string }).client_id;
      const wrong = await as.handle(new Request(authorizeUrl(id, { code_challenge: challenge, redirect_uri: uri + suffix })));
      expect(wrong.headers.get('location')).toBeNull();
      const right = await as.handle(new Request(authorizeUrl(id, { code_challenge: challenge, redirect_uri: uri })));
      expect(right.headers.get('location')!.startsWith(uri)).toBe(true);
    }), { numRuns: 100 });
  });

  it('R-TOK-4: for random requested scope sets, a code is issued exactly when every scope is covered by the server list', async () => {
    const { as } = setup({ scopes: ['a:*', 'b', 'c:d'] });
    const { challenge } = await pkcePair();
    const { register } = await import('./helpers');
    const c = await register(as);
    const pool = ['a:x', 'a:x:y', 'a', 'b', 'b:z', 'c:d', 'c', 'c:d:e', 'zz'];
    const allowed = new Set(['a:x', 'a:x:y', 'b', 'c:d']);
    await fc.assert(fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 4 }), async (scopes) => {
      const res = await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge, scope: scopes.join(' ') })));
      const u = new URL(res.headers.get('location')!);
      expect(u.searchParams.has('code')).toBe(scopes.every((s) => allowed.has(s)));
      if (!u.searchParams.has('code')) expect(u.searchParams.get('error')).toBe('invalid_scope');
    }), { numRuns: 100 });
    void REDIRECT;
  });

  it('A76: any form body at /token gets a JSON 4xx (or 200), never a 5xx', async () => {
    const { as } = setup();
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 400 }), async (body) => {
      const res = await as.handle(new Request(`${ISSUER}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }));
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toBe('application/json');
    }), { numRuns: 200 });
  });
});
