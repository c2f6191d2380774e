import { describe, expect, it, vi } from 'vitest';
import { createLocalJwks, createRemoteJwks, signJwt, verifyJwt, type Jwk } from '@mcp-oauth/jwt-lite';
import { keyPair, NOW } from './helpers';

const code = (c: string) => expect.objectContaining({ code: c });
const claims = { sub: 'u1', exp: NOW + 3600 };
const URL_ = 'https://as.example.com/jwks';

/** A fake fetch serving a JWK Set, counting calls; `respond` can be replaced per test. */
function server(body: () => unknown) {
  let respond = (): Response | Promise<Response> => new Response(JSON.stringify(body()), { headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) => respond());
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls: fetch, set: (r: typeof respond) => (respond = r) };
}

describe('createRemoteJwks', () => {
  it('A72: 1,000 tokens with random kids cause at most one refetch per cooldown', async () => {
    const { signing, publicJwk } = await keyPair('ES256');
    const s = server(() => ({ keys: [publicJwk] }));
    let t = NOW;
    const jwks = createRemoteJwks(URL_, { fetch: s.fetch, now: () => t, cooldown: 30 });
    const o = { algorithms: ['ES256' as const], now: () => t };
    await verifyJwt(await signJwt(claims, signing), jwks, o);
    expect(s.calls).toHaveBeenCalledTimes(1);
    const forged = await Promise.all(Array.from({ length: 1000 }, (_, i) => signJwt(claims, signing, { kid: `random-${i}` })));
    const r1 = await Promise.allSettled(forged.map((f) => verifyJwt(f, jwks, o)));
    expect(r1.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'KeyNotFound')).toBe(true);
    expect(s.calls).toHaveBeenCalledTimes(1);
    t += 31;
    await Promise.allSettled(forged.map((f) => verifyJwt(f, jwks, o)));
    expect(s.calls).toHaveBeenCalledTimes(2);
    t += 10;
    await Promise.allSettled(forged.map((f) => verifyJwt(f, jwks, o)));
    expect(s.calls).toHaveBeenCalledTimes(2);
  });

  it('A72: a 302, 404, non-JSON, a non-set, or a 10 MB body is JwksFetchFailed', async () => {
    const { signing, publicJwk } = await keyPair('ES256');
    const token = await signJwt(claims, signing);
    const responses: (() => Response)[] = [
      () => new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } }),
      () => new Response('nope', { status: 404 }),
      () => new Response('<keys/>', { headers: { 'content-type': 'application/xml' } }),
      () => new Response('[]'),
      () => new Response('{"keys":{}}'),
      () => new Response(JSON.stringify({ keys: [publicJwk], pad: 'x'.repeat(10_000_000) })),
      () => new Response(new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(1 << 20)); } })),
    ];
    for (const r of responses) {
      const s = server(() => null);
      s.set(r);
      const jwks = createRemoteJwks(URL_, { fetch: s.fetch, now: () => NOW });
      await expect(verifyJwt(token, jwks, { algorithms: ['ES256'], now: () => NOW })).rejects.toEqual(code('JwksFetchFailed'));
    }
  });

  it('A72: use:"enc" or key_ops:["encrypt"] keys are never chosen; private keys are refused; unparseable keys are skipped', async () => {
    const { signing, publicJwk } = await keyPair('ES256');
    const es384 = await keyPair('ES384');
    const kid = publicJwk.kid!;
    const token = await signJwt(claims, signing);
    const o = { algorithms: ['ES256' as const, 'ES384' as const], now: () => NOW };
    for (const bad of [{ ...publicJwk, use: 'enc' }, { ...publicJwk, key_ops: ['encrypt'] }, { ...publicJwk, d: 'AAAA' }]) {
      const jwks = createRemoteJwks(URL_, { fetch: server(() => ({ keys: [bad] })).fetch, now: () => NOW });
      await expect(verifyJwt(token, jwks, o)).rejects.toEqual(code('KeyNotFound'));
    }
    const garbage: unknown[] = [null, 'x', 42, [], { kty: 'EC', crv: 'P-256', kid, x: '!!', y: 'AA' }, { kty: 'RSA', n: 'AQAB', e: 'AQAB' }, { kty: 'oct', k: 'A'.repeat(64), alg: 'HS256' }, { kty: 'XYZ' }];
    const jwks = createRemoteJwks(URL_, { fetch: server(() => ({ keys: [...garbage, publicJwk, es384.publicJwk] })).fetch, now: () => NOW });
    await expect(verifyJwt(token, jwks, o)).resolves.toBeTruthy();
    await expect(verifyJwt(await signJwt(claims, es384.signing), jwks, o)).resolves.toBeTruthy();
  });

  it('concurrent first uses share one request; a stale set is fetched again after maxAge', async () => {
    const { signing, publicJwk } = await keyPair('ES256');
    const s = server(() => ({ keys: [publicJwk] }));
    let t = NOW;
    const jwks = createRemoteJwks(URL_, { fetch: s.fetch, now: () => t, maxAge: 600 });
    const token = await signJwt(claims, signing);
    await Promise.all(Array.from({ length: 50 }, () => verifyJwt(token, jwks, { algorithms: ['ES256'], now: () => t })));
    expect(s.calls).toHaveBeenCalledTimes(1);
    t += 601;
    await verifyJwt(token, jwks, { algorithms: ['ES256'], now: () => t });
    expect(s.calls).toHaveBeenCalledTimes(2);
  });

  it('a fetch that never answers fails at the deadline; a failure is not retried before the cooldown', async () => {
    const { signing } = await keyPair('ES256');
    const s = server(() => null);
    s.set(() => new Promise<Response>(() => {}));
    let t = NOW;
    const jwks = createRemoteJwks(URL_, { fetch: s.fetch, now: () => t, timeoutMs: 50, cooldown: 30 });
    const token = await signJwt(claims, signing);
    await expect(verifyJwt(token, jwks, { algorithms: ['ES256'], now: () => t })).rejects.toEqual(code('JwksFetchFailed'));
    await expect(verifyJwt(token, jwks, { algorithms: ['ES256'], now: () => t })).rejects.toEqual(code('JwksFetchFailed'));
    expect(s.calls).toHaveBeenCalledTimes(1);
    t += 31;
    await expect(verifyJwt(token, jwks, { algorithms: ['ES256'], now: () => t })).rejects.toEqual(code('JwksFetchFailed'));
    expect(s.calls).toHaveBeenCalledTimes(2);
  });

  it('the request does not follow redirects and asks for a JWK Set; only https (or loopback http) URLs are accepted', async () => {
    const { signing, publicJwk } = await keyPair('ES256');
    const s = server(() => ({ keys: [publicJwk] }));
    await verifyJwt(await signJwt(claims, signing), createRemoteJwks(URL_, { fetch: s.fetch, now: () => NOW }), { algorithms: ['ES256'], now: () => NOW });
    const init = s.calls.mock.calls[0]![1]!;
    expect(init.redirect).toBe('manual');
    expect(new Headers(init.headers).get('accept')).toContain('application/jwk-set+json');
    expect(() => createRemoteJwks('http://as.example.com/jwks')).toThrow(TypeError);
    expect(() => createRemoteJwks('file:///etc/passwd')).toThrow(TypeError);
    expect(() => createRemoteJwks('http://127.0.0.1:8080/jwks')).not.toThrow();
  });
});

