import { describe, expect, it } from 'vitest';
import { ISSUER, REDIRECT, register, setup } from './helpers';

const reg = (as: ReturnType<typeof setup>['as'], body: unknown, address = '203.0.113.9', type = 'application/json'): Promise<Response> =>
  as.handle(new Request(`${ISSUER}/register`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) }), { clientAddress: address });

describe('/register (RFC 7591) and client management (RFC 7592)', () => {
  it('A-DCR-1: validated metadata, server-chosen id, ≥256-bit secret with expiry; client-sent id and secret ignored', async () => {
    const { as } = setup();
    const res = await reg(as, { redirect_uris: [REDIRECT], client_id: 'user-42', client_secret: 'abc', token_endpoint_auth_method: 'client_secret_basic' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const c = (await res.json()) as Record<string, unknown>;
    expect(c['client_id']).not.toBe('user-42');
    expect(String(c['client_id']).startsWith('https:')).toBe(false);
    expect(c['client_secret']).not.toBe('abc');
    expect(atob(String(c['client_secret']).replace(/-/g, '+').replace(/_/g, '/')).length).toBeGreaterThanOrEqual(32);
    expect(typeof c['client_secret_expires_at']).toBe('number');
    expect(c['client_secret_expires_at']).toBeGreaterThan(0);
    expect(c['registration_client_uri']).toBe(`${ISSUER}/register/${c['client_id']}`);
  });

  it('A-DCR-1: refused metadata is invalid_redirect_uri / invalid_client_metadata and nothing is stored', async () => {
    const { as } = setup();
    for (const body of [{ redirect_uris: ['javascript:alert(1)'] }, { redirect_uris: ['http://app.example.com/cb'] }, { redirect_uris: [] }, { redirect_uris: [REDIRECT], grant_types: ['client_credentials'], token_endpoint_auth_method: 'none' }]) {
      const res = await reg(as, body);
      expect(res.status).toBe(400);
      expect(['invalid_redirect_uri', 'invalid_client_metadata']).toContain(((await res.json()) as { error: string }).error);
    }
    expect((await reg(as, '[]')).status).toBe(400);
    expect((await reg(as, { redirect_uris: [REDIRECT] }, '203.0.113.9', 'text/plain')).status).toBe(400);
  });

  it('A-DCR-1, A76: a 200 KB body is 413 and JSON nested 100k deep is a 4xx, never a 5xx', async () => {
    const { as } = setup();
    const big = await reg(as, { redirect_uris: [REDIRECT], client_name: 'x'.repeat(200_000) });
    expect(big.status).toBe(413);
    const deep = await reg(as, '['.repeat(100_000) + ']'.repeat(100_000));
    expect(deep.status).toBeGreaterThanOrEqual(400);
    expect(deep.status).toBeLessThan(500);
  });

  it('A-DCR-1: registrations are rate-limited per client address: 429 with Retry-After, other addresses unaffected', async () => {
    const { as } = setup({ registration: { rateLimit: { limit: 3, windowMs: 60_000 } } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await reg(as, { redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }, '198.51.100.7')).status);
    expect(codes).toEqual([201, 201, 201, 429, 429]);
    const limited = await reg(as, { redirect_uris: [REDIRECT] }, '198.51.100.7');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await reg(as, { redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }, '198.51.100.8')).status).toBe(201);
  });

  it('RFC 7592: read, update and delete with the registration access token; a wrong token is 401', async () => {
    const { as } = setup();
    const c = await register(as, { client_name: 'Before' });
    const url = `${ISSUER}/register/${c.client_id}`;
    const auth = { authorization: `Bearer ${c.registration_access_token}` };
    expect((await as.handle(new Request(url, { headers: { authorization: 'Bearer wrong' } }))).status).toBe(401);
    expect((await as.handle(new Request(url))).status).toBe(401);
    const read = (await (await as.handle(new Request(url, { headers: auth }))).json()) as Record<string, unknown>;
    expect(read['client_name']).toBe('Before');
    expect(read['registration_access_token']).toBeUndefined();
    const put = await as.handle(new Request(url, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ client_id: c.client_id, redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', client_name: 'After' }) }));
    expect(put.status).toBe(200);
    expect(((await put.json()) as Record<string, unknown>)['client_name']).toBe('After');
    expect((await as.handle(new Request(url, { method: 'DELETE', headers: auth }))).status).toBe(204);
    expect((await as.handle(new Request(url, { headers: auth }))).status).toBe(401);
  });
});
