import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JwtError, signJwt, verifyJwt, type JwtAlgorithm } from '@mcp-oauth/jwt-lite';
import { ALGS, b64, keyPair, NOW, PROVIDERS } from './helpers';

const now = (): number => NOW;
const claimsArb = fc.dictionary(
  fc.string({ maxLength: 12 }).filter((k) => !['exp', 'nbf', 'iat', 'iss', 'sub', 'aud', 'jti', '__proto__'].includes(k)),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 8 },
  // `__proto__` members are refused on purpose by the verifier (strict JSON), so they are not generated.
).filter((c) => !JSON.stringify(c).includes('"__proto__"'));

describe('jwt-lite properties', () => {
  // Through each crypto provider (issue #16).
  for (const [provider, cp] of PROVIDERS) describe(`crypto: ${provider}`, () => {
    it.each(ALGS)('RFC 7519 §7: sign then verify round-trips random claims (%s)', async (alg: JwtAlgorithm) => {
      const { signing, verifying } = await keyPair(alg);
      await fc.assert(
        fc.asyncProperty(claimsArb, fc.option(fc.string({ maxLength: 20 }), { nil: undefined }), async (claims, typ) => {
          const token = await signJwt({ ...claims, exp: NOW + 60 }, signing, typ === undefined ? { crypto: cp } : { typ, crypto: cp });
          const { header, claims: out } = await verifyJwt(token, verifying, { algorithms: [alg], now, crypto: cp });
          expect(header.alg).toBe(alg);
          expect(out).toEqual(JSON.parse(JSON.stringify({ ...claims, exp: NOW + 60 })));
        }),
        { numRuns: alg.startsWith('RS') || alg.startsWith('PS') ? 10 : 40 },
      );
    });

    it.each(['HS256', 'ES256', 'EdDSA', 'RS256'] as const)('RFC 7515 §5.2: every single-character or single-bit mutation of a token fails (%s)', async (alg) => {
      const { signing, verifying } = await keyPair(alg);
      const token = await signJwt({ sub: 'user', aud: 'https://mcp.example.com', exp: NOW + 60, scope: 'a b' }, signing, { typ: 'at+jwt', crypto: cp });
      const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
      await fc.assert(
        fc.asyncProperty(fc.nat(token.length - 1), fc.oneof(fc.constantFrom(...chars.split('')), fc.integer({ min: 0, max: 15 })), async (i, change) => {
          const c = typeof change === 'string' ? change : String.fromCharCode(token.charCodeAt(i) ^ (1 << change));
          fc.pre(c !== token[i]);
          const mutated = token.slice(0, i) + c + token.slice(i + 1);
          await expect(verifyJwt(mutated, verifying, { algorithms: [alg], now, crypto: cp })).rejects.toBeInstanceOf(JwtError);
        }),
        { numRuns: 400 },
      );
    });
  });

  it('RFC 7515 §5.2: every token position, mutated once to each neighbouring symbol, fails (exhaustive, HS256)', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const token = await signJwt({ sub: 'u', exp: NOW + 60 }, signing);
    for (let i = 0; i < token.length; i++) {
      for (const bit of [0, 1, 5]) {
        const mutated = token.slice(0, i) + String.fromCharCode(token.charCodeAt(i) ^ (1 << bit)) + token.slice(i + 1);
        await expect(verifyJwt(mutated, verifying, { algorithms: ['HS256'], now })).rejects.toBeInstanceOf(JwtError);
      }
    }
  });

  it('the verifier on arbitrary strings returns or throws JwtError, never anything else', async () => {
    const { verifying } = await keyPair('HS256');
    const seg = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => b64(JSON.stringify(v))),
      fc.dictionary(fc.constantFrom('alg', 'kid', 'typ', 'crit', 'b64', 'jku', 'exp', 'aud'), fc.jsonValue({ maxDepth: 2 })).map((o) => b64(o)),
    );
    const tokenArb = fc.oneof(fc.string({ maxLength: 300 }), fc.tuple(seg, seg, seg).map((s) => s.join('.')), fc.array(seg, { maxLength: 6 }).map((s) => s.join('.')));
    await fc.assert(
      fc.asyncProperty(tokenArb, async (t) => {
        try {
          await verifyJwt(t, verifying, { algorithms: ['HS256', 'RS256'], audience: 'x', issuer: 'y', now });
        } catch (e) {
          expect(e).toBeInstanceOf(JwtError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
