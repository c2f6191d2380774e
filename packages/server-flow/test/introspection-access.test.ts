// A-INTRO-1 / A83: introspection answers only the resource servers the operator lists.
import { describe, expect, it, vi } from 'vitest';
import { ISSUER, basic, fullFlow, post, register, setup } from './helpers';

const RS_SECRET = 'resource-server-secret-0123456789';
const OTHER_SECRET = 'another-configured-secret-0123456789';
const FACTS = ['active', 'sub', 'client_id', 'scope', 'aud', 'exp', 'iss', 'jti', 'sid'];

const introspect = (as: ReturnType<typeof setup>['as'], form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> =>
  as.handle(post(`${ISSUER}/introspect`, form, headers));

async function expectNoFacts(r: Response, status: number, error: string): Promise<void> {
  expect(r.status).toBe(status);
  const b = (await r.json()) as Record<string, unknown>;
  expect(b['error']).toBe(error);
  for (const k of FACTS) expect(b[k]).toBeUndefined();
}

describe('A-INTRO-1: who may introspect', () => {
  it('A83: /introspect with a self-registered client (401: unknown here), a configured client not listed (403), bad or no credentials (401) → no token facts; the listed resource server gets them', async () => {
    const { as } = setup({
      clients: [
        { client_id: 'rs', client_secret: RS_SECRET, grant_types: [] },
        { client_id: 'web', client_secret: OTHER_SECRET },
        { client_id: 'machine', client_secret: OTHER_SECRET, grant_types: ['client_credentials'], scope: 'mcp:tools' },
      ],
      introspectionClients: ['rs'],
    });
    const { client, tokens } = await fullFlow(as);
    const form = { token: tokens.access_token };
    const dcr = await register(as, { token_endpoint_auth_method: 'client_secret_basic' });
    const dcrPost = await register(as, { token_endpoint_auth_method: 'client_secret_post' });
    await expectNoFacts(await introspect(as, form, { authorization: basic(dcr.client_id, dcr.client_secret!) }), 401, 'invalid_client');
    await expectNoFacts(await introspect(as, { ...form, client_id: dcrPost.client_id, client_secret: dcrPost.client_secret! }), 401, 'invalid_client');
    await expectNoFacts(await introspect(as, form, { authorization: basic('web', OTHER_SECRET) }), 403, 'access_denied');
    await expectNoFacts(await introspect(as, form, { authorization: basic('machine', OTHER_SECRET) }), 403, 'access_denied');
    await expectNoFacts(await introspect(as, { ...form, client_id: client.client_id }), 401, 'invalid_client'); // the token's own public client
    await expectNoFacts(await introspect(as, form), 401, 'invalid_client');
    await expectNoFacts(await introspect(as, form, { authorization: basic('rs', 'wrong-secret') }), 401, 'invalid_client');
    await expectNoFacts(await introspect(as, form, { authorization: basic('nobody', RS_SECRET) }), 401, 'invalid_client');
    // an unlisted caller learns nothing either about garbage: same answer for a live and a bogus token
    const bogus = await introspect(as, { token: 'garbage' }, { authorization: basic('web', OTHER_SECRET) });
    await expectNoFacts(bogus, 403, 'access_denied');
    const ok = (await (await introspect(as, form, { authorization: basic('rs', RS_SECRET) })).json()) as Record<string, unknown>;
    expect(ok).toMatchObject({ active: true, sub: 'user-1', client_id: client.client_id });
  });

  it('A83: a CIMD client id or a self-registered private_key_jwt client at /introspect → 401 with no outbound fetch (no document, no jwks_uri)', async () => {
    const calls: string[] = [];
    const spy: typeof fetch = async (input) => { calls.push(String(input instanceof Request ? input.url : input)); return new Response('{}', { status: 404 }); };
    const { as } = setup({
      clients: [{ client_id: 'rs', client_secret: RS_SECRET, grant_types: [] }], introspectionClients: ['rs'],
      clientUrlGuard: { fetch: spy, resolve: async () => ['93.184.215.14'] },
    });
    const { tokens } = await fullFlow(as);
    const kid = await register(as, { token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://keys.example.org/jwks.json' });
    const header = btoa(JSON.stringify({ alg: 'ES256', typ: 'JWT' })).replace(/=+$/, '');
    const global = vi.spyOn(globalThis, 'fetch').mockImplementation(spy);
    try {
      for (const sub of ['https://app.example.org/client.json', kid.client_id]) {
        const claims = btoa(JSON.stringify({ iss: sub, sub, aud: ISSUER, jti: 'j', exp: 2_000_000_000 })).replace(/=+$/, '');
        const r = await introspect(as, { token: tokens.access_token, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: `${header}.${claims}.c2ln` });
        await expectNoFacts(r, 401, 'invalid_client');
      }
    } finally { global.mockRestore(); }
    expect(calls).toEqual([]);
  });

  it('A-INTRO-1: by default nobody may introspect and the metadata does not advertise introspection', async () => {
    const { as } = setup({ clients: [{ client_id: 'rs', client_secret: RS_SECRET, grant_types: [] }] });
    const { tokens } = await fullFlow(as);
    await expectNoFacts(await introspect(as, { token: tokens.access_token }, { authorization: basic('rs', RS_SECRET) }), 403, 'access_denied');
    const md = await as.metadata();
    expect(md.introspection_endpoint).toBeUndefined();
    expect(md.introspection_endpoint_auth_methods_supported).toBeUndefined();
    const listed = setup({ clients: [{ client_id: 'rs', client_secret: RS_SECRET, grant_types: [] }], introspectionClients: ['rs'] });
    expect((await listed.as.metadata()).introspection_endpoint).toBe(`${ISSUER}/introspect`);
  });

  it('A-INTRO-1: introspectionClients naming an unknown or a public client, or not an array, is a TypeError at startup', () => {
    expect(() => setup({ introspectionClients: ['rs'] })).toThrow(TypeError);
    expect(() => setup({ clients: [{ client_id: 'pub', redirect_uris: ['https://a.example/cb'] }], introspectionClients: ['pub'] })).toThrow(TypeError);
    expect(() => setup({ clients: [{ client_id: 'rs', client_secret: RS_SECRET, token_endpoint_auth_method: 'none' }], introspectionClients: ['rs'] })).toThrow(TypeError);
    expect(() => setup({ introspectionClients: 'rs' as never })).toThrow(TypeError);
  });
});
