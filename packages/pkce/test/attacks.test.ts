import { describe, expect, it } from 'vitest';
import { assertCodeChallenge, computeCodeChallenge, generateCodeVerifier, verifyCodeChallenge } from '@mcp-oauth/pkce';
import { appendixB } from './vectors/rfc7636';

describe('ATTACKS.md cases for pkce', () => {
  it('A2: plain, s256, SHA256 or an absent method is refused; only S256 exists', () => {
    for (const m of ['plain', 's256', 'SHA256', undefined]) {
      expect(() => assertCodeChallenge(appendixB.challenge, m)).toThrowError(expect.objectContaining({ code: 'UnsupportedMethod' }));
    }
  });

  it('A3: challenges of 42 or 129 characters, or containing + / = or a space, are refused', () => {
    const base = appendixB.challenge.slice(0, 42);
    for (const c of ['a'.repeat(42), 'a'.repeat(129), base + '+', base + '/', base + '=', base + ' ', ' ' + base]) {
      expect(() => assertCodeChallenge(c, 'S256')).toThrowError(expect.objectContaining({ code: 'InvalidChallenge' }));
    }
  });

  it('A4: a wrong verifier, or the challenge itself presented as the verifier, does not verify; 129 chars or a bad charset is a format error', async () => {
    expect(await verifyCodeChallenge(generateCodeVerifier(), appendixB.challenge)).toBe(false);
    expect(await verifyCodeChallenge(appendixB.challenge, appendixB.challenge)).toBe(false);
    await expect(verifyCodeChallenge('a'.repeat(129), appendixB.challenge)).rejects.toMatchObject({ code: 'InvalidVerifier' });
    await expect(verifyCodeChallenge('a'.repeat(60) + '!', appendixB.challenge)).rejects.toMatchObject({ code: 'InvalidVerifier' });
    await expect(verifyCodeChallenge('', appendixB.challenge)).rejects.toMatchObject({ code: 'InvalidVerifier' });
  });

  it('A13: 10,000 generated verifiers are 43-128 unreserved characters and unique; challenges match RFC 7636 Appendix B', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const len = 43 + (i % 86);
      const v = generateCodeVerifier(len);
      expect(v.length).toBe(len);
      expect(/^[A-Za-z0-9\-._~]+$/.test(v)).toBe(true);
      seen.add(v);
    }
    expect(seen.size).toBe(10_000);
    expect(await computeCodeChallenge(appendixB.verifier)).toBe(appendixB.challenge);
  });

  it('A77: 100 KB adversarial verifiers and challenges are refused quickly with coded errors', async () => {
    const big = 'a'.repeat(100_000);
    await expect(computeCodeChallenge(big)).rejects.toMatchObject({ code: 'InvalidVerifier' });
    await expect(verifyCodeChallenge(appendixB.verifier, big)).rejects.toMatchObject({ code: 'InvalidChallenge' });
    expect(() => assertCodeChallenge(big + '=', 'S256')).toThrowError(expect.objectContaining({ code: 'InvalidChallenge' }));
  });
});
