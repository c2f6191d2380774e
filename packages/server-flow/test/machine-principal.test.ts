// A79: the principal a resource receives says whether a user is behind the token.
import { describe, expect, it } from 'vitest';
import { createLocalJwks, generateSigningKey, signAccessToken } from '@mcp-oauth/jwt-lite';
import { createProtectedResource, introspectionVerifier, jwtVerifier } from '@mcp-oauth/server-flow';
import type { Principal, ProtectedResource } from '@mcp-oauth/server-flow';
import { ISSUER, RESOURCE, basic, bearer, fullFlow, setup, token } from './helpers';

const SECRET = 'a-long-enough-client-secret-0123456789';
const RS_SECRET = 'resource-server-secret-0123456789';
const NOW = 1_750_000_000_000;

function machineSetup(format: 'jwt' | 'opaque' = 'jwt'): ReturnType<typeof setup> {
  return setup({
    tokens: { format },
    clients: [
      { client_id: 'svc', client_secret: SECRET, grant_types: ['client_credentials'], scope: 'mcp:tools mcp:exec:*' },
      { client_id: 'rs', client_secret: RS_SECRET, grant_types: [] },
    ],
    introspectionClients: ['rs'],
  });
}

async function machineToken(as: ReturnType<typeof setup>['as']): Promise<string> {
  const r = await token(as, { grant_type: 'client_credentials', scope: 'mcp:tools mcp:exec:deploy', resource: RESOURCE }, { authorization: basic('svc', SECRET) });
  expect(r.status).toBe(200);
  return ((await r.json()) as { access_token: string }).access_token;
}

/** A tool that acts for a person: it refuses a caller with no user behind the token. */
async function deployTool(rs: ProtectedResource, request: Request): Promise<Response> {
  const auth = await rs.authenticate(request);
  if (!auth.ok) return auth.response;
  const denied = rs.requireScopes(auth.principal, ['mcp:exec:deploy']);
  if (denied) return denied;
  if (!auth.principal.hasUser) return Response.json({ error: 'a user must authorize this tool' }, { status: 403 });
  return Response.json({ deployedFor: auth.principal.subject });
}

const payload = (token: string): Record<string, unknown> => JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;

describe('A79: a principal says whether a user is behind the token', () => {
  it('A79: a client_credentials token reaches the resource with hasUser false (sub = client_id, gty marks it); a user token with hasUser true', async () => {
    const { as, rs } = machineSetup();
    const at = await machineToken(as);
    expect(payload(at)).toMatchObject({ sub: 'svc', client_id: 'svc', gty: 'client_credentials' }); // RFC 9068 §2.2 and explicit
    const machine = await rs.authenticate(bearer(at));
    expect(machine.ok && [machine.principal.hasUser, machine.principal.subject]).toEqual([false, 'svc']);
    const { tokens } = await fullFlow(as, { scope: 'mcp:tools' });
    expect(payload(tokens.access_token)['gty']).toBeUndefined();
    const user = await rs.authenticate(bearer(tokens.access_token));
    expect(user.ok && [user.principal.hasUser, user.principal.subject]).toEqual([true, 'user-1']);
  });

  it('A79: a tool that needs a user refuses the machine principal (403), even with every scope it asks for; a user passes', async () => {
    const { as, rs } = machineSetup();
    const refused = await deployTool(rs, bearer(await machineToken(as)));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'a user must authorize this tool' });
    const { tokens } = await fullFlow(as, { scope: 'mcp:exec:deploy' });
    const ok = await deployTool(rs, bearer(tokens.access_token));
    expect(await ok.json()).toEqual({ deployedFor: 'user-1' });
  });

  it('A79: the same answer through opaque tokens, jwtVerifier (remote keys) and introspectionVerifier', async () => {
    for (const format of ['jwt', 'opaque'] as const) {
      const { as, rs } = machineSetup(format);
      const fetchAs: typeof fetch = async (input, init) => as.handle(new Request(input as string, init));
      const verifiers = [rs, createProtectedResource({
        resource: RESOURCE, authorizationServers: [ISSUER],
        verifier: introspectionVerifier({ endpoint: `${ISSUER}/introspect`, issuer: ISSUER, clientId: 'rs', clientSecret: RS_SECRET, fetch: fetchAs, now: () => NOW }),
      })];
      if (format === 'jwt') verifiers.push(createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: jwtVerifier({ issuer: ISSUER, jwks: `${ISSUER}/jwks`, fetch: fetchAs, now: () => NOW }) }));
      const machine = await machineToken(as);
      const { tokens } = await fullFlow(as);
      for (const v of verifiers) {
        const m = await v.authenticate(bearer(machine));
        const u = await v.authenticate(bearer(tokens.access_token));
        expect([m.ok && m.principal.hasUser, u.ok && u.principal.hasUser]).toEqual([false, true]);
      }
    }
  });

  it('A79: third-party JWTs (RFC 9068 §2.2): sub equal to client_id, or a gty naming another grant, means no user; otherwise a user', async () => {
    const key = await generateSigningKey('ES256', { kid: 'k' });
    const verify = jwtVerifier({ issuer: 'https://idp.example.com', jwks: createLocalJwks({ keys: [key.publicJwk] }), now: () => NOW, cache: false });
    const exp = NOW / 1000 + 300;
    const base = { iss: 'https://idp.example.com', aud: RESOURCE, client_id: 'agent-7', exp, iat: NOW / 1000 };
    const cases: [Record<string, unknown>, boolean][] = [
      [{ sub: 'agent-7' }, false],
      [{ sub: 'agent-7@clients', gty: 'client-credentials' }, false],
      [{ sub: 'svc-account', gty: 'client_credentials' }, false],
      [{ sub: 'svc-account', gty: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }, false],
      [{ sub: 'svc-account', gty: 42 }, false],
      [{ sub: 'alice' }, true],
      [{ sub: 'alice', gty: 'authorization_code' }, true],
      [{ sub: 'alice', gty: 'refresh_token' }, true],
    ];
    for (const [claims, hasUser] of cases) {
      const at = await signAccessToken({ ...base, sub: claims['sub'] as string, ...claims }, key.privateKey);
      const p: Principal = await verify(at, RESOURCE);
      expect([claims, p.hasUser]).toEqual([claims, hasUser]);
    }
  });

  it('A79: introspection answers follow the same rule (sub = client_id, or a non-user gty → no user)', async () => {
    const answer = (extra: Record<string, unknown>): typeof fetch => async () =>
      Response.json({ active: true, aud: RESOURCE, exp: NOW / 1000 + 60, client_id: 'agent-7', scope: 'mcp:tools', ...extra });
    const cases: [Record<string, unknown>, boolean][] = [
      [{ sub: 'agent-7' }, false], [{ sub: 'x', gty: 'client_credentials' }, false], [{ sub: 'alice' }, true], [{ sub: 'alice', gty: 'authorization_code' }, true],
    ];
    for (const [extra, hasUser] of cases) {
      const v = introspectionVerifier({ endpoint: `${ISSUER}/introspect`, issuer: ISSUER, clientId: 'rs', clientSecret: RS_SECRET, fetch: answer(extra), now: () => NOW });
      expect((await v('t', RESOURCE)).hasUser).toBe(hasUser);
    }
  });
});
