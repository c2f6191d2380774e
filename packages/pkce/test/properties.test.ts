import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCodeChallenge, generateCodeVerifier, PkceError, verifyCodeChallenge } from '@mcp-oauth/pkce';

const unreserved = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'.split('');
const verifierArb = fc
  .array(fc.constantFrom(...unreserved), { minLength: 43, maxLength: 128 })
  .map((cs) => cs.join(''));

describe('pkce properties', () => {
  it('RFC 7636 §4.2: every challenge is 43 base64url characters and verify(v, challenge(v)) holds', async () => {
    await fc.assert(
      fc.asyncProperty(verifierArb, async (v) => {
        const c = await computeCodeChallenge(v);
        expect(c).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(await verifyCodeChallenge(v, c)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('RFC 7636 §4.6: any single-character mutation of the verifier or the challenge fails', async () => {
    await fc.assert(
      fc.asyncProperty(verifierArb, fc.nat(), fc.constantFrom(...unreserved), fc.boolean(), async (v, pos, ch, onVerifier) => {
        const c = await computeCodeChallenge(v);
        if (onVerifier) {
          const i = pos % v.length;
          fc.pre(v[i] !== ch);
          const mutated = v.slice(0, i) + ch + v.slice(i + 1);
          expect(await verifyCodeChallenge(mutated, c)).toBe(false);
        } else {
          const i = pos % c.length;
          const alt = ch === '.' || ch === '~' ? 'A' : ch;
          fc.pre(c[i] !== alt);
          const mutated = c.slice(0, i) + alt + c.slice(i + 1);
          try {
            expect(await verifyCodeChallenge(v, mutated)).toBe(false);
          } catch (e) {
            // a mutated final character may leave the S256 output space: refused as malformed
            expect(e).toBeInstanceOf(PkceError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('any string input returns a value or throws PkceError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.string({ maxLength: 60 }), async (v, c) => {
        try {
          const ok = await verifyCodeChallenge(v, c);
          expect(typeof ok).toBe('boolean');
        } catch (e) {
          expect(e).toBeInstanceOf(PkceError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('RFC 7636 §4.1: generated verifiers of any allowed length are in the unreserved set', () => {
    fc.assert(
      fc.property(fc.integer({ min: 43, max: 128 }), (n) => {
        const v = generateCodeVerifier(n);
        expect(v).toHaveLength(n);
        expect(v).toMatch(/^[A-Za-z0-9\-._~]+$/);
      }),
      { numRuns: 200 },
    );
  });
});
