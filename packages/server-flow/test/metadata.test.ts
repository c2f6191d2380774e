import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '@mcp-oauth/jwt-lite';
import { createAuthorizationServer } from '@mcp-oauth/server-flow';
import { fullFlow, ISSUER, RESOURCE, setup } from './helpers';

describe('authorization server metadata', () => {
  it('A-MD-1: RFC 8414 document with S256 only, RFC 9207 iss support, CIMD support and the endpoints served', async () => {
    const { as } = setup({ clientUrlGuard: { resolve: async () => ['93.184.215.14'] }, clients: [{ client_id: 'rs', client_secret: 'resource-server-secret-0123456789', grant_types: [] }], introspectionClients: ['rs'] });
    const res = await as.handle(new Request(`${ISSUER}/.well-known/oauth-authorization-server`));
    expect(res.status).toBe(200);
    const md = (await res.json()) as Record<string, unknown>;
    expect(md['issuer']).toBe(ISSUER);
    expect(md['code_challenge_methods_supported']).toEqual(['S256']);
    expect(md['authorization_response_iss_parameter_supported']).toBe(true);
    expect(md['client_id_metadata_document_supported']).toBe(true);
    for (const k of ['authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'revocation_endpoint', 'introspection_endpoint', 'jwks_uri']) {
      const url = new URL(md[k] as string);
      const probe = await as.handle(new Request(url, { method: k === 'jwks_uri' ? 'GET' : 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: k === 'jwks_uri' ? null : '' }));
      expect(probe.status).not.toBe(404);
    }
  });

  it('A2: metadata advertises exactly ["S256"]', async () => {
    const { as } = setup();
    expect((await as.metadata()).code_challenge_methods_supported).toEqual(['S256']);
  });

  it('A-MD-1: an issuer with a path serves RFC 8414 §3.1 and, when enabled, both OpenID discovery forms', async () => {
    const as = createAuthorizationServer({ issuer: 'https://as.example.com/tenant1', resources: ['https://mcp.example.com/mcp'], scopes: [], autoApprove: { subject: 'u' }, openidDiscovery: true });
    for (const path of ['/.well-known/oauth-authorization-server/tenant1', '/.well-known/openid-configuration/tenant1', '/tenant1/.well-known/openid-configuration']) {
      const res = await as.handle(new Request(`https://as.example.com${path}`));
      expect(res.status).toBe(200);
      const md = (await res.json()) as Record<string, string>;
      expect(md['issuer']).toBe('https://as.example.com/tenant1');
      expect(md['token_endpoint']).toBe('https://as.example.com/tenant1/token');
    }
    expect((await as.handle(new Request('https://as.example.com/.well-known/oauth-authorization-server'))).status).toBe(404);
  });

  it('A-MD-1: registration and CIMD switched off disappear from the metadata; OpenID discovery is off by default', async () => {
    const { as } = setup({ registration: false, clientIdMetadataDocuments: false });
    const md = await as.metadata();
    expect(md.registration_endpoint).toBeUndefined();
    expect(md.client_id_metadata_document_supported).toBe(false);
    expect((await as.handle(new Request(`${ISSUER}/register`, { method: 'POST' }))).status).toBe(404);
    expect((await as.handle(new Request(`${ISSUER}/.well-known/openid-configuration`))).status).toBe(404);
  });

  it('A-TLS-1: the issuer must be https; plain http is allowed only on loopback', () => {
    const base = { resources: ['https://mcp.example.com/mcp'], scopes: [], autoApprove: { subject: 'u' } };
    expect(() => createAuthorizationServer({ ...base, issuer: 'http://as.example.com' })).toThrow(TypeError);
    expect(() => createAuthorizationServer({ ...base, issuer: 'https://as.example.com/' })).toThrow(TypeError);
    expect(() => createAuthorizationServer({ ...base, issuer: 'https://as.example.com?x=1' })).toThrow(TypeError);
    expect(() => createAuthorizationServer({ ...base, issuer: 'http://127.0.0.1:8080' })).not.toThrow();
    expect(() => createAuthorizationServer({ ...base, issuer: 'https://as.example.com', autoApprove: undefined as never })).toThrow(TypeError);
  });

  it('RFC 7517 §5: /jwks publishes the public signing keys only, and rotation keeps the previous key published', async () => {
    const { as } = setup();
    const first = (await (await as.handle(new Request(`${ISSUER}/jwks`))).json()) as { keys: Record<string, unknown>[] };
    expect(first.keys.length).toBe(1);
    expect(first.keys[0]!['d']).toBeUndefined();
    expect(first.keys[0]!['alg']).toBe('ES256');
    await as.rotateSigningKey();
    const second = await as.jwks();
    expect(second.keys.length).toBe(2);
    expect(second.keys[1]!.kid).toBe(first.keys[0]!['kid']);
    await as.rotateSigningKey();
    expect((await as.jwks()).keys.length).toBe(2);
  });

  it('R-TOK-1: the verifier follows key rotation: tokens of the current and the previous key verify, those of a dropped key do not', async () => {
    const { as } = setup();
    const verify = as.verifier();
    const before = (await fullFlow(as, { resource: RESOURCE })).tokens.access_token;
    expect((await verify(before, RESOURCE)).resource).toBe(RESOURCE);
    await as.rotateSigningKey(await generateSigningKey('ES384'));
    const after = (await fullFlow(as, { resource: RESOURCE })).tokens.access_token;
    expect(JSON.parse(atob(after.split('.')[0]!)).alg).toBe('ES384');
    // both verify right after the rotation, with no request in between to rebuild anything
    const [a, b] = await Promise.all([verify(before, RESOURCE), verify(after, RESOURCE)]);
    expect([a.resource, b.resource]).toEqual([RESOURCE, RESOURCE]);
    await as.rotateSigningKey(await generateSigningKey('ES256'), 1); // keeps the ES384 key, drops the first
    await expect(verify(before, RESOURCE)).rejects.toMatchObject({ code: 'InvalidToken' });
    expect((await verify(after, RESOURCE)).resource).toBe(RESOURCE);
  });
});
