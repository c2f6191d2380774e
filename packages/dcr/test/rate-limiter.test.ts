import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '@mcp-oauth/dcr';

describe('createRateLimiter (A-DCR-1)', () => {
  it('A36: 1,000 registrations per minute from one IP pass, the next is refused with Retry-After, and the window resets', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1000, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 1000; i++) expect(limiter.hit('203.0.113.7').allowed).toBe(true);
    now = 15_000;
    const refused = limiter.hit('203.0.113.7');
    expect(refused).toEqual({ allowed: false, retryAfter: 45 });
    for (let i = 0; i < 5000; i++) expect(limiter.hit('203.0.113.7').allowed).toBe(false);
    expect(limiter.hit('198.51.100.1').allowed).toBe(true);
    now = 60_000;
    expect(limiter.hit('203.0.113.7')).toEqual({ allowed: true, retryAfter: 0 });
  });

  it('A36: refused hits do not extend the window; Retry-After is at least 1 s', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, now: () => now });
    limiter.hit('k');
    now = 999.5;
    expect(limiter.hit('k')).toEqual({ allowed: false, retryAfter: 1 });
    now = 1000;
    expect(limiter.hit('k').allowed).toBe(true);
  });

  it('A36: the key table stays bounded under a flood of distinct keys, dropping expired windows first', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, maxKeys: 100, now: () => now });
    limiter.hit('victim-old');
    now = 500;
    for (let i = 0; i < 99; i++) limiter.hit(`k${i}`);
    now = 999; // table full, all windows live: counts are kept
    expect(limiter.hit('victim-old').allowed).toBe(false);
    now = 1000; // victim-old's window expired; k0's has not
    expect(limiter.hit('k0').allowed).toBe(false);
    for (let i = 0; i < 100_000; i++) limiter.hit(`flood${i}`);
    expect(limiter.size).toBe(100);
    const sizeProbe = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 3, now: () => 0 });
    for (const k of ['a', 'b', 'c']) sizeProbe.hit(k);
    expect(sizeProbe.hit('a').allowed).toBe(false);
    sizeProbe.hit('d'); // evicts the oldest (a)
    expect(sizeProbe.hit('a').allowed).toBe(true); // a was forgotten: bounded memory, documented trade-off
    expect(sizeProbe.hit('c').allowed).toBe(false);
  });

  it('refuses non-positive or fractional options with RangeError', () => {
    for (const o of [{ limit: 0, windowMs: 1 }, { limit: 1, windowMs: 0 }, { limit: 1.5, windowMs: 1 }, { limit: 1, windowMs: 1, maxKeys: 0 }, { limit: Number.NaN, windowMs: 1 }])
      expect(() => createRateLimiter(o)).toThrow(RangeError);
  });
});
