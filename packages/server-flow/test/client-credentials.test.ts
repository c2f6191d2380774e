import { describe, expect, it } from 'vitest';
import { generateSigningKey, signJwt } from '@mcp-oauth/jwt-lite';
import { ISSUER, RESOURCE, basic, bearer, register, setup, token } from './helpers';
import type { Tokens } from './helpers';

const SECRET = 'a-long-enough-client-secret-0123456789';
const err = async (r: Response): Promise<string> => ((await r.clone().json()) as { error: string }).error;
const ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('client_credentials and client authentication', () => {
  it('A-CC-1: a confidential client with client_secret_basic gets an access token bound to the resource, no refresh token', async () => {
    const { as, rs } = setup({ clients: [{ client_id: 'svc', client_secret: SECRET, grant_types: ['client_credentials'], scope: 'mcp:read' }] });
    const r = await token(as, { grant_type: 'client_credentials', scope: 'mcp:read', resource: RESOURCE }, { authorization: basic('svc', SECRET) });
    expect(r.status).toBe(200);
    const t = (await r.json()) as Tokens;
    expect(t.refresh_token).toBeUndefined();
    const auth = await rs.authenticate(bearer(t.access_token));
    expect(auth.ok && auth.principal.clientId).toBe('svc');
    expect(await err(await token(as, { grant_type: 'client_credentials', scope: 'mcp:tools' }, { authorization: basic('svc', SECRET) }))).toBe('invalid_scope');
  });

  it('A53: client_credentials from a public client → unauthorized_client', async () => {
    const { as } = setup();
    const c = await register(as);
    expect(await err(await token(as, { grant_type: 'client_credentials', client_id: c.client_id }))).toBe('unauthorized_client');
  });

  it('A53: Basic auth and client_secret in the body → invalid_request; a wrong secret of another length → 401 invalid_client', async () => {
    const { as } = setup({ clients: [{ client_id: 'svc', client_secret: SECRET }] });
    expect(await err(await token(as, { grant_type: 'client_credentials', client_secret: SECRET }, { authorization: basic('svc', SECRET) }))).toBe('invalid_request');
    for (const wrong of ['x', SECRET + 'x', SECRET.slice(0, -1) + 'Y', '']) {
      const r = await token(as, { grant_type: 'client_credentials' }, { authorization: basic('svc', wrong) });
      expect(r.status).toBe(401);
      expect(await err(r)).toBe('invalid_client');
      expect(r.headers.get('www-authenticate')).toContain('Basic');
    }
  });

  it('C-REG-5: client_secret_post works for a client registered with it, and the method must be the registered one', async () => {
    const { as } = setup({ allowGrantWithoutUser: (c) => c.source === 'dcr' }); // the operator lets registrants use this grant
    const post = await register(as, { token_endpoint_auth_method: 'client_secret_post', grant_types: ['client_credentials'] });
    expect((await token(as, { grant_type: 'client_credentials', client_id: post.client_id, client_secret: post.client_secret! })).status).toBe(200);
    expect(await err(await token(as, { grant_type: 'client_credentials' }, { authorization: basic(post.client_id, post.client_secret!) }))).toBe('invalid_client');
    const bas = await register(as, { token_endpoint_auth_method: 'client_secret_basic', grant_types: ['client_credentials'] });
    expect(await err(await token(as, { grant_type: 'client_credentials', client_id: bas.client_id, client_secret: bas.client_secret! }))).toBe('invalid_client');
    expect(await err(await token(as, { grant_type: 'client_credentials', client_id: bas.client_id }))).toBe('invalid_client');
  });

  it('A-CC-1: an expired client secret is invalid_client', async () => {
    const { as, clock } = setup({ registration: { secretLifetime: 60 }, allowGrantWithoutUser: (c) => c.source === 'dcr' });
    const c = await register(as, { token_endpoint_auth_method: 'client_secret_basic', grant_types: ['client_credentials'] });
    expect((await token(as, { grant_type: 'client_credentials' }, { authorization: basic(c.client_id, c.client_secret!) })).status).toBe(200);
    clock.t += 61_000;
    expect(await err(await token(as, { grant_type: 'client_credentials' }, { authorization: basic(c.client_id, c.client_secret!) }))).toBe('invalid_client');
  });

  it('A-CC-1: private_key_jwt (RFC 7523): a signed assertion with aud = issuer authenticates once; replay, wrong key, wrong aud or expiry are invalid_client', async () => {
    const key = await generateSigningKey('ES256', { kid: 'k1' });
    const wrong = await generateSigningKey('ES256', { kid: 'k1' });
    const { as, clock } = setup({ clients: [{ client_id: 'agent', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [key.publicJwk] }, grant_types: ['client_credentials'] }] });
    const now = Math.floor(clock.t / 1000);
    const assertion = (over: Record<string, unknown> = {}, k = key.privateKey) =>
      signJwt({ iss: 'agent', sub: 'agent', aud: ISSUER, jti: crypto.randomUUID(), iat: now, exp: now + 60, ...over }, k);
    const a1 = await assertion();
    const ok = await token(as, { grant_type: 'client_credentials', client_assertion_type: ASSERTION, client_assertion: a1 });
    expect(ok.status).toBe(200);
    expect(await err(await token(as, { grant_type: 'client_credentials', client_assertion_type: ASSERTION, client_assertion: a1 }))).toBe('invalid_client');
    for (const bad of [await assertion({}, wrong.privateKey), await assertion({ aud: 'https://elsewhere.example' }), await assertion({ exp: now - 120 }), await assertion({ iss: 'other' })]) {
      expect(await err(await token(as, { grant_type: 'client_credentials', client_assertion_type: ASSERTION, client_assertion: bad }))).toBe('invalid_client');
    }
    expect(await err(await token(as, { grant_type: 'client_credentials', client_assertion_type: 'urn:other', client_assertion: await assertion() }))).toBe('invalid_request');
    expect(await err(await token(as, { grant_type: 'client_credentials', client_assertion_type: ASSERTION, client_assertion: 'not.a.jwt' }))).toBe('invalid_client');
    const viaTokenUrl = await assertion({ aud: `${ISSUER}/token` });
    expect((await token(as, { grant_type: 'client_credentials', client_assertion_type: ASSERTION, client_assertion: viaTokenUrl })).status).toBe(200);
  });
});
