// The verification fast path (one buffer per token, table-driven base64url, the header cache and
// the duplicate-name count) must stay exactly as strict as the rules it replaced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JwtError, signJwt, verifyJwt, verifyJws, type JwtKey } from '@mcp-oauth/jwt-lite';
import { decodeBase64url, encodeBase64url } from '../src/internal/base64url';
import { parseJsonObject } from '../src/internal/json';
import { forgeHs256, keyPair, NOW, now, signRaw } from './helpers';

const code = async (p: Promise<unknown>): Promise<string> =>
  p.then(() => 'ok', (e: unknown) => (e instanceof JwtError ? e.code : `not a JwtError: ${String(e)}`));
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('jwt-lite fast path', () => {
  it('RFC 7515 §2: base64url decoding round-trips every length and accepts exactly one encoding per byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        const s = encodeBase64url(bytes);
        expect(decodeBase64url(s)).toEqual(bytes);
        // Any other last symbol either decodes to other bytes or is refused (non-zero padding bits).
        if (s.length) {
          for (const c of ALPHABET) {
            if (c === s.at(-1)) continue;
            let other: Uint8Array | undefined;
            try {
              other = decodeBase64url(s.slice(0, -1) + c);
            } catch (e) {
              expect((e as JwtError).code).toBe('JWSInvalid');
            }
            if (other) expect(other).not.toEqual(bytes);
          }
        }
      }),
      { numRuns: 300 },
    );
    for (const bad of ['A', 'AAAAA', 'AB==', 'A B', 'AB+/', 'AQ.', 'Ł', '\u0141A', 'AAF', 'AB', 'AAAAAAB']) {
      expect(() => decodeBase64url(bad)).toThrow(JwtError);
    }
  });

  it('RFC 7515 §7.1: a non-ASCII character in any segment is refused, also one whose low byte is a base64url letter', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const token = await signJwt({ sub: 'a', exp: NOW + 60 }, signing);
    const [h, p, s] = token.split('.') as [string, string, string];
    // U+0141 and U+0161 truncate to "A" and "a" if a byte copy ignored the high byte; U+00E9 is Latin-1.
    for (const c of ['\u0141', '\u0161', '\u00e9', '\ud83d\ude00', '\ud800']) {
      for (const t of [`${c}${h}.${p}.${s}`, `${h}.${p.slice(0, 5)}${c}${p.slice(6)}.${s}`, `${h}.${p}.${s.slice(0, -1)}${c}`]) {
        expect(await code(verifyJwt(t, verifying, { algorithms: ['HS256'], now }))).toBe('JWSInvalid');
      }
    }
  });

  it('RFC 7515 §5.2: member names are counted past escaped quotes, backslashes and colons inside strings', async () => {
    const secret = new Uint8Array(32).fill(7);
    const key: JwtKey = (await import('@mcp-oauth/jwt-lite').then((m) => m.importJwk({ kty: 'oct', k: encodeBase64url(secret) }, 'HS256')));
    const names = fc.string({ unit: fc.constantFrom('a', '"', '\\', ':', ',', '{', '}', '[', ']', ' ', 'é'), maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(names, { minLength: 1, maxLength: 5 }), fc.nat(), async (keys, pick) => {
        fc.pre(!keys.includes('__proto__'));
        const members = keys.map((k, i) => `${JSON.stringify(k)} : ${JSON.stringify({ [k]: `${k}:"${i}` })}`);
        const good = `{${members.join(',')}}`;
        const dup = `{${members.join(',')},${members[pick % members.length]}}`;
        const ok = await forgeHs256({ alg: 'HS256' }, good, secret);
        const bad = await forgeHs256({ alg: 'HS256' }, dup, secret);
        expect(await code(verifyJwt(ok, key, { algorithms: ['HS256'], now }))).toBe('ok');
        expect(await code(verifyJwt(bad, key, { algorithms: ['HS256'], now }))).toBe('JWSInvalid');
      }),
      { numRuns: 150 },
    );
  });

  it('RFC 7515 §5.2: duplicate names are found in the text, not in the keys JSON.parse made (Node 26.10 has returned a wrong key for an escaped name)', () => {
    const real = JSON.parse;
    const text = '{"a\\"":1,"a\\"":2}';
    const deep = (inner: string): string => `${'['.repeat(30)}{"a\\"":{${inner}}}${']'.repeat(30)}`; // innermost object at depth 32, still allowed
    try {
      // What the Node 26.10 binary was seen to return after many calls: the second of two equal
      // escaped names turned into another one, so the count of parsed members matched the text's.
      JSON.parse = ((t: string, r?: Parameters<typeof JSON.parse>[1]) => (t === text ? { 'a"': 1, 'a\\': 2 } : real(t, r))) as typeof JSON.parse;
      expect(() => parseJsonObject(text)).toThrow(JwtError);
    } finally {
      JSON.parse = real;
    }
    expect(parseJsonObject('{"a\\"":1,"a\\\\":2,"\\u0062":3}')).toEqual({ 'a"': 1, 'a\\': 2, b: 3 });
    // equal after decoding, in any object at any depth
    expect(() => parseJsonObject(`{"y":${deep('"x":1,"z":2')}}`)).not.toThrow();
    for (const dup of ['{"b":1,"\\u0062":2}', '{"x":[{"k":1,"k":2}]}', `{"y":${deep('"x":1,"x":2')}}`]) expect(() => parseJsonObject(dup)).toThrow(JwtError);
  });

  it('RFC 7515 §5.2: the header cache is keyed by the exact segment; 200 distinct headers keep every check', async () => {
    const { signing, verifying } = await keyPair('ES256');
    for (let i = 0; i < 200; i++) {
      const typ = i % 3 ? 'at+jwt' : 'JWT';
      const t = await signRaw({ alg: 'ES256', typ, kid: `k${i}` }, { sub: `u${i}`, exp: NOW + 60 }, signing);
      const want = typ === 'JWT' ? 'TypMismatch' : 'ok';
      expect(await code(verifyJwt(t, verifying, { algorithms: ['ES256'], typ: 'at+jwt', now }))).toBe(want);
      // The same header again (cached) with a header check that now fails.
      expect(await code(verifyJwt(t, verifying, { algorithms: ['HS256'], now }))).toBe('AlgNotAllowed');
      expect(await code(verifyJwt(t, verifying, { algorithms: ['ES256'], typ: 'dpop+jwt', now }))).toBe('TypMismatch');
    }
    // A cached header does not make a header with one more member (crit) acceptable.
    const crit = await signRaw({ alg: 'ES256', typ: 'at+jwt', kid: 'k1', crit: ['exp'], exp: 1 }, { exp: NOW + 60 }, signing);
    expect(await code(verifyJwt(crit, verifying, { algorithms: ['ES256'], now }))).toBe('JWSInvalid');
  });

  it('RFC 7515 §5.2: 64 verifications in flight at once, half of them forged, each get their own answer', async () => {
    for (const alg of ['HS256', 'ES256', 'EdDSA'] as const) {
      const { signing, verifying } = await keyPair(alg);
      const tokens = await Promise.all(Array.from({ length: 64 }, (_, i) => signJwt({ sub: `user-${i}`, exp: NOW + 60 }, signing)));
      // Odd tokens carry the payload of their neighbour: a valid signature over other bytes.
      const mixed = tokens.map((t, i) => {
        if (i % 2 === 0) return t;
        const [h, , s] = t.split('.');
        return `${h}.${tokens[i - 1]!.split('.')[1]}.${s}`;
      });
      const results = await Promise.all(mixed.map((t) => verifyJwt(t, verifying, { algorithms: [alg], now }).then((r) => r.claims.sub, (e: JwtError) => e.code)));
      results.forEach((r, i) => expect(r).toBe(i % 2 ? 'SignatureInvalid' : `user-${i}`));
    }
  });

  it('RFC 7515 §5.2: verifyJws returns the payload bytes as a fresh array, unaffected by later verifications', async () => {
    const { signing, verifying } = await keyPair('HS256');
    const a = await signJwt({ sub: 'first', exp: NOW + 60 }, signing);
    const b = await signJwt({ sub: 'second-longer-subject', exp: NOW + 60 }, signing);
    const { payload } = await verifyJws(a, verifying, { algorithms: ['HS256'] });
    const copy = payload.slice();
    await verifyJws(b, verifying, { algorithms: ['HS256'] });
    await verifyJwt(b, verifying, { algorithms: ['HS256'], now });
    expect(payload).toEqual(copy);
    expect(payload.byteLength).toBe(payload.buffer.byteLength);
    expect(JSON.parse(new TextDecoder().decode(payload)).sub).toBe('first');
  });
});
