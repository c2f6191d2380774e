import { describe, expect, it } from 'vitest';
import { redirectUriMatches, validateClientMetadata } from '@mcp-oauth/dcr';

const REG = 'https://client.example.com/cb';
const register = (redirect_uris: unknown) => validateClientMetadata({ redirect_uris, token_endpoint_auth_method: 'none' });

describe('redirectUriMatches: redirect table R1-R14 against https://client.example.com/cb', () => {
  const rows: [string, string[]][] = [
    ['R1', ['https://client.example.com/cb/']],
    ['R2', ['https://CLIENT.example.com/cb', 'HTTPS://client.example.com/cb']],
    ['R3', ['https://client.example.com/CB']],
    ['R4', ['https://client.example.com/cb?x=1', 'https://client.example.com/cb?']],
    ['R5', ['https://client.example.com/cb#frag', 'https://client.example.com/cb#']],
    ['R6', ['https://client.example.com:443/cb']],
    ['R7', ['https://attacker@client.example.com/cb', 'https://client.example.com@attacker.com/cb']],
    ['R8', ['https://client.example.com/cb/../evil', 'https://client.example.com/cb/%2e%2e/evil', 'https://client.example.com/cb%2F..%2Fevil', 'https://client.example.com/cb/..']],
    ['R9', ['https://client.example.com.attacker.com/cb', 'https://attacker.com/client.example.com/cb', 'https://client.example.com/cbx']],
    ['R11', ['//client.example.com/cb', 'client.example.com/cb', '/cb']],
    ['R12', ['https://client.example.com/cb%0d%0aSet-Cookie:x', 'https://client.example.com/cb\r\nSet-Cookie:x', 'https://client.example.com/cb ', ' https://client.example.com/cb', 'https://client.example.com/cb\t', 'https://client.example.com/cb\n']],
    ['R14', ['http://client.example.com/cb']],
  ];
  for (const [id, presented] of rows) {
    it(`${id}: ${presented.map((p) => JSON.stringify(p)).join(', ')} do not match`, () => {
      for (const p of presented) expect(redirectUriMatches(REG, p)).toBe(false);
    });
  }

  it('A-RED-1: the registered string itself matches, alone or in a list', () => {
    expect(redirectUriMatches(REG, REG)).toBe(true);
    expect(redirectUriMatches(['https://other.example/cb', REG], REG)).toBe(true);
  });

  it('A-RED-1: a missing or non-string presented value never matches', () => {
    for (const p of [undefined, null, 42, [REG], { toString: () => REG }, '']) expect(redirectUriMatches(REG, p)).toBe(false);
  });

  it('throws TypeError when the registration is not a string or list of strings (caller mistake)', () => {
    expect(() => redirectUriMatches(42 as unknown as string, REG)).toThrow(TypeError);
    expect(() => redirectUriMatches([REG, 1] as unknown as string[], REG)).toThrow(TypeError);
  });
});

