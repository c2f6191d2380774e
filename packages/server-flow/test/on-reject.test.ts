import { describe, expect, it } from 'vitest';
import { generateSigningKey, signJwt } from '@mcp-oauth/jwt-lite';
import { createProtectedResource, introspectionVerifier, jwtVerifier, ServerFlowError } from '@mcp-oauth/server-flow';
import type { Principal, ProtectedResourceOptions, TokenRejectEvent, TokenVerifier } from '@mcp-oauth/server-flow';
import { ISSUER, RESOURCE, bearer, fullFlow, post, setup } from './helpers';

const NOW = 1_750_000_000;

function resource(verifier: TokenVerifier, extra: Partial<ProtectedResourceOptions> = {}) {
  const events: TokenRejectEvent[] = [];
  const rs = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier, onReject: (e) => { events.push(e); }, ...extra });
  return { rs, events };
}

async function jwt(extra: Partial<ProtectedResourceOptions> = {}) {
  const key = await generateSigningKey('ES256', { kid: 'k' });
  const other = await generateSigningKey('ES256', { kid: 'k' });
  const { rs, events } = resource(jwtVerifier({ issuer: ISSUER, jwks: { keys: [key.publicJwk] }, now: () => NOW * 1000 }), extra);
  const mint = (claims: Record<string, unknown> = {}, k = key.privateKey, kid = 'k') =>
    signJwt({ iss: ISSUER, sub: 'u', aud: RESOURCE, client_id: 'c', scope: 'mcp:read', iat: NOW, exp: NOW + 300, jti: crypto.randomUUID(), ...claims }, k, { typ: 'at+jwt', kid });
  return { rs, events, mint, other };
}

/** The one event of one refused request. */
async function reasonOf(rs: ReturnType<typeof createProtectedResource>, events: TokenRejectEvent[], request: Request): Promise<TokenRejectEvent> {
  const before = events.length;
  const r = await rs.authenticate(request);
  expect(r.ok).toBe(false);
  expect(events.length).toBe(before + 1);
  const e = events[events.length - 1]!;
  if (!r.ok) expect(e.status).toBe(r.response.status);
  return e;
}

