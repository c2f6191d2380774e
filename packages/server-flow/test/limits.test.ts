import { describe, expect, it } from 'vitest';
import { ISSUER, authorizeUrl, pkcePair, register, setup, token } from './helpers';

describe('limits', () => {
  it('A76: a 10 MB /token body is refused with 413 before it is read whole', async () => {
    const { as } = setup();
    let pulled = 0;
    const chunk = new Uint8Array(65_536).fill(97);
    const body = new ReadableStream<Uint8Array>({
      pull(c) { pulled += chunk.length; if (pulled > 10_000_000) c.close(); else c.enqueue(chunk); },
    });
    const res = await as.handle(new Request(`${ISSUER}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, duplex: 'half' } as RequestInit));
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(1_000_000);
    const declaredReq = new Request(`${ISSUER}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '10000000' }, body: 'a=b' });
    // browsers drop Content-Length from a constructed Request; where it survives, it is honoured before reading
    if (declaredReq.headers.has('content-length')) expect((await as.handle(declaredReq)).status).toBe(413);
  });

  it('A76: 10,000 form parameters → 400 invalid_request, not 5xx', async () => {
    const { as } = setup({ limits: { maxBodyBytes: 1_000_000 } });
    const body = Array.from({ length: 10_000 }, (_, i) => `p${i}=v`).join('&');
    const res = await token(as, body as never);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('A76: a 100 KB state at /authorize → a 4xx page, no redirect', async () => {
    const { as } = setup();
    const c = await register(as);
    const { challenge } = await pkcePair();
    const res = await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge, state: 's'.repeat(100_000) })));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('location')).toBeNull();
  });

  it('A76: a long-but-allowed state (2 KB) is refused by the state bound with a redirect that does not echo it', async () => {
    const { as } = setup();
    const c = await register(as);
    const { challenge } = await pkcePair();
    const res = await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge, state: 's'.repeat(2000) })));
    const u = new URL(res.headers.get('location')!);
    expect(u.searchParams.get('error')).toBe('invalid_request');
    expect(u.searchParams.has('state')).toBe(false);
  });

  it('RFC 6749 §3.2: the token endpoint accepts only form bodies; unknown paths are 404', async () => {
    const { as } = setup();
    const res = await as.handle(new Request(`${ISSUER}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    expect(res.status).toBe(400);
    expect((await as.handle(new Request(`${ISSUER}/nope`))).status).toBe(404);
  });
});
