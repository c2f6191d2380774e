// Uses module mocking, so it runs under Vitest only (not in the bundled runtime matrix).
import { describe, expect, it, vi } from 'vitest';

vi.mock('../src/internal/constant-time', async (orig) => {
  const real = await orig<typeof import('../src/internal/constant-time')>();
  return { constantTimeEqual: vi.fn(real.constantTimeEqual) };
});

describe('constant-time comparison and hashed storage', () => {
  it('A75: client secrets are compared through the constant-time helper, as hashes', async () => {
    const ct = await import('../src/internal/constant-time');
    const { setup, token, basic } = await import('./helpers');
    const { as } = setup({ clients: [{ client_id: 'svc', client_secret: 'a-long-enough-client-secret-0123456789' }] });
    vi.mocked(ct.constantTimeEqual).mockClear();
    await token(as, { grant_type: 'client_credentials' }, { authorization: basic('svc', 'wrong') });
    expect(vi.mocked(ct.constantTimeEqual)).toHaveBeenCalledTimes(1);
    const [a, b] = vi.mocked(ct.constantTimeEqual).mock.calls[0]!;
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe('wrong');
  });

  it('A75: codes and refresh tokens are stored and looked up by SHA-256 of the value, never the value', async () => {
    const { memoryStore } = await import('@mcp-oauth/server-flow');
    const { setup, fullFlow } = await import('./helpers');
    const store = memoryStore({ now: () => 1_750_000_000_000 });
    const keys: string[] = [];
    const target = store as unknown as Record<string, (...a: unknown[]) => unknown>;
    const spy = new Proxy(store, {
      get: (_t, p) => (typeof p === 'string' && /Code|RefreshToken/.test(p) ? (k: string, ...rest: unknown[]) => { keys.push(k); return target[p]!(k, ...rest); } : target[p as string]),
    });
    const { as } = setup({ store: spy });
    const { tokens } = await fullFlow(as);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keys).not.toContain(tokens.refresh_token);
  });

  it('A75: the helper has no early exit and handles different lengths without throwing', async () => {
    const { constantTimeEqual } = await import('../src/internal/constant-time');
    expect(constantTimeEqual('a'.repeat(43), 'a'.repeat(43))).toBe(true);
    expect(constantTimeEqual('b' + 'a'.repeat(42), 'a'.repeat(43))).toBe(false);
    expect(constantTimeEqual('a'.repeat(42) + 'b', 'a'.repeat(43))).toBe(false);
    expect(constantTimeEqual('a', 'aa')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
