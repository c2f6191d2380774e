import { describe, expect, it } from 'vitest';
import { generateSigningKey, signJwt } from '@mcp-oauth/jwt-lite';
import { createProtectedResource, introspectionVerifier, jwtVerifier } from '@mcp-oauth/server-flow';
import type { Principal } from '@mcp-oauth/server-flow';
import { ISSUER, RESOURCE, basic, bearer, fullFlow, setup } from './helpers';

const NOW = 1_750_000_000;
const PRM = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';

async function keyed(extra: { requiredScopes?: string[] } = {}) {
  const key = await generateSigningKey('ES256', { kid: 'k' });
  const rs = createProtectedResource({
    resource: RESOURCE, authorizationServers: [ISSUER], scopesSupported: ['mcp:read', 'mcp:write'],
    verifier: jwtVerifier({ issuer: ISSUER, jwks: { keys: [key.publicJwk] }, now: () => NOW * 1000 }), ...extra,
  });
  const mint = (claims: Record<string, unknown> = {}, typ: string | null = 'at+jwt') =>
    signJwt({ iss: ISSUER, sub: 'u', aud: RESOURCE, client_id: 'c', scope: 'mcp:read', iat: NOW, exp: NOW + 300, jti: crypto.randomUUID(), ...claims }, key.privateKey, typ !== null ? { typ } : {});
  return { rs, mint, key };
}

const fail = async (rs: ReturnType<typeof createProtectedResource>, req: Request) => {
  const r = await rs.authenticate(req);
  if (r.ok) throw new Error('expected a refusal');
  return { status: r.response.status, www: r.response.headers.get('www-authenticate') ?? '' };
};