describe('createLocalJwks', () => {
  it('RFC 7517 §5: selects by kid and alg; without kid only an unambiguous key; symmetric keys allowed locally', async () => {
    const a = await keyPair('ES256');
    const b = await keyPair('RS256');
    const h = await keyPair('HS256');
    const jwks = createLocalJwks({ keys: [a.publicJwk, b.publicJwk, h.publicJwk] });
    const o = { algorithms: ['ES256' as const, 'RS256' as const, 'HS256' as const], now: () => NOW };
    for (const k of [a, b, h]) await expect(verifyJwt(await signJwt(claims, k.signing), jwks, o)).resolves.toBeTruthy();
    const noKid = { ...a.signing, kid: undefined } as never;
    await expect(verifyJwt(await signJwt(claims, noKid), jwks, o)).resolves.toBeTruthy();
    const two = createLocalJwks({ keys: [a.publicJwk, { ...(await keyPair('ES256')).publicJwk, kid: 'other' } as Jwk] });
    const other = await import('@mcp-oauth/jwt-lite').then((m) => m.generateSigningKey('ES256'));
    const ambiguous = createLocalJwks({ keys: [a.publicJwk, other.publicJwk] });
    await expect(verifyJwt(await signJwt(claims, noKid), ambiguous, o)).rejects.toEqual(code('KeyNotFound'));
    await expect(verifyJwt(await signJwt(claims, a.signing), two, o)).resolves.toBeTruthy();
    expect(() => createLocalJwks({} as never)).toThrow(TypeError);
  });

  it('RFC 7517 §4.2: a key without alg is bound to the only algorithm its curve allows (RSA: RS256)', async () => {
    const a = await keyPair('ES256');
    const { alg: _a, ...noAlg } = a.publicJwk;
    const jwks = createLocalJwks({ keys: [noAlg] });
    await expect(verifyJwt(await signJwt(claims, a.signing), jwks, { algorithms: ['ES256'], now: () => NOW })).resolves.toBeTruthy();
  });
});
