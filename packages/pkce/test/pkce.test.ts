import { describe, expect, it } from 'vitest';
import {
  assertCodeChallenge,
  computeCodeChallenge,
  generateCodeVerifier,
  PkceError,
  verifyCodeChallenge,
} from '@mcp-oauth/pkce';
import { appendixB } from './vectors/rfc7636';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof PkceError ? e.code : (e as Error).name;
  }
  return undefined;
};

describe('RFC 7636 Appendix B', () => {
  it('RFC 7636 Appendix B: the verifier is the base64url of the 32 example octets', async () => {
    const { base64url } = await import('../src/internal/base64url');
    expect(base64url(Uint8Array.from(appendixB.verifierOctets))).toBe(appendixB.verifier);
  });

  it('RFC 7636 Appendix B / §4.2: S256 of the example verifier is the example challenge', async () => {
    expect(await computeCodeChallenge(appendixB.verifier)).toBe(appendixB.challenge);
  });

  it('RFC 7636 §4.6: the example pair verifies', async () => {
    expect(await verifyCodeChallenge(appendixB.verifier, appendixB.challenge)).toBe(true);
  });

  it('RFC 7636 §4.6: a given SHA-256 (issue #16 provider hook) computes the challenge; a wrong one cannot make a pair verify', async () => {
    let calls = 0;
    const counting = { digest: (alg: 'SHA-256', data: Uint8Array<ArrayBuffer>) => { calls++; return crypto.subtle.digest(alg, data); } };
    expect(await computeCodeChallenge(appendixB.verifier, counting)).toBe(appendixB.challenge);
    expect(await verifyCodeChallenge(appendixB.verifier, appendixB.challenge, counting)).toBe(true);
    expect(calls).toBe(2);
    const zeros = { digest: () => new Uint8Array(32) };
    expect(await verifyCodeChallenge(appendixB.verifier, appendixB.challenge, zeros)).toBe(false);
    await expect(verifyCodeChallenge('short', appendixB.challenge, counting)).rejects.toMatchObject({ code: 'InvalidVerifier' });
    expect(calls).toBe(2);
  });
});

describe('generateCodeVerifier (RFC 7636 §4.1)', () => {
  it('RFC 7636 §4.1: defaults to 43 characters (32 random octets) of the unreserved set', () => {
    const v = generateCodeVerifier();
    expect(v).toHaveLength(43);
    expect(v).toMatch(/^[A-Za-z0-9\-._~]+$/);
  });

  it('honours the bounds 43 and 128', () => {
    expect(generateCodeVerifier(43)).toHaveLength(43);
    expect(generateCodeVerifier(128)).toHaveLength(128);
  });

  it('refuses lengths outside 43-128 or fractional with RangeError, and non-numbers with TypeError', () => {
    expect(() => generateCodeVerifier(42)).toThrow(RangeError);
    expect(() => generateCodeVerifier(129)).toThrow(RangeError);
    expect(() => generateCodeVerifier(0)).toThrow(RangeError);
    expect(() => generateCodeVerifier(50.5)).toThrow(RangeError);
    expect(() => generateCodeVerifier(Number.NaN)).toThrow(RangeError);
    expect(() => generateCodeVerifier('64' as unknown as number)).toThrow(TypeError);
  });
});

describe('computeCodeChallenge (RFC 7636 §4.2)', () => {
  it('refuses verifiers of 42 or 129 characters with InvalidVerifier', async () => {
    await expect(computeCodeChallenge('a'.repeat(42))).rejects.toMatchObject({ code: 'InvalidVerifier' });
    await expect(computeCodeChallenge('a'.repeat(129))).rejects.toMatchObject({ code: 'InvalidVerifier' });
  });

  it('refuses characters outside the unreserved set', async () => {
    for (const bad of ['+', '/', '=', ' ', '%', 'é', '\n', '\u0000']) {
      await expect(computeCodeChallenge('a'.repeat(50) + bad)).rejects.toMatchObject({ code: 'InvalidVerifier' });
    }
  });

  it('throws TypeError for non-strings', async () => {
    for (const bad of [undefined, null, 42, {}, ['a'.repeat(43)]]) {
      await expect(computeCodeChallenge(bad as unknown as string)).rejects.toBeInstanceOf(TypeError);
    }
  });

  it('does not echo the verifier in the error message', async () => {
    const secretish = 'S3CRET' + '+'.repeat(40);
    await expect(computeCodeChallenge(secretish)).rejects.toSatisfy(
      (e: unknown) => e instanceof PkceError && !e.message.includes('S3CRET'),
    );
  });
});

describe('verifyCodeChallenge (RFC 7636 §4.6)', () => {
  it('returns false for a well-formed verifier that does not match', async () => {
    expect(await verifyCodeChallenge(generateCodeVerifier(), appendixB.challenge)).toBe(false);
  });

  it('returns false for a 43-character challenge that S256 cannot produce (non-zero trailing bits)', async () => {
    expect(await verifyCodeChallenge(appendixB.verifier, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN')).toBe(false);
  });

  it('throws InvalidChallenge for a challenge that is not 43 base64url characters', async () => {
    for (const bad of ['a'.repeat(42), 'a'.repeat(44), 'a'.repeat(42) + '+', 'a'.repeat(42) + '=', '']) {
      await expect(verifyCodeChallenge(appendixB.verifier, bad)).rejects.toMatchObject({ code: 'InvalidChallenge' });
    }
  });
});

describe('assertCodeChallenge (RFC 7636 §4.3, RFC 9700 §2.1.1)', () => {
  it('accepts exactly S256 with a 43-character challenge', () => {
    expect(codeOf(() => assertCodeChallenge(appendixB.challenge, 'S256'))).toBeUndefined();
  });

  it('refuses plain, s256, SHA256, absent and non-string methods', () => {
    for (const m of ['plain', 's256', 'SHA256', 'S256 ', '', undefined, null, 256]) {
      expect(codeOf(() => assertCodeChallenge(appendixB.challenge, m))).toBe('UnsupportedMethod');
    }
  });

  it('a null or missing challenge is InvalidChallenge, not a TypeError (it comes from the request)', () => {
    expect(codeOf(() => assertCodeChallenge(null, 'S256'))).toBe('InvalidChallenge');
    expect(codeOf(() => assertCodeChallenge(undefined, 'S256'))).toBe('InvalidChallenge');
  });
});
