import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertSafeUrl,
  canonicalResourceUri,
  formatWwwAuthenticate,
  isPrivateAddress,
  MetadataError,
  parseWwwAuthenticate,
  processAuthorizationServerMetadata,
  processProtectedResourceMetadata,
  type WwwAuthenticateChallenge,
} from '@mcp-oauth/metadata';

const coded = (codes: string[]) => (e: unknown): void => {
  expect(e).toBeInstanceOf(MetadataError);
  expect(codes).toContain((e as MetadataError).code);
};

// Pieces of the grammar, so random strings hit deep states instead of failing at the first byte.
const piece = fc.constantFrom('Bearer', 'basic', ' ', '\t', ',', '=', '==', '"', '\\', 'realm', 'a+/', 'x="y"', '\\"', '\r\n', '\u0000', 'é', '\u0100', '~', 'token68=');
const grammarish = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));
const tokenChars = "!#$%&'*+-.^_`|~ABCXYZabcxyz0189".split('');
const token = fc.array(fc.constantFrom(...tokenChars), { minLength: 1, maxLength: 12 }).map((c) => c.join(''));
const latin1 = fc.array(fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f), { maxLength: 30 }).map((cs) => String.fromCharCode(...cs));
const value = fc.oneof(latin1, fc.constantFrom('', '"', '\\', '\t', 'a\\"b'));
const challenge: fc.Arbitrary<WwwAuthenticateChallenge> = fc.record({
  scheme: token,
  params: fc.uniqueArray(fc.tuple(token, value), { maxLength: 5, selector: ([k]) => k.toLowerCase() }).map((e) => Object.fromEntries(e)),
});
const lower = (c: WwwAuthenticateChallenge): WwwAuthenticateChallenge => ({
  scheme: c.scheme.toLowerCase(),
  params: Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k.toLowerCase(), v])),
});

describe('metadata properties', () => {
  it('A77: the challenge parser returns or throws InvalidChallenge on any string, grammar-like or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), grammarish), (s) => {
        try {
          const r = parseWwwAuthenticate(s);
          for (const c of r) expect(typeof c.scheme).toBe('string');
        } catch (e) {
          coded(['InvalidChallenge'])(e);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('A77: strings of up to 100 KB built from grammar pieces finish (linear scanner) with a value or InvalidChallenge', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1000, max: 100_000 }), (pieces, size) => {
        const unit = pieces.join('') || ' ';
        const s = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
        try {
          parseWwwAuthenticate(s, { maxLength: 200_000 });
        } catch (e) {
          coded(['InvalidChallenge'])(e);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('RFC 9110 §11.6.1: format then parse gives the challenges back, names lowercase', () => {
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 4 }), (cs) => {
        expect(parseWwwAuthenticate(formatWwwAuthenticate(cs), { maxLength: 1e6 })).toEqual(cs.map(lower));
      }),
      { numRuns: 1000 },
    );
  });

  it('processors on arbitrary bodies and content types return a document or throw a coded MetadataError', async () => {
    const body = fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify({ issuer: 'https://as.example', resource: 'https://mcp.example', extra: v })),
      fc.record({ issuer: fc.constant('https://as.example'), code_challenge_methods_supported: fc.constantFrom(['S256'], ['plain'], 'S256'), token_endpoint: fc.oneof(fc.webUrl(), fc.string()), scopes_supported: fc.anything() }).map((o) => JSON.stringify(o)));
    const type = fc.constantFrom('application/json', 'application/problem+json', 'text/plain', '', 'application/json; charset=utf-8');
    await fc.assert(
      fc.asyncProperty(body, type, fc.constantFrom(200, 200, 201, 302, 404, 500), async (b, t, status) => {
        const mk = (): Response => new Response(b, { status, headers: t ? { 'content-type': t } : {} });
        for (const run of [() => processAuthorizationServerMetadata(mk(), 'https://as.example'), () => processProtectedResourceMetadata(mk(), 'https://mcp.example')]) {
          try {
            const doc = await run();
            expect(typeof doc).toBe('object');
          } catch (e) {
            coded(['IssuerMismatch', 'ResourceMismatch', 'PkceUnsupported', 'InsecureUrl', 'InvalidDocument', 'InvalidResponse', 'RedirectRefused', 'BodyTooLarge'])(e);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('assertSafeUrl and isPrivateAddress never throw anything but InsecureUrl, on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), (s) => {
        expect(typeof isPrivateAddress(s)).toBe('boolean');
        try {
          expect(assertSafeUrl(s).protocol).toMatch(/^https?:$/);
        } catch (e) {
          coded(['InsecureUrl'])(e);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('RFC 8707 §2: canonicalResourceUri is idempotent and never keeps a fragment', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['https'], withFragments: true, withQueryParameters: true }), (u) => {
        try {
          const c = canonicalResourceUri(u);
          expect(c).not.toContain('#');
          expect(canonicalResourceUri(c)).toBe(c);
        } catch (e) {
          coded(['InsecureUrl'])(e); // e.g. userinfo
        }
      }),
      { numRuns: 1000 },
    );
  });
});
