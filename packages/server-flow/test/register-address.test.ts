import { describe, expect, it } from 'vitest';
import type { AuthorizationServer } from '@mcp-oauth/server-flow';
import { ISSUER, REDIRECT, setup } from './helpers';

const body = JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' });
const reg = (as: AuthorizationServer, headers: Record<string, string> = {}, clientAddress?: string): Promise<Response> =>
  as.handle(new Request(`${ISSUER}/register`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }), clientAddress === undefined ? {} : { clientAddress });
const statuses = async (n: number, f: (i: number) => Promise<Response>): Promise<number[]> => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await f(i)).status);
  return out;
};

describe('registration rate limit per caller (A82)', () => {
  it('A82: with no caller address known, registration is a 500 server_error configuration error with an audit event; nothing is stored and no shared bucket exists', async () => {
    const { as, events } = setup({ registration: { rateLimit: { limit: 1, windowMs: 60_000 } } });
    for (let i = 0; i < 3; i++) {
      const r = await reg(as);
      expect(r.status).toBe(500);
      expect(((await r.json()) as { error: string }).error).toBe('server_error');
    }
    expect(events.filter((e) => e.type === 'client.registration_failed').map((e) => e.error)).toEqual(['server_error', 'server_error', 'server_error']);
    expect(events.some((e) => e.type === 'client.registered')).toBe(false);
    // callers whose address is known are not affected by those refusals
    expect((await reg(as, {}, '198.51.100.1')).status).toBe(201);
  });

  it('A82: two addresses have separate buckets; IPv6 callers share a bucket per /64', async () => {
    const { as } = setup({ registration: { rateLimit: { limit: 2, windowMs: 60_000 } } });
    expect(await statuses(3, () => reg(as, {}, '198.51.100.1'))).toEqual([201, 201, 429]);
    expect(await statuses(2, () => reg(as, {}, '198.51.100.2'))).toEqual([201, 201]);
    expect(await statuses(3, (i) => reg(as, {}, `2001:db8:1:2::${i + 1}`))).toEqual([201, 201, 429]);
    expect((await reg(as, {}, '[2001:db8:1:2:ffff::9]')).status).toBe(429);
    expect((await reg(as, {}, '2001:db8:1:3::1')).status).toBe(201);
    expect((await reg(as, {}, '::ffff:198.51.100.1')).status).toBe(429);
  });

  it('A82: the proxy header is not used unless configured: a spoofed X-Forwarded-For or Forwarded changes nothing', async () => {
    const { as } = setup({ registration: { rateLimit: { limit: 2, windowMs: 60_000 } } });
    const r = await statuses(4, (i) => reg(as, { 'x-forwarded-for': `203.0.113.${i}`, forwarded: `for=203.0.113.${i}` }, '198.51.100.1'));
    expect(r).toEqual([201, 201, 429, 429]);
    expect((await reg(as, { 'x-forwarded-for': '203.0.113.50' })).status).toBe(500);
  });

  it('A82: with trustedProxyHeader the rightmost hop is the caller: one bucket per forwarded address even though every request comes from the proxy', async () => {
    const { as } = setup({ trustedProxyHeader: 'x-forwarded-for', registration: { rateLimit: { limit: 1, windowMs: 60_000 } } });
    const proxy = '10.0.0.2';
    expect((await reg(as, { 'x-forwarded-for': '203.0.113.7' }, proxy)).status).toBe(201);
    expect((await reg(as, { 'x-forwarded-for': '203.0.113.8' }, proxy)).status).toBe(201);
    // a caller prepending its own value does not escape its bucket: the proxy appended the real one
    expect((await reg(as, { 'x-forwarded-for': '192.0.2.99, 203.0.113.7' }, proxy)).status).toBe(429);
    // a request without the header falls back to the adapter's address; none at all is refused
    expect((await reg(as, {}, '198.51.100.1')).status).toBe(201);
    expect((await reg(as, { 'x-forwarded-for': 'not-an-address' })).status).toBe(500);
    // an unreadable header never falls back to the proxy's own address (one bucket for all)
    expect((await reg(as, { 'x-forwarded-for': 'unknown' }, proxy)).status).toBe(500);
    const fwd = setup({ trustedProxyHeader: 'forwarded', registration: { rateLimit: { limit: 1, windowMs: 60_000 } } }).as;
    expect((await reg(fwd, { forwarded: 'for=192.0.2.1, for="[2001:db8::7]:4711";proto=https' })).status).toBe(201);
    expect((await reg(fwd, { forwarded: 'for=192.0.2.2, for="[2001:db8::8]"' })).status).toBe(429);
    expect(() => setup({ trustedProxyHeader: 'X-Forwarded-For' })).toThrow(TypeError);
  });
});