describe('onReject: why a protected resource refused a request (RFC 6750 §3.1)', () => {
  it('RFC 6750 §3.1: missing and not_bearer for absent or non-Bearer credentials; the method and path without the query', async () => {
    const { rs, events } = await jwt();
    const e = await reasonOf(rs, events, new Request(`${RESOURCE}?x=1#f`, { method: 'POST' }));
    expect(e).toEqual({ reason: 'missing', status: 401, method: 'POST', path: '/mcp' });
    expect((await reasonOf(rs, events, new Request(RESOURCE, { headers: { authorization: 'Basic dTpw' } }))).reason).toBe('not_bearer');
  });

  it('R-TOK-5: token_in_request for a token in the query string or a form body; malformed for bad syntax or an oversized header', async () => {
    const { rs, events, mint } = await jwt();
    const t = await mint();
    expect((await reasonOf(rs, events, new Request(`${RESOURCE}?access_token=${t}`))).reason).toBe('token_in_request');
    expect((await reasonOf(rs, events, bearer(t, { method: 'POST', body: `access_token=${t}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }))).reason).toBe('token_in_request');
    expect((await reasonOf(rs, events, bearer('a b'))).reason).toBe('malformed');
    expect((await reasonOf(rs, events, bearer('x'.repeat(9000)))).reason).toBe('malformed');
    expect((await reasonOf(rs, events, bearer('not.a.jwt'))).reason).toBe('malformed');
  });

  it('R-TOK-1: bad_signature, unknown_key, expired, not_yet_valid and wrong_issuer from the JWT verifier', async () => {
    const { rs, events, mint, other } = await jwt();
    expect((await reasonOf(rs, events, bearer(await mint({}, other.privateKey))))).toMatchObject({ reason: 'bad_signature', status: 401 });
    expect((await reasonOf(rs, events, bearer(await mint({}, other.privateKey, 'k2'))))).toMatchObject({ reason: 'unknown_key' });
    expect((await reasonOf(rs, events, bearer(await mint({ exp: NOW - 10 }))))).toMatchObject({ reason: 'expired' });
    expect((await reasonOf(rs, events, bearer(await mint({ nbf: NOW + 100 }))))).toMatchObject({ reason: 'not_yet_valid' });
    expect((await reasonOf(rs, events, bearer(await mint({ iss: 'https://evil.example.com' }))))).toMatchObject({ reason: 'wrong_issuer' });
  });

  it('R-TOK-2: wrong_audience for a token for another resource', async () => {
    const { rs, events, mint } = await jwt();
    expect((await reasonOf(rs, events, bearer(await mint({ aud: 'https://other.example.com/mcp' }))))).toMatchObject({ reason: 'wrong_audience', status: 401 });
    const { as } = setup();
    const own = resource(as.verifier(), { resource: 'https://other.example.com/mcp' });
    const { tokens } = await fullFlow(as, { resource: RESOURCE });
    expect(await reasonOf(own.rs, own.events, bearer(tokens.access_token))).toMatchObject({ reason: 'wrong_audience' });
  });

  it('R-TOK-4: insufficient_scope names the client and subject, from authenticate and from requireScopes', async () => {
    const { rs, events, mint } = await jwt({ requiredScopes: ['mcp:write'] });
    expect(await reasonOf(rs, events, bearer(await mint()))).toMatchObject({ reason: 'insufficient_scope', status: 403, clientId: 'c', subject: 'u' });
    const open = resource(async () => { throw new ServerFlowError('InvalidToken'); });
    const principal: Principal = { subject: 'u', hasUser: true, clientId: 'c', scopes: ['mcp:read'], resource: RESOURCE, expiresAt: NOW + 60, issuer: ISSUER };
    expect(open.rs.requireScopes(principal, ['mcp:write'], new Request(`${RESOURCE}/x?q`, { method: 'POST' }))?.status).toBe(403);
    expect(open.events).toEqual([{ reason: 'insufficient_scope', status: 403, method: 'POST', path: '/mcp/x', clientId: 'c', subject: 'u' }]);
    expect(open.rs.requireScopes(principal, ['mcp:read'])).toBeUndefined();
    expect(open.events.length).toBe(1);
  });

  it('A-REV-1: revoked (with the client and subject) for a revoked token of this server; unknown_token for an opaque token it never issued', async () => {
    const { as } = setup();
    const own = resource(as.verifier());
    const { client, tokens } = await fullFlow(as, { resource: RESOURCE });
    expect((await as.handle(post(`${ISSUER}/revoke`, { token: tokens.access_token, client_id: client.client_id }))).status).toBe(200);
    expect(await reasonOf(own.rs, own.events, bearer(tokens.access_token))).toMatchObject({ reason: 'revoked', clientId: client.client_id, subject: 'user-1' });
    const opaque = setup({ tokens: { format: 'opaque' } });
    const o = resource(opaque.as.verifier());
    expect(await reasonOf(o.rs, o.events, bearer('never-issued-token'))).toMatchObject({ reason: 'unknown_token' });
  });

  it('RFC 7662 §2.2: inactive for active:false; unavailable (503) when introspection fails; invalid for a verifier that gives no reason', async () => {
    const answer = (body: unknown): typeof fetch => async () => Response.json(body);
    const intro = (fetchFn: typeof fetch) => resource(introspectionVerifier({ endpoint: `${ISSUER}/introspect`, issuer: ISSUER, clientId: 'rs', clientSecret: 's', fetch: fetchFn, now: () => NOW * 1000 }));
    const a = intro(answer({ active: false }));
    expect(await reasonOf(a.rs, a.events, bearer('tok'))).toMatchObject({ reason: 'inactive', status: 401 });
    const b = intro(answer({ active: true, aud: RESOURCE, exp: NOW - 1, sub: 'u', client_id: 'c' }));
    expect(await reasonOf(b.rs, b.events, bearer('tok'))).toMatchObject({ reason: 'expired', clientId: 'c' });
    const c = intro(async () => new Response('', { status: 500 }));
    expect(await reasonOf(c.rs, c.events, bearer('tok'))).toMatchObject({ reason: 'unavailable', status: 503 });
    const d = resource(async () => { throw new Error('custom'); });
    expect(await reasonOf(d.rs, d.events, bearer('tok'))).toMatchObject({ reason: 'invalid', status: 401 });
    const e = resource(async () => { throw new ServerFlowError('InvalidToken', undefined, { reason: 'revoked' }); });
    expect(await reasonOf(e.rs, e.events, bearer('tok'))).toMatchObject({ reason: 'revoked' });
  });

  it('RFC 6750 §3.1: a throwing or rejecting hook changes nothing in the answer; the event never holds the token', async () => {
    const { rs: quiet, mint } = await jwt();
    const t = await mint({ exp: NOW - 10 });
    const want = await quiet.authenticate(bearer(t));
    for (const onReject of [() => { throw new Error('boom'); }, () => Promise.reject(new Error('boom'))]) {
      const rs = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: jwtVerifier({ issuer: ISSUER, jwks: { keys: [] }, now: () => NOW * 1000 }), onReject });
      const got = await rs.authenticate(bearer(t));
      expect(got.ok).toBe(false);
      if (!got.ok && !want.ok) expect(got.response.headers.get('www-authenticate')).toBe(want.response.headers.get('www-authenticate'));
    }
    const { rs, events } = await jwt();
    const ev = await reasonOf(rs, events, bearer(t));
    expect(JSON.stringify(ev)).not.toContain(t.slice(0, 20));
    expect(() => createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: async () => { throw new Error(); }, onReject: 1 as never })).toThrow(TypeError);
  });
});
