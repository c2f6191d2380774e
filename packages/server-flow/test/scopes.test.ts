import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { missingScopes, parseScope, scopeCovers } from '@mcp-oauth/server-flow';

describe('scopes', () => {
  it('R-TOK-4: a wildcard covers every scope under its prefix, at any depth, and nothing else', () => {
    expect(scopeCovers('mcp:exec:workflows:*', 'mcp:exec:workflows:run')).toBe(true);
    expect(scopeCovers('mcp:exec:*', 'mcp:exec:workflows')).toBe(true);
    expect(scopeCovers('mcp:exec:*', 'mcp:exec:workflows:run')).toBe(true);
    expect(scopeCovers('mcp:exec:*', 'mcp:exec:workflows:*')).toBe(true);
    expect(scopeCovers('mcp:exec:*', 'mcp:exec')).toBe(false);
    expect(scopeCovers('mcp:exec:*', 'mcp:executor')).toBe(false);
    expect(scopeCovers('mcp:exec:workflows:*', 'mcp:exec:*')).toBe(false);
    expect(scopeCovers('*', 'mcp:read')).toBe(false);
    expect(scopeCovers(':*', 'a')).toBe(false);
    expect(scopeCovers('mcp:read', 'mcp:read')).toBe(true);
    expect(scopeCovers('mcp:read', 'mcp:read:x')).toBe(false);
  });

  it('R-TOK-4: missingScopes lists exactly the uncovered needed scopes, once each', () => {
    expect(missingScopes(['mcp:exec:*'], ['mcp:exec:a', 'mcp:read', 'mcp:read'])).toEqual(['mcp:read']);
    expect(missingScopes([], [])).toEqual([]);
  });

  it('RFC 6749 §3.3: scope strings split on single spaces; bad characters, double spaces and floods are refused', () => {
    expect(parseScope('a b a')).toEqual(['a', 'b']);
    expect(parseScope(undefined)).toEqual([]);
    expect(parseScope('')).toEqual([]);
    for (const bad of ['a  b', ' a', 'a\tb', 'a"b', 'a\\b', 'é', Array.from({ length: 65 }, (_, i) => `s${i}`).join(' ')]) {
      expect(() => parseScope(bad)).toThrow(RangeError);
    }
    expect(() => parseScope(5 as unknown as string)).toThrow(TypeError);
  });

  it('R-TOK-4: property: a granted set covers any subset of itself, and a wildcard covers every extension of its prefix', () => {
    const seg = fc.stringMatching(/^[a-z]{1,6}$/);
    fc.assert(fc.property(fc.array(seg, { minLength: 1, maxLength: 4 }), fc.array(seg, { minLength: 1, maxLength: 3 }), (prefix, rest) => {
      const base = prefix.join(':');
      expect(scopeCovers(`${base}:*`, `${base}:${rest.join(':')}`)).toBe(true);
      expect(scopeCovers(`${base}:*`, base)).toBe(false);
      expect(scopeCovers(`${base}:${rest.join(':')}`, base)).toBe(false);
    }));
    fc.assert(fc.property(fc.uniqueArray(seg, { maxLength: 10 }), fc.nat(), (granted, n) => {
      const subset = granted.filter((_, i) => (n >> i) & 1);
      expect(missingScopes(granted, subset)).toEqual([]);
    }));
  });

  it('A77: parseScope on 100 KB adversarial strings answers quickly with a value or a RangeError', () => {
    for (const s of ['a'.repeat(100_000), 'a '.repeat(50_000), ':*'.repeat(50_000), '\u0000'.repeat(100_000)]) {
      try { parseScope(s); } catch (e) { expect(e).toBeInstanceOf(RangeError); }
    }
  });
});
