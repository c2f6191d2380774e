// Uses module mocking, so it runs under Vitest only (not in the bundled runtime matrix).
import { describe, expect, it, vi } from 'vitest';

vi.mock('../src/internal/constant-time', async (orig) => {
  const real = await orig<typeof import('../src/internal/constant-time')>();
  return { constantTimeEqual: vi.fn(real.constantTimeEqual) };
});

describe('constant-time comparison', () => {
  it('A75: verifyCodeChallenge compares through the constant-time helper', async () => {
    const { verifyCodeChallenge, computeCodeChallenge, generateCodeVerifier } = await import('@mcp-oauth/pkce');
    const ct = await import('../src/internal/constant-time');
    const v = generateCodeVerifier();
    const c = await computeCodeChallenge(v);
    expect(await verifyCodeChallenge(v, c)).toBe(true);
    expect(await verifyCodeChallenge(generateCodeVerifier(), c)).toBe(false);
    expect(vi.mocked(ct.constantTimeEqual)).toHaveBeenCalledTimes(2);
  });

  it('A75: the helper has no early exit: equal-length inputs differing first or last both return false', async () => {
    const { constantTimeEqual } = await import('../src/internal/constant-time');
    expect(constantTimeEqual('a'.repeat(43), 'a'.repeat(43))).toBe(true);
    expect(constantTimeEqual('b' + 'a'.repeat(42), 'a'.repeat(43))).toBe(false);
    expect(constantTimeEqual('a'.repeat(42) + 'b', 'a'.repeat(43))).toBe(false);
    expect(constantTimeEqual('a', 'aa')).toBe(false);
  });
});
