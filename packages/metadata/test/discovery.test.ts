import { describe, expect, it } from 'vitest';
import {
  authorizationServerMetadata,
  authorizationServerMetadataUrls,
  processAuthorizationServerMetadata,
  processProtectedResourceMetadata,
  protectedResourceMetadata,
  protectedResourceMetadataUrls,
} from '@mcp-oauth/metadata';
import { codeOf, json } from './helpers';
import * as rfc8414 from './vectors/rfc8414';
import * as rfc9728 from './vectors/rfc9728';

const urls = (list: URL[]): string[] => list.map(String);
const as = { ...rfc8414.exampleMetadata, code_challenge_methods_supported: ['S256'] };
const prm = { resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://auth.example.com'] };

describe('well-known URLs', () => {
  it('RFC 8414 §3.1: the examples insert the well-known suffix between host and path', () => {
    for (const v of rfc8414.wellKnown) expect(urls(authorizationServerMetadataUrls(v.issuer))[0]).toBe(v.url);
  });

  it('C-ASM-1: an issuer with a path tries oauth-authorization-server/t, openid-configuration/t, t/openid-configuration, in order', () => {
    expect(urls(authorizationServerMetadataUrls('https://auth.example.com/t'))).toEqual([
      'https://auth.example.com/.well-known/oauth-authorization-server/t',
      'https://auth.example.com/.well-known/openid-configuration/t',
      'https://auth.example.com/t/.well-known/openid-configuration',
    ]);
    expect(urls(authorizationServerMetadataUrls('https://auth.example.com/t/'))[0]).toBe('https://auth.example.com/.well-known/oauth-authorization-server/t');
  });

  it('C-ASM-2: an issuer without a path tries oauth-authorization-server, then openid-configuration', () => {
    for (const issuer of ['https://auth.example.com', 'https://auth.example.com/']) {
      expect(urls(authorizationServerMetadataUrls(issuer))).toEqual([
        'https://auth.example.com/.well-known/oauth-authorization-server',
        'https://auth.example.com/.well-known/openid-configuration',
      ]);
    }
  });

  it('RFC 8414 §2: an issuer with a query, a fragment or http (non-loopback) is InsecureUrl; a path like //host stays on the issuer host', async () => {
    for (const bad of ['https://a.example?x=1', 'https://a.example#f', 'http://a.example', 'ftp://a.example']) {
      expect(await codeOf(() => authorizationServerMetadataUrls(bad))).toBe('InsecureUrl');
    }
    for (const u of authorizationServerMetadataUrls('https://a.example//evil.example/t')) expect(u.host).toBe('a.example');
  });

  it('RFC 9728 §3.1: the example resource maps to its path-based well-known URL', () => {
    expect(urls(protectedResourceMetadataUrls(rfc9728.wellKnown.resource))[0]).toBe(rfc9728.wellKnown.url);
  });

  it('C-PRM-2: the path-based URL first, then the root one; only the root one for an endpoint at the root', () => {
    expect(urls(protectedResourceMetadataUrls('https://mcp.example.com/public/mcp'))).toEqual([
      'https://mcp.example.com/.well-known/oauth-protected-resource/public/mcp',
      'https://mcp.example.com/.well-known/oauth-protected-resource',
    ]);
    for (const root of ['https://mcp.example.com', 'https://mcp.example.com/']) {
      expect(urls(protectedResourceMetadataUrls(root))).toEqual(['https://mcp.example.com/.well-known/oauth-protected-resource']);
    }
    expect(urls(protectedResourceMetadataUrls('http://127.0.0.1:3000/mcp/'))[0]).toBe('http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp');
  });
});

describe('processAuthorizationServerMetadata', () => {
  it('RFC 8414 §3.2: the example document with S256 added is accepted as is', async () => {
    expect(await processAuthorizationServerMetadata(json(as), as.issuer)).toEqual(as);
  });

  it('C-ASM-3: an issuer that differs as a raw string is IssuerMismatch (slash, case, :443, other host)', async () => {
    for (const issuer of ['https://server.example.com/', 'https://SERVER.example.com', 'https://server.example.com:443', 'https://other.example.com', undefined, 42]) {
      expect(await codeOf(processAuthorizationServerMetadata(json({ ...as, issuer }), as.issuer))).toBe('IssuerMismatch');
    }
  });

  it('C-ASM-4: absent code_challenge_methods_supported, plain only, or a non-array is PkceUnsupported', async () => {
    expect(await codeOf(processAuthorizationServerMetadata(json(rfc8414.exampleMetadata), as.issuer))).toBe('PkceUnsupported');
    for (const m of [['plain'], ['s256'], [], 'S256']) {
      expect(await codeOf(processAuthorizationServerMetadata(json({ ...as, code_challenge_methods_supported: m }), as.issuer))).toMatch(/PkceUnsupported|InvalidDocument/);
    }
  });

  it('RFC 8414 §2: endpoints must be safe URLs and *_supported members boolean or string arrays', async () => {
    for (const patch of [{ token_endpoint: 'http://as.example/token' }, { authorization_endpoint: 'javascript:alert(1)' }, { jwks_uri: '//as.example/jwks' }]) {
      expect(await codeOf(processAuthorizationServerMetadata(json({ ...as, ...patch }), as.issuer))).toBe('InsecureUrl');
    }
    for (const patch of [{ token_endpoint: 42 }, { scopes_supported: 'a b' }, { grant_types_supported: [1] }]) {
      expect(await codeOf(processAuthorizationServerMetadata(json({ ...as, ...patch }), as.issuer))).toBe('InvalidDocument');
    }
  });

  it('RFC 8414 §3.2: only a 200 JSON object is accepted; a 3xx is RedirectRefused', async () => {
    expect(await codeOf(processAuthorizationServerMetadata(json(as, { status: 404 }), as.issuer))).toBe('InvalidResponse');
    expect(await codeOf(processAuthorizationServerMetadata(new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } }), as.issuer))).toBe('RedirectRefused');
  });
});

