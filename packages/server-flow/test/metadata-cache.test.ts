import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '@mcp-oauth/jwt-lite';
import { ISSUER, setup } from './helpers';

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
});