describe('protected resource', () => {
  it('R-PRM-1: PRM is served at the path-based well-known URL with resource and authorization_servers; never offline_access', async () => {
    const { rs } = setup();
    const res = rs.handleMetadata(new Request(PRM))!;
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc['resource']).toBe(RESOURCE);
    expect(doc['authorization_servers']).toEqual([ISSUER]);
    expect(doc['bearer_methods_supported']).toEqual(['header']);
    expect(rs.handleMetadata(new Request('https://mcp.example.com/.well-known/oauth-protected-resource'))).toBeUndefined();
    expect(rs.metadataUrl).toBe(PRM);
    const root = createProtectedResource({ resource: 'https://mcp.example.com', authorizationServers: [ISSUER], verifier: async () => { throw new Error(); } });
    expect(root.handleMetadata(new Request('https://mcp.example.com/.well-known/oauth-protected-resource'))?.status).toBe(200);
  });

  it('R-TOK-6: offline_access is never advertised in PRM nor in challenges', async () => {
    expect(() => createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], scopesSupported: ['offline_access'], verifier: async () => { throw new Error(); } })).toThrow();
    const rs = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], requiredScopes: ['mcp:read', 'offline_access'], verifier: async () => { throw new Error(); } });
    const { www } = await fail(rs, new Request(RESOURCE));
    expect(www).toContain('scope="mcp:read"');
    expect(www).not.toContain('offline_access');
  });

  it('A54, R-PRM-2: no Authorization → 401 Bearer resource_metadata (and scope) with no error code', async () => {
    const { rs } = await keyed({ requiredScopes: ['mcp:read'] });
    const { status, www } = await fail(rs, new Request(RESOURCE));
    expect(status).toBe(401);
    expect(www).toBe(`Bearer resource_metadata="${PRM}", scope="mcp:read"`);
    expect(www).not.toContain('error=');
  });

  it('A54: "Bearer" empty, "Basic …" or "Bearer a b" → 401 (invalid_token for malformed bearer credentials)', async () => {
    const { rs } = await keyed();
    for (const h of ['Bearer', 'Bearer ', 'Bearer a b', 'bearer  x']) {
      const { status, www } = await fail(rs, new Request(RESOURCE, { headers: { authorization: h } }));
      expect(status).toBe(401);
      expect(www).toContain('error="invalid_token"');
    }
    const basicAuth = await fail(rs, new Request(RESOURCE, { headers: { authorization: 'Basic dTpw' } }));
    expect(basicAuth.status).toBe(401);
    expect(basicAuth.www).toContain('resource_metadata=');
  });

  it('R-TOK-1: a valid token is accepted (scheme case-insensitive) and gives the principal', async () => {
    const { rs, mint } = await keyed();
    const t = await mint({ sid: 'g1' });
    const r = await rs.authenticate(new Request(RESOURCE, { headers: { authorization: `bEaReR ${t}` } }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.principal).toMatchObject({ subject: 'u', clientId: 'c', scopes: ['mcp:read'], resource: RESOURCE, grantId: 'g1', issuer: ISSUER });
  });

  it('A55, R-TOK-2: aud = another resource, missing, [], or with a trailing slash → 401 invalid_token', async () => {
    const { rs, mint } = await keyed();
    for (const aud of ['https://other.example.com/mcp', undefined, [], RESOURCE + '/', [RESOURCE, 'https://other.example.com/mcp']]) {
      const { status, www } = await fail(rs, bearer(await mint({ aud })));
      expect(status).toBe(401);
      expect(www).toContain('error="invalid_token"');
    }
  });

  it('A56, R-TOK-1: expired, exp-less, wrong-issuer or tampered tokens → 401 invalid_token', async () => {
    const { rs, mint } = await keyed();
    const good = await mint();
    // The signature's first character carries its first byte's high bits: flipping it always changes the bytes.
    const dot = good.lastIndexOf('.') + 1;
    const tampered = good.slice(0, dot) + (good[dot] === 'A' ? 'B' : 'A') + good.slice(dot + 1);
    expect(tampered).not.toBe(good);
    for (const t of [await mint({ exp: NOW - 1 }), await mint({ exp: undefined }), await mint({ iss: 'https://evil.example' }), tampered, 'a.b.c']) {
      expect((await fail(rs, bearer(t))).status).toBe(401);
    }
  });

  it('A66: an ID token (typ JWT) or a client assertion (no typ) is refused; at+jwt, application/at+jwt and AT+JWT are accepted; RFC 9068 claims required', async () => {
    const { rs, mint } = await keyed();
    expect((await fail(rs, bearer(await mint({}, 'JWT')))).status).toBe(401);
    expect((await fail(rs, bearer(await mint({}, null)))).status).toBe(401);
    for (const typ of ['at+jwt', 'application/at+jwt', 'AT+JWT']) expect((await rs.authenticate(bearer(await mint({}, typ)))).ok).toBe(true);
    for (const missing of ['client_id', 'jti', 'sub', 'iat']) {
      expect((await fail(rs, bearer(await mint({ [missing]: undefined })))).status).toBe(401);
    }
  });

  it('A56, R-TOK-4: missing scope → 403 insufficient_scope naming every needed scope; hierarchy honoured', async () => {
    const { rs, mint } = await keyed();
    const r = await rs.authenticate(bearer(await mint({ scope: 'mcp:read mcp:exec:*' })));
    if (!r.ok) throw new Error('expected ok');
    expect(rs.requireScopes(r.principal, ['mcp:exec:workflows:run', 'mcp:read'])).toBeUndefined();
    const denied = rs.requireScopes(r.principal, ['mcp:read', 'mcp:write'])!;
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${PRM}", scope="mcp:read mcp:write", error="insufficient_scope"`);
    const strict = await keyed({ requiredScopes: ['mcp:write'] });
    const s = await fail(strict.rs, bearer(await strict.mint()));
    expect(s.status).toBe(403);
  });

  it('A56: an error_description with a quote or CRLF cannot break the challenge header', async () => {
    const { rs, mint } = await keyed();
    const r = await rs.authenticate(bearer(await mint()));
    if (!r.ok) throw new Error('expected ok');
    const res = rs.requireScopes(r.principal, ['a"b'])!;
    expect(res.headers.get('www-authenticate')).toContain('scope="a\\"b"');
  });

  it('A57, R-TOK-5: ?access_token only → 401; header plus query or form-body token → 400 invalid_request', async () => {
    const { rs, mint } = await keyed();
    const t = await mint();
    expect((await fail(rs, new Request(`${RESOURCE}?access_token=${t}`))).status).toBe(401);
    expect((await fail(rs, new Request(`${RESOURCE}?access_token=${t}`, { headers: { authorization: `Bearer ${t}` } }))).status).toBe(400);
    const both = await fail(rs, new Request(RESOURCE, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/x-www-form-urlencoded' }, body: `access_token=${t}` }));
    expect(both.status).toBe(400);
    expect(both.www).toContain('error="invalid_request"');
  });

  it('A76: a 64 KB Authorization header → 400, not a crash', async () => {
    const { rs } = await keyed();
    expect((await fail(rs, new Request(RESOURCE, { headers: { authorization: 'Bearer ' + 'a'.repeat(65_536) } }))).status).toBe(400);
  });

  it('A56: a revoked token (embedded AS verifier) → 401; R-TOK-2 a token for another resource of the same AS → 401', async () => {
    const { as, rs } = setup();
    const { tokens } = await fullFlow(as);
    const other = createProtectedResource({ resource: 'https://other.example.com/mcp', authorizationServers: [ISSUER], verifier: as.verifier() });
    expect((await other.authenticate(bearer(tokens.access_token))).ok).toBe(false);
    const r = await rs.authenticate(bearer(tokens.access_token));
    if (!r.ok) throw new Error('expected ok');
    await as.revokeGrant(r.principal.grantId!);
    expect((await rs.authenticate(bearer(tokens.access_token))).ok).toBe(false);
  });

  it('R-TOK-1: remote JWKS verification (fetched once, cached) and introspection verification', async () => {
    const { as } = setup({ clients: [{ client_id: 'rs', client_secret: 'resource-server-secret-0123456789', grant_types: [] }], introspectionClients: ['rs'] });
    const { tokens } = await fullFlow(as);
    let jwksCalls = 0;
    const fetchAs: typeof fetch = async (input, init) => {
      const req = new Request(input as string, init);
      if (req.url.endsWith('/jwks')) jwksCalls++;
      return as.handle(req);
    };
    const remote = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: jwtVerifier({ issuer: ISSUER, jwks: `${ISSUER}/jwks`, fetch: fetchAs, now: () => 1_750_000_000_000 }) });
    for (let i = 0; i < 3; i++) expect((await remote.authenticate(bearer(tokens.access_token))).ok).toBe(true);
    expect(jwksCalls).toBe(1);
    const seen: Principal[] = [];
    const intro = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: introspectionVerifier({ endpoint: `${ISSUER}/introspect`, issuer: ISSUER, clientId: 'rs', clientSecret: 'resource-server-secret-0123456789', fetch: fetchAs, now: () => 1_750_000_000_000 }) });
    const ok = await intro.authenticate(bearer(tokens.access_token));
    if (ok.ok) seen.push(ok.principal);
    expect(seen[0]?.subject).toBe('user-1');
    expect((await intro.authenticate(bearer('garbage'))).ok).toBe(false);
    const down = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: introspectionVerifier({ endpoint: `${ISSUER}/introspect`, issuer: ISSUER, clientId: 'rs', clientSecret: 'x', fetch: async () => new Response('', { status: 500 }) }) });
    const r = await down.authenticate(bearer(tokens.access_token));
    expect(r.ok ? 0 : r.response.status).toBe(503);
    void basic;
  });
});