describe('processProtectedResourceMetadata', () => {
  it('RFC 9728 §3.2: the example document is accepted for its resource', async () => {
    expect(await processProtectedResourceMetadata(json(rfc9728.exampleMetadata), rfc9728.exampleMetadata.resource)).toEqual(rfc9728.exampleMetadata);
  });

  it('C-PRM-3: a resource that is not the server being accessed is ResourceMismatch', async () => {
    for (const resource of ['https://mcp.example.com/other', 'https://mcp.example.com/mcp/', 'https://evil.example.com/mcp', 'https://mcp.example.com/mcp#x', undefined]) {
      expect(await codeOf(processProtectedResourceMetadata(json({ ...prm, resource }), prm.resource))).toBe('ResourceMismatch');
    }
  });

  it('C-PRM-4: authorization_servers missing, empty or not strings is InvalidDocument; unsafe issuers are InsecureUrl', async () => {
    for (const authorization_servers of [undefined, [], [42], 'https://auth.example.com']) {
      expect(await codeOf(processProtectedResourceMetadata(json({ ...prm, authorization_servers }), prm.resource))).toBe('InvalidDocument');
    }
    for (const s of ['http://auth.example.com', 'https://auth.example.com?x', 'javascript:alert(1)']) {
      expect(await codeOf(processProtectedResourceMetadata(json({ ...prm, authorization_servers: [s] }), prm.resource))).toBe('InsecureUrl');
    }
  });
});

describe('builders', () => {
  const config = {
    issuer: 'https://auth.example.com',
    authorization_endpoint: 'https://auth.example.com/authorize',
    token_endpoint: 'https://auth.example.com/token',
    grant_types_supported: ['authorization_code', 'refresh_token'],
    client_id_metadata_document_supported: false,
  };

  it('A-MD-1: AS metadata carries S256 only, iss parameter support, CIMD support and the endpoints given', async () => {
    const doc = authorizationServerMetadata({ ...config, client_id_metadata_document_supported: true, registration_endpoint: 'https://auth.example.com/register' });
    expect(doc).toMatchObject({ ...config, code_challenge_methods_supported: ['S256'], authorization_response_iss_parameter_supported: true, client_id_metadata_document_supported: true, response_types_supported: ['code'] });
    const forced = authorizationServerMetadata({ ...config, code_challenge_methods_supported: ['plain'] } as never);
    expect(forced.code_challenge_methods_supported).toEqual(['S256']);
    expect(await processAuthorizationServerMetadata(json(doc), config.issuer)).toEqual(doc);
  });

  it('A-MD-1: an http (non-loopback) endpoint or an issuer with a query is refused; loopback http is allowed', async () => {
    expect(await codeOf(() => authorizationServerMetadata({ ...config, token_endpoint: 'http://auth.example.com/token' }))).toBe('InsecureUrl');
    expect(await codeOf(() => authorizationServerMetadata({ ...config, issuer: 'https://auth.example.com?x' }))).toBe('InsecureUrl');
    expect(await codeOf(() => authorizationServerMetadata({ ...config, token_endpoint: undefined } as never))).toBe('InvalidDocument');
    expect(await codeOf(() => authorizationServerMetadata({ ...config, issuer: undefined } as never))).toBe('InsecureUrl');
    expect(authorizationServerMetadata({ ...config, issuer: 'http://127.0.0.1:9000', authorization_endpoint: 'http://127.0.0.1:9000/a', token_endpoint: 'http://127.0.0.1:9000/t' }).issuer).toBe('http://127.0.0.1:9000');
  });

  it('R-PRM-1: PRM carries resource and at least one authorization server, header bearer method by default', async () => {
    const doc = protectedResourceMetadata({ ...prm, scopes_supported: ['files:read'] });
    expect(doc).toEqual({ ...prm, scopes_supported: ['files:read'], bearer_methods_supported: ['header'] });
    expect(await processProtectedResourceMetadata(json(doc), prm.resource)).toEqual(doc);
    expect(await codeOf(() => protectedResourceMetadata({ ...prm, authorization_servers: [] }))).toBe('InvalidDocument');
    expect(await codeOf(() => protectedResourceMetadata({ ...prm, resource: 'https://mcp.example.com/mcp#x' }))).toBe('InsecureUrl');
  });

  it('R-TOK-6: offline_access is refused in PRM scopes_supported', async () => {
    expect(await codeOf(() => protectedResourceMetadata({ ...prm, scopes_supported: ['a', 'offline_access'] }))).toBe('RangeError');
  });
});
