import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DcrError, redirectUriMatches, validateClientMetadata, validateClientUpdate } from '@mcp-oauth/dcr';
import { assertClientIdUrl, validateClientIdMetadataDocument } from '@mcp-oauth/dcr/cimd';

const LOOP = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(?::\d+)?(\/.*)$/s;
const strip = (u: string) => u.replace(/^(http:\/\/(?:127\.0\.0\.1|\[::1\]|localhost))(?::\d+)?/, '$1');

const registered = fc.oneof(
  fc.constantFrom('https://client.example.com/cb', 'http://127.0.0.1/callback', 'http://[::1]/cb', 'http://localhost:3000/cb', 'http://127.0.0.1:8080/a?b=c'),
  fc.webUrl({ withQueryParameters: true }),
);
const mutate = (s: string) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.tuple(fc.nat(), fc.nat(4), fc.string({ unit: 'binary', maxLength: 4 })).map(([i, del, ins]) => {
      const at = i % (s.length + 1);
      return s.slice(0, at) + ins + s.slice(at + del);
    }),
    fc.integer({ min: 0, max: 99_999 }).map((p) => s.replace(/^(http:\/\/(?:127\.0\.0\.1|\[::1\]|localhost))(?::\d+)?/, `$1:${p}`)),
    fc.constantFrom(s.toUpperCase(), s + '/', s + '#', s.replace('://', '://x@'), s.replace(/^http:/, 'https:')),
  );

describe('dcr properties', () => {
  it('A-RED-1: the matcher never accepts a string that differs from the registration except in a loopback port', () => {
    fc.assert(
      fc.property(registered.chain((r) => fc.tuple(fc.constant(r), mutate(r))), ([r, p]) => {
        if (!redirectUriMatches(r, p)) return;
        if (p === r) return;
        expect(LOOP.test(r) && LOOP.test(p)).toBe(true);
        expect(strip(p)).toBe(strip(r));
        const port = /^http:\/\/(?:127\.0\.0\.1|\[::1\]|localhost):(\d+)/.exec(p)?.[1];
        if (port !== undefined) expect(Number(port) >= 1 && Number(port) <= 65535 && !port.startsWith('0')).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('A-RED-1: a loopback registration matches itself on every valid port', () => {
    fc.assert(
      fc.property(fc.constantFrom('http://127.0.0.1/cb', 'http://[::1]/x/y?z', 'http://localhost/'), fc.integer({ min: 1, max: 65535 }), (r, port) => {
        expect(redirectUriMatches(r, r.replace(/^(http:\/\/[^/]+)/, `$1:${port}`))).toBe(true);
      }),
    );
  });

  const isCoded = (e: unknown) => e instanceof DcrError;
  it('validators on arbitrary JSON return a value or throw DcrError, never anything else', async () => {
    const meta = fc.record(
      {
        redirect_uris: fc.oneof(fc.array(fc.oneof(fc.webUrl(), fc.string(), fc.constant('http://127.0.0.1/cb')), { maxLength: 12 }), fc.jsonValue()),
        grant_types: fc.oneof(fc.subarray(['authorization_code', 'refresh_token', 'client_credentials', 'implicit']), fc.jsonValue()),
        response_types: fc.oneof(fc.subarray(['code', 'token']), fc.jsonValue()),
        token_endpoint_auth_method: fc.oneof(fc.constantFrom('none', 'client_secret_basic', 'private_key_jwt', 'client_secret_jwt'), fc.jsonValue()),
        client_name: fc.oneof(fc.string({ unit: 'binary', maxLength: 250 }), fc.jsonValue()),
        logo_uri: fc.oneof(fc.webUrl(), fc.jsonValue()),
        jwks: fc.jsonValue(),
        scope: fc.oneof(fc.string(), fc.jsonValue()),
        software_statement: fc.oneof(fc.string(), fc.jsonValue()),
        client_id: fc.oneof(fc.webUrl(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(meta, fc.jsonValue()), async (input) => {
        for (const run of [
          () => validateClientMetadata(input),
          () => validateClientMetadata(input, { verifySoftwareStatement: async () => input, requireSameHost: true }),
          () => validateClientUpdate(input, 'c1'),
          async () => validateClientIdMetadataDocument(input, 'https://client.example.com/c.json'),
        ]) {
          try {
            const out = await run();
            expect(typeof out).toBe('object');
          } catch (e) {
            expect(isCoded(e)).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('assertClientIdUrl on any string returns an https URL equal to its input or throws InvalidClientId', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.string({ unit: 'binary' })), (s) => {
        try {
          const u = assertClientIdUrl(s);
          expect([u.href, u.protocol]).toEqual([s, 'https:']);
        } catch (e) {
          expect(e).toMatchObject({ code: 'InvalidClientId' });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('A77: 100 KB adversarial strings in every parser are refused with coded errors (ReDoS guard)', async () => {
    const evil = [
      'https://' + 'a'.repeat(100_000),
      'http://127.0.0.1:' + '1'.repeat(100_000) + '/cb',
      'http://127.0.0.1/' + '/'.repeat(100_000),
      'http://localhost' + ':1'.repeat(50_000),
      '\t'.repeat(100_000) + 'javascript:alert(1)',
      'https://a.com/' + '%2e%2e/'.repeat(14_000),
      'https://' + 'a.'.repeat(50_000) + 'com/c',
      'a '.repeat(50_000),
    ];
    for (const s of evil) {
      expect(redirectUriMatches('http://127.0.0.1/cb', s)).toBe(false);
      expect(redirectUriMatches(s, s)).toBe(true);
      expect(() => assertClientIdUrl(s)).toThrowError(expect.objectContaining({ code: 'InvalidClientId' }));
      await expect(validateClientMetadata({ redirect_uris: [s] })).rejects.toMatchObject({ code: 'invalid_redirect_uri' });
      for (const k of ['client_name', 'scope', 'logo_uri', 'software_id'])
        await expect(validateClientMetadata({ redirect_uris: ['https://a.com/cb'], [k]: s })).rejects.toMatchObject({ code: 'invalid_client_metadata' });
      expect(() => validateClientIdMetadataDocument({ client_id: s }, s)).toThrowError(expect.objectContaining({ code: 'InvalidClientId' }));
    }
    // a long loopback presentation with a long, equal path still compares in linear time
    const path = '/' + 'x'.repeat(100_000);
    expect(redirectUriMatches('http://127.0.0.1' + path, 'http://127.0.0.1:5000' + path)).toBe(true);
  });
});
