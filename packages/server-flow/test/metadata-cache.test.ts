import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '@mcp-oauth/jwt-lite';
import { createProtectedResource } from '@mcp-oauth/server-flow';
import { ISSUER, RESOURCE, setup } from './helpers';

// The metadata document is built and encoded once; these pin what the cache must not change.
describe('authorization server metadata, cached body', () => {
  const url = `${ISSUER}/.well-known/oauth-authorization-server`;

  it('A-MD-1: every request gets its own complete body and headers, equal to metadata()', async () => {
    const { as } = setup();
    const texts = await Promise.all([1, 2, 3].map(async () => (await as.handle(new Request(url))).text()));
    const again = await as.handle(new Request(url));
    expect(again.headers.get('content-type')).toBe('application/json');
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
    again.headers.set('x-mutated', '1'); // one response's headers never leak into the next
    const third = await as.handle(new Request(url));
    expect(third.headers.get('x-mutated')).toBeNull();
    for (const t of [...texts, await again.text(), await third.text()]) expect(JSON.parse(t)).toEqual(await as.metadata());
  });

  it('A-MD-1: a signing-key rotation rebuilds the served document (OpenID algorithms follow the new key)', async () => {
    const { as } = setup({ openidDiscovery: true });
    const before = (await (await as.handle(new Request(url))).json()) as Record<string, unknown>;
    expect(before['id_token_signing_alg_values_supported']).toEqual(['ES256']);
    await as.rotateSigningKey(await generateSigningKey('ES384'));
    const after = (await (await as.handle(new Request(url))).json()) as Record<string, unknown>;
    expect(after['id_token_signing_alg_values_supported']).toEqual(['ES384', 'ES256']);
  });

  it('A-MD-1: prepared() holds exactly what handle() sends for GET and HEAD of the metadata, once built, and nothing else', async () => {
    const { as } = setup({ openidDiscovery: true });
    expect(as.prepared('GET', '/.well-known/oauth-authorization-server')).toBeUndefined(); // not built yet
    const sent = await as.handle(new Request(url));
    const body = new Uint8Array(await sent.arrayBuffer());
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
      for (const method of ['GET', 'HEAD']) {
        const r = as.prepared(method, path)!;
        expect(r.status).toBe(200);
        expect(r.body).toEqual(body);
        expect(r.headers).toEqual({ ...Object.fromEntries(sent.headers), 'content-length': String(body.byteLength) });
        expect(Object.isFrozen(r) && Object.isFrozen(r.headers)).toBe(true);
      }
    }
    for (const [method, path] of [['POST', '/.well-known/oauth-authorization-server'], ['GET', '/token'], ['GET', '/jwks'], ['GET', '/.well-known/oauth-authorization-server/']]) {
      expect(as.prepared(method!, path!)).toBeUndefined();
    }
    await as.rotateSigningKey(await generateSigningKey('ES384'));
    expect(as.prepared('GET', '/.well-known/oauth-authorization-server')).toBeUndefined(); // rebuilt on the next request
    const rebuilt = new Uint8Array(await (await as.handle(new Request(url))).arrayBuffer());
    expect(as.prepared('GET', '/.well-known/oauth-authorization-server')!.body).toEqual(rebuilt);
  });

  it("R-PRM-1: a protected resource's prepared() holds what handleMetadata() sends, for its well-known path only", async () => {
    const rs = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: async () => { throw new Error('unused'); } });
    const sent = rs.handleMetadata(new Request('https://mcp.example.com/.well-known/oauth-protected-resource/mcp'))!;
    const body = new Uint8Array(await sent.arrayBuffer());
    const r = rs.prepared('GET', '/.well-known/oauth-protected-resource/mcp')!;
    expect(r.body).toEqual(body);
    expect(r.headers).toEqual(Object.fromEntries(sent.headers));
    expect(JSON.parse(new TextDecoder().decode(r.body))).toEqual(rs.metadata);
    expect(rs.prepared('HEAD', '/.well-known/oauth-protected-resource/mcp')).toBe(r);
    expect(rs.prepared('OPTIONS', '/.well-known/oauth-protected-resource/mcp')).toBeUndefined();
    expect(rs.prepared('GET', '/mcp')).toBeUndefined();
  });
});
