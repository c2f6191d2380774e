import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jwkThumbprint, signJwt, verifyJwt, type Jwk } from '@mcp-oauth/jwt-lite';
import { keyPair, NOW, now } from './helpers';

const publicPart = ({ kty, crv, x, y, n, e }: Jwk): Jwk =>
  JSON.parse(JSON.stringify({ kty, crv, x, y, n, e })) as Jwk;

describe('signJwt protected-header members', () => {
  it('RFC 9449 §4.2: a DPoP proof carries typ dpop+jwt and the public jwk, and verifies with that key', async () => {
    for (const alg of ['ES256', 'EdDSA', 'PS256'] as const) {
      const { signing, verifying, publicJwk } = await keyPair(alg);
      const jwk = publicPart(publicJwk);
      const claims = { jti: 'j1', htm: 'POST', htu: 'https://as.example.com/token', iat: NOW };
      const proof = await signJwt(claims, { alg, key: signing.key }, { typ: 'dpop+jwt', header: { jwk } });
      const { header, claims: out } = await verifyJwt(proof, verifying, { algorithms: [alg], typ: 'dpop+jwt', now });
      expect(header).toEqual({ alg, typ: 'dpop+jwt', jwk });
      expect(out).toEqual(claims);
      expect(await jwkThumbprint(header['jwk'] as Jwk)).toBe(await jwkThumbprint(publicJwk));
    }
  });

  it('RFC 7515 §4.1.1: the header cannot set alg, not even to the key\'s own algorithm', async () => {
    const { signing } = await keyPair('ES256');
    for (const alg of ['none', 'HS256', 'ES256', null]) {
      await expect(signJwt({}, signing, { header: { alg } })).rejects.toBeInstanceOf(TypeError);
    }
  });

  it('RFC 7515 §4.1.11, RFC 7797 §3: crit and b64 are refused, as are typ/kid given twice and __proto__', async () => {
    const { signing } = await keyPair('ES256');
    const bad: Record<string, unknown>[] = [
      { crit: ['exp'] }, { crit: [] }, { b64: false }, { b64: true },
      { kid: 'other' }, // the key already has a kid
      JSON.parse('{"__proto__":{"alg":"none"}}') as Record<string, unknown>,
    ];
    for (const header of bad) await expect(signJwt({}, signing, { header })).rejects.toBeInstanceOf(TypeError);
    await expect(signJwt({}, signing, { typ: 'JWT', header: { typ: 'dpop+jwt' } })).rejects.toBeInstanceOf(TypeError);
    const { key } = signing;
    await expect(verifyJwt(await signJwt({ exp: NOW + 5 }, { alg: 'ES256', key }, { header: { kid: 'k2' } }), (await keyPair('ES256')).verifying, { algorithms: ['ES256'], now }))
      .resolves.toMatchObject({ header: { alg: 'ES256', kid: 'k2' } });
  });

  it('RFC 7517 §4, RFC 9449 §4.2: a jwk with a private or secret member is refused, and the message holds no key material', async () => {
    const { signing, publicJwk } = await keyPair('ES256');
    const jwk = publicPart(publicJwk);
    for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']) {
      const e = await signJwt({}, signing, { header: { jwk: { ...jwk, [m]: 'SECRET-MATERIAL' } } }).catch((x: unknown) => x);
      expect(e, m).toBeInstanceOf(TypeError);
      expect((e as Error).message).not.toContain('SECRET');
    }
    const rsa = await keyPair('RS256');
    await expect(signJwt({}, rsa.signing, { header: { jwk: { ...publicPart(rsa.publicJwk), d: undefined } } })).rejects.toBeInstanceOf(TypeError);
  });

  it('RFC 7518 §6: a jwk of another key type or curve, a jwk with an HMAC key, or a non-object jwk is refused', async () => {
    const es = await keyPair('ES256');
    const es384 = await keyPair('ES384');
    const rs = await keyPair('RS256');
    const hs = await keyPair('HS256');
    const cases: [typeof es.signing, unknown][] = [
      [es.signing, publicPart(rs.publicJwk)], [es.signing, publicPart(es384.publicJwk)], [rs.signing, publicPart(es.publicJwk)],
      [hs.signing, { kty: 'oct' }], [hs.signing, publicPart(es.publicJwk)], [es.signing, 'jwk'], [es.signing, [publicPart(es.publicJwk)]],
      [es.signing, null], [es.signing, { ...publicPart(es.publicJwk), kty: 'ec' }],
    ];
    for (const [key, jwk] of cases) await expect(signJwt({}, key, { header: { jwk } })).rejects.toBeInstanceOf(TypeError);
  });

  it('a header that is not a plain object is a caller error', async () => {
    const { signing } = await keyPair('HS256');
    for (const header of [null, [], 'x', 1, new Map(), new (class X {})()]) {
      await expect(signJwt({}, signing, { header: header as never })).rejects.toBeInstanceOf(TypeError);
    }
  });

  it('RFC 7515 §4: any other header member round-trips; any header either signs or throws TypeError, never anything else', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const names = fc.string({ maxLength: 8 }).filter((k) => !['alg', 'typ', 'kid', 'crit', 'b64', 'jwk', '__proto__'].includes(k));
    const extra = fc.dictionary(names, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }).filter((h) => !JSON.stringify(h).includes('"__proto__"'));
    await fc.assert(fc.asyncProperty(extra, async (header) => {
      const t = await signJwt({ exp: NOW + 5 }, { alg: 'HS256', key: signing.key }, { header });
      const out = await verifyJwt(t, verifying, { algorithms: ['HS256'], now });
      expect(out.header).toEqual(JSON.parse(JSON.stringify({ alg: 'HS256', ...header })));
    }), { numRuns: 50 });
    const anything = fc.dictionary(fc.constantFrom('alg', 'typ', 'kid', 'crit', 'b64', 'jwk', 'x'), fc.anything(), { maxKeys: 4 });
    await fc.assert(fc.asyncProperty(anything, async (header) => {
      const r = await signJwt({}, signing, { header }).then(() => 'ok', (e: unknown) => e);
      if (r !== 'ok') expect(r).toBeInstanceOf(TypeError);
    }), { numRuns: 100 });
  });
});
