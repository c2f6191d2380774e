import { describe, expect, it } from 'vitest';
import { formatBearerChallenge, formatWwwAuthenticate, parseBearerChallenge, parseWwwAuthenticate } from '@mcp-oauth/metadata';
import { codeOf } from './helpers';
import { rfc6750, rfc9110 } from './vectors/rfc9110';
import * as rfc9728 from './vectors/rfc9728';

const bad = async (header: string): Promise<string> => codeOf(() => parseWwwAuthenticate(header));

describe('parseWwwAuthenticate (RFC 9110 §11.6.1)', () => {
  it('RFC 9110 §11.6.1: the example with two challenges, a token value and an escaped quote', () => {
    expect(parseWwwAuthenticate(rfc9110)).toEqual([
      { scheme: 'basic', params: { realm: 'simple' } },
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
    ]);
  });

  it('RFC 6750 §3: the Bearer examples', () => {
    expect(parseWwwAuthenticate(rfc6750[1])).toEqual([
      { scheme: 'bearer', params: { realm: 'example', error: 'invalid_token', error_description: 'The access token expired' } },
    ]);
    expect(parseWwwAuthenticate(rfc6750[2])[0]?.params.scope).toBe('files:read');
  });

  it('RFC 9110 §11.2: token68, bare schemes, empty list elements, tabs and BWS around "="', () => {
    expect(parseWwwAuthenticate('Negotiate abc+/==, Basic')).toEqual([
      { scheme: 'negotiate', params: {}, token68: 'abc+/==' },
      { scheme: 'basic', params: {} },
    ]);
    expect(parseWwwAuthenticate(' , Bearer ,realm = "x" ,\t, Basic realm=y,')).toEqual([
      { scheme: 'bearer', params: { realm: 'x' } },
      { scheme: 'basic', params: { realm: 'y' } },
    ]);
    expect(parseWwwAuthenticate('')).toEqual([]);
    // `realm=` alone is a valid token68, not an empty parameter
    expect(parseWwwAuthenticate('Bearer realm=')).toEqual([{ scheme: 'bearer', params: {}, token68: 'realm=' }]);
  });

  it('RFC 9110 §11.1: scheme and parameter names are case-insensitive (returned lowercase), values keep their case', () => {
    expect(parseWwwAuthenticate('BEARER Realm="MiXeD"')).toEqual([{ scheme: 'bearer', params: { realm: 'MiXeD' } }]);
  });

  it('RFC 9110 §5.6.4: quoted-pair unescapes any char; an escaped backslash before the closing quote ends the string', () => {
    expect(parseWwwAuthenticate('X a="\\\\", b="\\q\\""')[0]?.params).toEqual({ a: '\\', b: 'q"' });
  });

  it('refuses duplicates in any case, stray text, missing values, control characters, unterminated strings', async () => {
    for (const h of [
      'Bearer realm="a", realm="b"',
      'Bearer realm="a", REALM="b"',
      'Bearer realm="a" error="b"',
      'Bearer error="x", realm=',
      'Bearer realm=, error="x"',
      'Bearer realm="a',
      'Bearer realm="a\\',
      'Bearer realm="a\r\nb"',
      'Bearer realm="a\u0000"',
      'Bearer realm="\u0100"',
      'Bearer =x',
      'Bearer="x"',
      '"Bearer"',
      'Negotiate abc==, realm="x"',
      'Bearer realm=a b',
      'Bearer realm=@',
    ]) {
      expect(await bad(h), JSON.stringify(h)).toBe('InvalidChallenge');
    }
  });

  it('a parameter named __proto__ is plain data', () => {
    const [c] = parseWwwAuthenticate('X __proto__="polluted", constructor=y');
    expect(c?.params['__proto__']).toBe('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a value longer than maxLength, configurable', async () => {
    const long = `Bearer realm="${'a'.repeat(20_000)}"`;
    expect(await bad(long)).toBe('InvalidChallenge');
    expect(parseWwwAuthenticate(long, { maxLength: 30_000 })[0]?.params.realm).toHaveLength(20_000);
  });

  it('throws TypeError for a non-string', async () => {
    expect(await codeOf(() => parseWwwAuthenticate(null as never))).toBe('TypeError');
  });
});

describe('formatWwwAuthenticate', () => {
  it('RFC 9110 §11.6.1: quotes and escapes every value, joins challenges', () => {
    expect(formatWwwAuthenticate([{ scheme: 'Basic', params: { realm: 'simple' } }, { scheme: 'Newauth', params: { title: 'Login to "apps" \\' } }])).toBe(
      'Basic realm="simple", Newauth title="Login to \\"apps\\" \\\\"',
    );
    expect(formatWwwAuthenticate({ scheme: 'Bearer', params: {} })).toBe('Bearer');
  });

  it('refuses CR, LF, NUL and other controls, non-token names and schemes, case-duplicates, token68', async () => {
    const f = (c: unknown): Promise<string> => codeOf(() => formatWwwAuthenticate(c as never));
    for (const v of ['a\r\nSet-Cookie: x=1', 'a\n', 'a\r', 'a\u0000', 'a\u007f', '\u2028']) {
      expect(await f({ scheme: 'Bearer', params: { error_description: v } })).toBe('RangeError');
    }
    expect(await f({ scheme: 'Bear er', params: {} })).toBe('RangeError');
    expect(await f({ scheme: 'Bearer', params: { 'a b': 'x' } })).toBe('RangeError');
    expect(await f({ scheme: 'Bearer', params: { realm: 'x', Realm: 'y' } })).toBe('RangeError');
    expect(await f({ scheme: 'X', params: { a: 'b' }, token68: 'abc' })).toBe('RangeError');
    expect(await f({ scheme: 'Negotiate', params: {}, token68: 'abc==' })).toBe('RangeError');
    expect(await f({ scheme: 'X', params: { a: 1 } })).toBe('TypeError');
  });
});

describe('Bearer helpers (RFC 6750 §3, RFC 9728 §5.1)', () => {
  it('RFC 9728 §5.1: parses resource_metadata from the example challenge', () => {
    expect(parseBearerChallenge(rfc9728.challenge)).toEqual({ resourceMetadata: 'https://resource.example.com/.well-known/oauth-protected-resource' });
  });

  it('RFC 6750 §3: maps scope, error, error_description, error_uri, realm; null or no Bearer gives undefined', () => {
    expect(parseBearerChallenge('Basic realm="x", Bearer realm="r", scope="a b", error="insufficient_scope", error_description="d", error_uri="https://e"')).toEqual({
      realm: 'r', scope: 'a b', error: 'insufficient_scope', errorDescription: 'd', errorUri: 'https://e',
    });
    expect(parseBearerChallenge(null)).toBeUndefined();
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
  });

  it('R-PRM-2: formats resource_metadata and scope; round-trips through the parser', () => {
    const c = { resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp', scope: 'files:read files:write' };
    const header = formatBearerChallenge(c);
    expect(header).toBe('Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="files:read files:write"');
    expect(parseBearerChallenge(header)).toEqual(c);
  });

  it('A56 (header side): an error_description with quotes, backslash or CRLF is sanitised, never splits the header', () => {
    const header = formatBearerChallenge({ error: 'invalid_token', errorDescription: 'bad "x"\\\r\nSet-Cookie: a=b' });
    expect(header).not.toMatch(/[\r\n]/);
    expect(parseBearerChallenge(header)?.errorDescription).toBe('bad  x    Set-Cookie: a=b');
  });
});
