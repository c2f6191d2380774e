// A-ANON-1 / A78: no token without a user for a client the operator did not allow, over the Fetch handler.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLocalJwks, generateSigningKey, signJwt, verifyJwt } from '@mcp-oauth/jwt-lite';
import type { JwtKey } from '@mcp-oauth/jwt-lite';
import type { ClientRecord } from '@mcp-oauth/server-flow';
import { ISSUER, RESOURCE, basic, bearer, fullFlow, register, setup, token } from './helpers';

const SECRET = 'a-long-enough-client-secret-0123456789';
const ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CC = 'client_credentials';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';
/** Grants without a user, and spellings of them that must not slip through either. */
const WITHOUT_USER = [CC, JWT_BEARER, TOKEN_EXCHANGE, DEVICE, 'CLIENT_CREDENTIALS', 'Client_Credentials', ' client_credentials', 'client_credentials ', 'client_credentials\t', 'password', 'implicit'];

type Fx = ReturnType<typeof setup>;
const body = async (r: Response): Promise<Record<string, unknown>> => (await r.clone().json()) as Record<string, unknown>;

async function registerRaw(as: Fx['as'], metadata: Record<string, unknown>): Promise<Response> {
  return as.handle(new Request(`${ISSUER}/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: ['https://client.example.com/cb'], client_name: 'Stranger', ...metadata }),
  }), { clientAddress: '203.0.113.9' });
}

async function sha256(value: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Every way to ask /token for a token without a code or a refresh token, with this client's credentials. */
async function userlessAttempts(as: Fx['as'], auth: Record<string, string>, form: Record<string, string>): Promise<Response[]> {
  const out: Response[] = [];
  for (const grant_type of [CC, JWT_BEARER, TOKEN_EXCHANGE, DEVICE, 'CLIENT_CREDENTIALS', ' client_credentials', 'password', 'implicit']) {
    for (const scope of [undefined, 'mcp:tools', 'mcp:tools mcp:read mcp:exec:all offline_access']) {
      out.push(await token(as, { grant_type, resource: RESOURCE, ...(scope ? { scope } : {}), ...form, assertion: 'x.y.z', subject_token: 'x', device_code: 'x' }, auth));
    }
  }
  return out;
}

async function expectNoToken(responses: Response[]): Promise<void> {
  for (const r of responses) {
    expect(r.status).toBeGreaterThanOrEqual(400);
    const b = await body(r);
    expect(b['access_token']).toBeUndefined();
    expect(['unauthorized_client', 'unsupported_grant_type', 'invalid_client']).toContain(b['error']);
  }
}

describe('A-ANON-1: grants without a user', () => {
  it('A78: POST /register {"grant_types":["client_credentials"]} → 400 invalid_client_metadata, and every grant without a user, alone or mixed, for every auth method', async () => {
    const { as } = setup({ registration: { rateLimit: { limit: 10_000, windowMs: 1000 } } });
    const plain = await registerRaw(as, { grant_types: [CC] });
    expect(plain.status).toBe(400);
    expect((await body(plain))['error']).toBe('invalid_client_metadata');
    expect((await registerRaw(as, { grant_types: [CC], redirect_uris: undefined })).status).toBe(400);
    for (const g of WITHOUT_USER) {
      for (const grant_types of [[g], ['authorization_code', g], ['authorization_code', 'refresh_token', g], [g, 'authorization_code']]) {
        for (const token_endpoint_auth_method of ['client_secret_basic', 'client_secret_post', 'none']) {
          const r = await registerRaw(as, { grant_types, token_endpoint_auth_method });
          expect(r.status).toBe(400);
          const b = await body(r);
          expect(b['error']).toBe('invalid_client_metadata');
          expect(b['client_secret']).toBeUndefined();
        }
      }
    }
  });

  it('A78: an operator policy that lists client_credentials is not enough: without allowGrantWithoutUser the registration is still refused', async () => {
    const { as } = setup({ registration: { policy: { grantTypes: ['authorization_code', 'refresh_token', CC, JWT_BEARER] } } });
    for (const grant_types of [[CC], ['authorization_code', CC], ['authorization_code', JWT_BEARER]]) {
      const r = await registerRaw(as, { grant_types, token_endpoint_auth_method: 'client_secret_basic' });
      expect([r.status, (await body(r))['error']]).toEqual([400, 'invalid_client_metadata']);
    }
    expect((await registerRaw(as, { grant_types: ['authorization_code', 'refresh_token'] })).status).toBe(201);
  });

  it('A78: a normally registered client (public or confidential) asking /token for client_credentials, JWT bearer, token exchange or any spelling of them gets no token', async () => {
    const { as } = setup();
    const pub = await register(as);
    await expectNoToken(await userlessAttempts(as, {}, { client_id: pub.client_id }));
    const conf = await register(as, { token_endpoint_auth_method: 'client_secret_basic' });
    const cc = await token(as, { grant_type: CC, scope: 'mcp:tools mcp:read mcp:exec:all' }, { authorization: basic(conf.client_id, conf.client_secret!) });
    expect([cc.status, (await body(cc))['error']]).toEqual([400, 'unauthorized_client']);
    await expectNoToken(await userlessAttempts(as, { authorization: basic(conf.client_id, conf.client_secret!) }, {}));
    const post = await register(as, { token_endpoint_auth_method: 'client_secret_post' });
    await expectNoToken(await userlessAttempts(as, {}, { client_id: post.client_id, client_secret: post.client_secret! }));
  });

  it('A78: an RFC 7592 update (PUT) adding client_credentials or another grant without a user → invalid_client_metadata, the record unchanged, still no token', async () => {
    const { as } = setup();
    const c = await register(as, { token_endpoint_auth_method: 'client_secret_basic' });
    const url = `${ISSUER}/register/${encodeURIComponent(c.client_id)}`;
    const auth = { authorization: `Bearer ${c.registration_access_token}`, 'content-type': 'application/json' };
    for (const g of WITHOUT_USER) {
      const r = await as.handle(new Request(url, {
        method: 'PUT', headers: auth,
        body: JSON.stringify({ client_id: c.client_id, redirect_uris: ['https://client.example.com/cb'], token_endpoint_auth_method: 'client_secret_basic', grant_types: ['authorization_code', g] }),
      }));
      expect([r.status, (await body(r))['error']]).toEqual([400, 'invalid_client_metadata']);
    }
    expect((await as.store.getClient(c.client_id))!.metadata.grant_types).toEqual(['authorization_code', 'refresh_token']);
    const cc = await token(as, { grant_type: CC }, { authorization: basic(c.client_id, c.client_secret!) });
    expect((await body(cc))['error']).toBe('unauthorized_client');
  });

  it('A78: defence in depth: a self-registered record that somehow lists client_credentials (older version, another writer) still gets unauthorized_client', async () => {
    const { as } = setup();
    for (const source of ['dcr', 'cimd'] as const) {
      const rec: ClientRecord = {
        clientId: `stored-${source}`, secretHash: await sha256(SECRET), source, issuedAt: 0,
        metadata: { redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic', grant_types: [CC, JWT_BEARER, 'authorization_code'], response_types: ['code'] },
      };
      await as.store.putClient(rec);
      for (const scope of [undefined, 'mcp:tools', 'mcp:exec:all']) {
        const r = await token(as, { grant_type: CC, ...(scope ? { scope } : {}) }, { authorization: basic(rec.clientId, SECRET) });
        expect([r.status, (await body(r))['error'], (await body(r))['access_token']]).toEqual([400, 'unauthorized_client', undefined]);
      }
    }
  });

  it('A78: a CIMD document listing client_credentials yields no token: refused by default, unauthorized_client when the operator opens the grant list without the hook, allowed for the one client the hook names', async () => {
    const key = await generateSigningKey('ES256', { kid: 'cimd' });
    const cid = 'https://agent.example.org/client.json';
    const doc = { client_id: cid, client_name: 'Agent', redirect_uris: ['https://agent.example.org/cb'], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [key.publicJwk] }, grant_types: ['authorization_code', CC] };
    const PUBLIC = async (): Promise<string[]> => ['93.184.215.14'];
    const docFetch: typeof fetch = async () => new Response(JSON.stringify(doc), { status: 200, headers: { 'content-type': 'application/json' } });
    const assertion = async (): Promise<Record<string, string>> => {
      const now = Math.floor(1_750_000_000_000 / 1000);
      return { client_assertion_type: ASSERTION, client_assertion: await signJwt({ iss: cid, sub: cid, aud: ISSUER, jti: crypto.randomUUID(), iat: now, exp: now + 60 }, key.privateKey) };
    };
    const byDefault = setup({ clientUrlGuard: { fetch: docFetch, resolve: PUBLIC } });
    const r1 = await token(byDefault.as, { grant_type: CC, ...(await assertion()) });
    expect((await body(r1))['access_token']).toBeUndefined();
    expect((await body(r1))['error']).toBe('invalid_client');
    const opened = setup({ clientUrlGuard: { fetch: docFetch, resolve: PUBLIC }, clientIdMetadataDocuments: { policy: { grantTypes: ['authorization_code', 'refresh_token', CC] } } });
    const r2 = await token(opened.as, { grant_type: CC, scope: 'mcp:tools', ...(await assertion()) });
    expect([r2.status, (await body(r2))['error'], (await body(r2))['access_token']]).toEqual([400, 'unauthorized_client', undefined]);
    const seen: [string, string, string][] = [];
    const hooked = setup({
      clientUrlGuard: { fetch: docFetch, resolve: PUBLIC }, clientIdMetadataDocuments: { policy: { grantTypes: ['authorization_code', 'refresh_token', CC] } },
      allowGrantWithoutUser: (c, g) => { seen.push([c.clientId, c.source, g]); return c.clientId === cid; },
    });
    const r3 = await token(hooked.as, { grant_type: CC, ...(await assertion()) });
    expect(r3.status).toBe(200);
    expect(seen).toEqual([[cid, 'cimd', CC]]);
  });

  it('A78: a configured machine client gets only what its scope caps (invalid_scope beyond it); without scope only defaultScopes', async () => {
    const { as } = setup({
      clients: [
        { client_id: 'reader', client_secret: SECRET, grant_types: [CC], scope: 'mcp:read mcp:exec:reports:*' },
        { client_id: 'bare', client_secret: SECRET, grant_types: [CC] },
        { client_id: 'web', client_secret: SECRET, redirect_uris: ['https://web.example.com/cb'] },
      ],
    });
    const cc = (id: string, scope?: string): Promise<Response> => token(as, { grant_type: CC, ...(scope !== undefined ? { scope } : {}) }, { authorization: basic(id, SECRET) });
    expect((await body(await cc('reader', 'mcp:read')))['scope']).toBe('mcp:read');
    expect((await body(await cc('reader', 'mcp:exec:reports:daily')))['scope']).toBe('mcp:exec:reports:daily');
    for (const wide of ['mcp:tools', 'mcp:read mcp:tools', 'mcp:exec:all', 'mcp:exec:*', 'mcp:exec:reports', 'offline_access']) {
      const r = await cc('reader', wide);
      expect([r.status, (await body(r))['error'], (await body(r))['access_token']]).toEqual([400, 'invalid_scope', undefined]);
    }
    const none = await body(await cc('reader')); // defaultScopes ['mcp:tools'] is outside the cap: narrowed to nothing
    expect([none['scope'], typeof none['access_token']]).toEqual(['', 'string']);
    expect((await body(await cc('bare')))['scope']).toBe('mcp:tools');
    for (const wide of ['mcp:read', 'mcp:exec:all', 'mcp:tools mcp:read']) expect((await body(await cc('bare', wide)))['error']).toBe('invalid_scope');
    // a configured client that does not list the grant (the default) cannot use it
    expect((await body(await cc('web', 'mcp:tools')))['error']).toBe('unauthorized_client');
  });

  it('A78: the hook allows one specific self-registered client (a verified software statement) and it works; others and other grants stay refused', async () => {
    const trusted = await generateSigningKey('ES256', { kid: 'publisher' });
    const stranger = await generateSigningKey('ES256', { kid: 'publisher' });
    const verifySoftwareStatement = async (jwt: string): Promise<unknown> => (await verifyJwt(jwt, createLocalJwks({ keys: [trusted.publicJwk] }), { algorithms: ['ES256'], issuer: 'publisher' })).claims;
    const calls: string[] = [];
    const { as, rs } = setup({
      registration: { policy: { verifySoftwareStatement } },
      allowGrantWithoutUser: async (client, grantType) => {
        calls.push(grantType);
        return grantType === CC && client.source === 'dcr' && client.metadata.software_statement !== undefined && client.metadata.software_id === 'nightly-report';
      },
    });
    const statement = (k: JwtKey): Promise<string> => signJwt({ iss: 'publisher', software_id: 'nightly-report', scope: 'mcp:read', grant_types: [CC], token_endpoint_auth_method: 'client_secret_basic' }, k);
    const ok = await registerRaw(as, { software_statement: await statement(trusted.privateKey) });
    expect(ok.status).toBe(201);
    const c = (await body(ok)) as { client_id: string; client_secret: string };
    const t = await token(as, { grant_type: CC, scope: 'mcp:read' }, { authorization: basic(c.client_id, c.client_secret) });
    expect(t.status).toBe(200);
    const at = (await body(t))['access_token'] as string;
    const auth = await rs.authenticate(bearer(at));
    expect(auth.ok && auth.principal.hasUser).toBe(false);
    expect((await body(await token(as, { grant_type: CC, scope: 'mcp:tools' }, { authorization: basic(c.client_id, c.client_secret) })))['error']).toBe('invalid_scope');
    // a forged statement (other key), or the same claims without a statement, are refused at registration
    expect((await registerRaw(as, { software_statement: await statement(stranger.privateKey) })).status).toBe(400);
    const selfAsserted = await registerRaw(as, { software_id: 'nightly-report', grant_types: [CC], token_endpoint_auth_method: 'client_secret_basic' });
    expect([selfAsserted.status, (await body(selfAsserted))['error']]).toEqual([400, 'invalid_client_metadata']);
    // the hook opens client_credentials only; JWT bearer is not a grant this server has
    expect((await body(await token(as, { grant_type: JWT_BEARER, assertion: 'x' }, { authorization: basic(c.client_id, c.client_secret) })))['error']).toBe('unsupported_grant_type');
    expect(calls.every((g) => g === CC)).toBe(true);
  });

  it('A-ANON-1: metadata lists client_credentials only when a configured confidential client or the hook can use it', async () => {
    const grants = async (fx: Fx): Promise<unknown> => (await fx.as.metadata()).grant_types_supported;
    expect(await grants(setup())).toEqual(['authorization_code', 'refresh_token']);
    expect(await grants(setup({ clients: [{ client_id: 'web', client_secret: SECRET }] }))).toEqual(['authorization_code', 'refresh_token']);
    expect(await grants(setup({ clients: [{ client_id: 'pub', grant_types: [CC] }] }))).toEqual(['authorization_code', 'refresh_token']);
    expect(await grants(setup({ clients: [{ client_id: 'svc', client_secret: SECRET, grant_types: [CC], scope: 'mcp:read' }] }))).toEqual(['authorization_code', 'refresh_token', CC]);
    expect(await grants(setup({ allowGrantWithoutUser: () => false }))).toEqual(['authorization_code', 'refresh_token', CC]);
  });

  it('A78: property: for any grant_types a self-registered client registers, no /token request without a code or refresh token yields an access token', async () => {
    const { as } = setup({ registration: { rateLimit: { limit: 1_000_000, windowMs: 1000 }, policy: { grantTypes: ['authorization_code', 'refresh_token', CC, JWT_BEARER, TOKEN_EXCHANGE] } } });
    const grant = fc.oneof(fc.constantFrom('authorization_code', 'refresh_token', ...WITHOUT_USER), fc.string({ maxLength: 12 }));
    const secretHash = await sha256(SECRET);
    let n = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(grant, { maxLength: 5 }),
      fc.constantFrom('none', 'client_secret_basic', 'client_secret_post'),
      grant,
      fc.option(fc.constantFrom('mcp:tools', 'mcp:read mcp:exec:all', 'offline_access'), { nil: undefined }),
      async (grant_types, method, asked, scope) => {
        const reg = await registerRaw(as, { grant_types, token_endpoint_auth_method: method });
        let auth: Record<string, string> = {};
        let form: Record<string, string> = {};
        if (reg.status === 201) {
          const c = (await body(reg)) as { client_id: string; client_secret?: string };
          if (method === 'client_secret_basic') auth = { authorization: basic(c.client_id, c.client_secret!) };
          else form = method === 'client_secret_post' ? { client_id: c.client_id, client_secret: c.client_secret! } : { client_id: c.client_id };
        } else form = { client_id: 'unknown-client' };
        // the same list written straight into the store, as if registration had let it through
        const stored: ClientRecord = {
          clientId: `stored-${++n}`, secretHash, source: n % 2 === 0 ? 'dcr' : 'cimd', issuedAt: 0,
          metadata: { redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic', grant_types, response_types: ['code'] },
        };
        await as.store.putClient(stored);
        for (const [a, f] of [[auth, form], [{ authorization: basic(stored.clientId, SECRET) }, {}]] as const) {
          for (const grant_type of [asked, CC]) {
            const r = await token(as, { grant_type, resource: RESOURCE, ...(scope ? { scope } : {}), ...f }, a);
            expect(r.status).toBeGreaterThanOrEqual(400);
            expect((await body(r))['access_token']).toBeUndefined();
          }
        }
      },
    ), { numRuns: 60 });
  });

  it('A-ANON-1: allowGrantWithoutUser must be a function (TypeError at startup)', () => {
    expect(() => setup({ allowGrantWithoutUser: true as never })).toThrow(TypeError);
  });

  it('A-ANON-1: a user-authorized flow of a self-registered client still works (authorization_code, then refresh_token)', async () => {
    const { as } = setup();
    const { client, tokens } = await fullFlow(as);
    const r = await token(as, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: client.client_id });
    expect(r.status).toBe(200);
  });
});