describe('redirectUriMatches: loopback table L1-L9 (RFC 8252 §7.3)', () => {
  it('L1: http://127.0.0.1:53211/callback matches http://127.0.0.1/callback and a ported registration', () => {
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1:53211/callback')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1:8080/callback', 'http://127.0.0.1:53211/callback')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1:8080/callback', 'http://127.0.0.1/callback')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1:1/callback')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1:65535/callback')).toBe(true);
  });

  it('L2: http://[::1]:9000/cb matches http://[::1]/cb; http://localhost ports vary too', () => {
    expect(redirectUriMatches('http://[::1]/cb', 'http://[::1]:9000/cb')).toBe(true);
    expect(redirectUriMatches('http://localhost/cb', 'http://localhost:9000/cb')).toBe(true);
  });

  it('L3: no localhost <-> 127.0.0.1 <-> [::1] cross match', () => {
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://localhost:53211/callback')).toBe(false);
    expect(redirectUriMatches('http://localhost/callback', 'http://127.0.0.1:53211/callback')).toBe(false);
    expect(redirectUriMatches('http://[::1]/callback', 'http://127.0.0.1:53211/callback')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://[::1]:53211/callback')).toBe(false);
  });

  it('L4: https://127.0.0.1:53211/callback does not match (scheme)', () => {
    expect(redirectUriMatches('http://127.0.0.1/callback', 'https://127.0.0.1:53211/callback')).toBe(false);
  });

  it('L5: http://127.0.0.1:53211/evil does not match (path), nor do other path, query or fragment changes', () => {
    for (const p of ['http://127.0.0.1:53211/evil', 'http://127.0.0.1:53211/callback/', 'http://127.0.0.1:53211/callback?x', 'http://127.0.0.1:53211/callback#x', 'http://127.0.0.1:53211/op/x/../callback', 'http://127.0.0.1:53211', 'http://127.0.0.1:53211/Callback'])
      expect(redirectUriMatches('http://127.0.0.1/callback', p)).toBe(false);
  });

  it('L7: http://127.0.0.1.attacker.com:53211/callback does not match', () => {
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1.attacker.com:53211/callback')).toBe(false);
    expect(redirectUriMatches('http://localhost/callback', 'http://localhost.attacker.com:53211/callback')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1@attacker.com:53211/callback')).toBe(false);
  });

  it('L8: the port relaxation is loopback only: http://192.168.1.1:8080/cb does not match http://192.168.1.1/cb', () => {
    expect(redirectUriMatches('http://192.168.1.1/cb', 'http://192.168.1.1:8080/cb')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.2/cb', 'http://127.0.0.2:8080/cb')).toBe(false);
  });

  it('L9: a non-loopback port must match: https://example.com:8443/cb against https://example.com/cb', () => {
    expect(redirectUriMatches('https://example.com/cb', 'https://example.com:8443/cb')).toBe(false);
  });

  it('RFC 8252 §7.3: raw loopback variants are refused (case, padded IPv4, leading-zero, out-of-range or empty port)', () => {
    for (const p of ['HTTP://127.0.0.1:8888/callback', 'http://LOCALHOST:8888/callback', 'http://127.000.000.001:8888/callback', 'http://2130706433:8888/callback', 'http://127.1:8888/callback', 'http://127.0.0.1:08888/callback', 'http://127.0.0.1:65536/callback', 'http://127.0.0.1:0/callback', 'http://127.0.0.1:/callback', 'http://127.0.0.1:99999/callback', 'http://[0:0:0:0:0:0:0:1]:8888/callback', 'http://127.0.0.1:8888 /callback'])
      expect(redirectUriMatches(p.includes('LOCALHOST') ? 'http://localhost/callback' : 'http://127.0.0.1/callback', p)).toBe(false);
  });
});

describe('redirect URIs at registration (RFC 7591 §2, RFC 9700 §2.6)', () => {
  it('A17: javascript:, data:, vbscript:, file:, blob:, about:, mailto: and whitespace-prefixed variants are invalid_redirect_uri', async () => {
    for (const u of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', '\tjavascript:alert(1)', ' javascript:alert(1)', '\njavascript:alert(1)', '\u0000javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', 'blob:https://client.example.com/1234', 'about:blank', 'mailto:a@example.com', 'javascript://client.example.com/%0aalert(1)'])
      await expect(register([u])).rejects.toMatchObject({ code: 'invalid_redirect_uri', oauthError: 'invalid_redirect_uri' });
  });

  it('A18: non-loopback http, fragment, wildcard, userinfo, empty string, [] and [123] are refused', async () => {
    for (const u of ['http://app.example.com/cb', 'https://app.example.com/cb#x', 'https://app.example.com/cb#', 'https://*.example.com/cb', 'https://u:p@app.example.com/cb', 'https://u@app.example.com/cb', ''])
      await expect(register([u])).rejects.toMatchObject({ code: 'invalid_redirect_uri' });
    for (const v of [[], [123], '', 'https://app.example.com/cb', null, {}])
      await expect(register(v)).rejects.toMatchObject({ code: expect.stringMatching(/^invalid_(redirect_uri|client_metadata)$/) });
  });

  it('A18: a mix of an acceptable URI and a refused one is refused whole', async () => {
    await expect(register(['https://app.example.com/cb', 'cursor://callback'])).rejects.toMatchObject({ code: 'invalid_redirect_uri' });
    await expect(register(['http://127.0.0.1/cb', 'http://evil.example/cb'])).rejects.toMatchObject({ code: 'invalid_redirect_uri' });
  });

  it('RFC 8252 §8.3: https on a loopback host, other 127/8 addresses and non-canonical forms are refused', async () => {
    for (const u of ['https://localhost/cb', 'https://127.0.0.1/cb', 'https://[::1]/cb', 'http://127.0.0.2/cb', 'http://127.1/cb', 'http://LOCALHOST/cb', 'HTTPS://app.example.com/cb', 'https://APP.example.com/cb', 'https://app.example.com:443/cb', 'https://app.example.com', 'https://app.example.com/a/../cb', 'https://app.example.com/a/%2e%2e/cb', 'https://app.example.com\\cb', 'https:app.example.com/cb', 'https://app.example.com/c b', 'https://app.example.com/é', 'https://' + 'a'.repeat(2040) + '.com/'])
      await expect(register([u])).rejects.toMatchObject({ code: 'invalid_redirect_uri' });
  });

  it('A-RED-1: https, loopback http (any of the three hosts, with or without a port) and a query are accepted', async () => {
    const uris = ['https://app.example.com/cb', 'https://app.example.com/cb?tenant=1', 'http://127.0.0.1/callback', 'http://127.0.0.1:3000/callback', 'http://[::1]/cb', 'http://localhost:3000/callback', 'https://app.example.com:8443/cb'];
    expect((await register(uris)).redirect_uris).toEqual(uris);
  });
});
