import { describe, expect, it } from 'vitest';
import { assertSafeUrl, canonicalResourceUri, isLoopbackHost, isPrivateAddress } from '@mcp-oauth/metadata';
import { codeOf } from './helpers';

describe('assertSafeUrl', () => {
  it('RFC 9700 §2.6: https anywhere, http only on loopback hosts (unless disabled)', () => {
    for (const ok of ['https://as.example.com/token', 'http://127.0.0.1:8080/cb', 'http://localhost:3000/', 'http://[::1]/x', 'http://127.9.9.9/']) {
      expect(assertSafeUrl(ok)).toBeInstanceOf(URL);
    }
    expect(assertSafeUrl(new URL('https://as.example.com')).href).toBe('https://as.example.com/');
    expect(() => assertSafeUrl('http://127.0.0.1/', { allowLoopbackHttp: false })).toThrowError(expect.objectContaining({ code: 'InsecureUrl' }));
  });

  it('RFC 6749 §3.1: refuses other schemes, relative forms, userinfo, fragments, whitespace, controls and backslashes', async () => {
    for (const bad of [
      'http://as.example.com/', 'http://192.168.1.1/', 'http://127.0.0.1.attacker.example/', 'http://localhost.attacker.example/',
      'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'vbscript:x', 'ftp://a.example/', 'ws://a.example/',
      '//as.example/a', '/token', 'as.example/token', 'https:as.example/token', 'https:/as.example/token',
      'https://u:p@as.example/', 'https://u@as.example/', 'https://@as.example/', 'https://as.example@evil.example/',
      'https://as.example/#', 'https://as.example/#x', ' https://as.example/', 'https://as.example/\t', '\thttps://as.example/',
      'https://as.example/a b', 'https://as.example/\r\n', 'https://as.example\\@evil.example/', 'https://as.example/\u0000', '',
    ]) {
      expect(await codeOf(() => assertSafeUrl(bad)), bad).toBe('InsecureUrl');
    }
    for (const v of [42, null, undefined, {}]) expect(await codeOf(() => assertSafeUrl(v as never))).toBe('InsecureUrl');
  });

  it('never puts the URL in the error message', () => {
    try {
      assertSafeUrl('http://secret-host.example/?token=abc');
    } catch (e) {
      expect((e as Error).message).not.toContain('secret');
    }
  });
});

describe('isLoopbackHost and isPrivateAddress', () => {
  it('RFC 8252 §8.3: loopback is 127/8 in any spelling, ::1 and localhost only', () => {
    for (const h of ['127.0.0.1', '127.1', '0x7f.1', '2130706433', '[::1]', '::1', 'localhost', 'LOCALHOST']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['localhost.', 'a.localhost', '127.0.0.1.nip.io', '10.0.0.1', '[::2]', '::ffff:127.0.0.1x', 'example.com', '']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('RFC 6890: private, loopback, link-local, CGNAT, this-network, multicast, reserved and test ranges are private', () => {
    for (const ip of [
      '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '100.127.255.255',
      '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255', '192.0.0.8', '198.18.0.1', '198.19.255.255',
      '2130706433', '0177.0.0.1', '0x7f.1', '0x7f000001', '017700000001', '127.1', '0xa9.0xfe.0xa9.0xfe', '169.254.43518',
      '::', '::1', '[::1]', '::ffff:10.1.2.3', '::ffff:a01:203', '[::ffff:169.254.169.254]', '::ffff:8.8.8.8', '64:ff9b::a9fe:a9fe',
      '64:ff9b::10.0.0.1', '2002:a9fe:a9fe::1', '2001::1', '2001:1ff::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1',
      '100::1', 'localhost', 'LOCALHOST',
    ]) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
  });

  it('public addresses and non-addresses are not private', () => {
    for (const ip of ['8.8.8.8', '93.184.215.14', '1.1.1.1', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700:4700::1111', '2a00:1450:4001:82a::200e', '2001:200::1', '2003::1', 'example.com', 'localhost.', '', '1.2.3.256', 'not an ip']) {
      expect(isPrivateAddress(ip), ip).toBe(false);
    }
    expect(typeof isPrivateAddress(42 as never)).toBe('boolean');
  });
});

describe('canonicalResourceUri (RFC 8707 §2)', () => {
  it('RFC 8707 §2: drops the fragment, lowercases scheme and host, drops the default port and a root slash', () => {
    expect(canonicalResourceUri('HTTPS://MCP.Example.COM:443/mcp#frag')).toBe('https://mcp.example.com/mcp');
    expect(canonicalResourceUri('https://mcp.example.com/')).toBe('https://mcp.example.com');
    expect(canonicalResourceUri('https://mcp.example.com:8443')).toBe('https://mcp.example.com:8443');
    expect(canonicalResourceUri(new URL('https://mcp.example.com/server/mcp'))).toBe('https://mcp.example.com/server/mcp');
  });

  it('RFC 8707 §2: keeps a trailing slash that may be significant, and the path case and query', () => {
    expect(canonicalResourceUri('https://mcp.example.com/mcp/')).toBe('https://mcp.example.com/mcp/');
    expect(canonicalResourceUri('https://mcp.example.com/MCP?x=1')).toBe('https://mcp.example.com/MCP?x=1');
  });

  it('refuses URLs outside the safe-URL policy', async () => {
    for (const bad of ['http://mcp.example.com/', 'mcp.example.com', 'https://u@mcp.example.com/']) {
      expect(await codeOf(() => canonicalResourceUri(bad))).toBe('InsecureUrl');
    }
  });
});
