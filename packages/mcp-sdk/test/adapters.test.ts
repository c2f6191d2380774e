// Adapter units without sockets or Express: they run on every runtime of the matrix.
import { describe, expect, it, vi } from 'vitest';
import { InvalidTokenError, ServerError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { ServerFlowError, createProtectedResource, type Principal } from '@mcp-oauth/server-flow';
import { authInfoFromPrincipal, bearerAuth, principalOf, requireToolScopes, sdkFetch } from '@mcp-oauth/mcp-sdk';
import { sdkTokenVerifier } from '@mcp-oauth/mcp-sdk/v1';

const principal: Principal = { subject: 'alice', hasUser: true, clientId: 'c1', scopes: ['mcp:tools'], resource: 'https://mcp.example.com/mcp', grantId: 'g1', tokenId: 't1', expiresAt: 2_000_000_000, issuer: 'https://as.example.com' };
const rs = createProtectedResource({ resource: principal.resource, authorizationServers: [principal.issuer], verifier: async () => principal, requiredScopes: ['mcp:tools'] });

describe('sdkTokenVerifier (unit)', () => {
  it('R-TOK-2: a verifier answering for another resource is never trusted', async () => {
    const v = sdkTokenVerifier({ resource: 'https://mcp.example.com/a', verifier: async () => ({ ...principal, resource: 'https://mcp.example.com/b' }) });
    await expect(v.verifyAccessToken('x')).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('an unreachable key set is a 500 ServerError, not a 401 that would discard the client token', async () => {
    const secret = 'eyJhbGciOiJFUzI1NiJ9.c2VjcmV0LXRva2Vu.c2ln';
    const v = sdkTokenVerifier({ resource: principal.resource, verifier: async () => { throw new ServerFlowError('UpstreamFailed'); } });
    const e = await v.verifyAccessToken(secret).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServerError);
    expect((e as Error).message).not.toContain(secret);
    const bad = await sdkTokenVerifier({ resource: principal.resource, verifier: async () => { throw new ServerFlowError('InvalidToken'); } }).verifyAccessToken(secret).catch((x: unknown) => x);
    expect(bad).toBeInstanceOf(InvalidTokenError);
    expect((bad as Error).message).not.toContain(secret);
  });

  it('caller mistakes are TypeErrors', () => {
    expect(() => sdkTokenVerifier({ resource: 'not a url', verifier: async () => principal })).toThrow(TypeError);
    expect(() => sdkTokenVerifier({ resource: principal.resource } as never)).toThrow(TypeError);
  });
});

describe('requireToolScopes / bearerAuth / sdkFetch (unit)', () => {
  it('requireToolScopes without bearerAuth or a body parser passes a TypeError to next()', async () => {
    const mw = requireToolScopes(rs, { t: ['a'] });
    const next = vi.fn();
    await mw({ method: 'POST', headers: {}, body: {} }, {} as never, next);
    expect(next.mock.calls[0]![0]).toBeInstanceOf(TypeError);
    const next2 = vi.fn();
    await mw({ method: 'POST', headers: {}, auth: authInfoFromPrincipal(principal, 'tok') }, {} as never, next2);
    expect(next2.mock.calls[0]![0]).toBeInstanceOf(TypeError);
    expect(() => requireToolScopes(rs, { t: 'a' } as never)).toThrow(TypeError);
    expect(() => bearerAuth({} as never)).toThrow(TypeError);
  });

  it('sdkFetch passes requests to client-flow and refuses one that already carries Authorization', async () => {
    const seen: unknown[] = [];
    const f = sdkFetch({ fetch: async (input) => { seen.push(input); return new Response('ok'); } });
    expect(await (await f('https://mcp.example.com/mcp')).text()).toBe('ok');
    await expect(f('https://mcp.example.com/mcp', { headers: { Authorization: 'Bearer x' } })).rejects.toBeInstanceOf(TypeError);
    expect(seen).toHaveLength(1);
    expect(() => sdkFetch({} as never)).toThrow(TypeError);
  });

  it('RFC 6750 §3.1: bearerAuth answers a request without credentials with the exact challenge and never calls next', async () => {
    const mw = bearerAuth(rs);
    const sent: { status?: number; headers?: Record<string, string>; body?: string } = {};
    const next = vi.fn();
    await mw({ method: 'POST', url: '/mcp', headers: { host: 'x' } }, { headersSent: false, writeHead: (s, h) => { sent.status = s; sent.headers = h; }, end: (b) => { sent.body = b ?? ''; } }, next);
    expect(next).not.toHaveBeenCalled();
    expect(sent.status).toBe(401);
    expect(sent.headers?.['www-authenticate']).toBe(`Bearer resource_metadata="${rs.metadataUrl}", scope="mcp:tools"`);
  });

  it('R-TOK-1: bearerAuth sets req.auth from the verified principal and calls next', async () => {
    const mw = bearerAuth(rs);
    const req: Parameters<typeof mw>[0] = { method: 'POST', url: '/mcp', headers: { authorization: 'Bearer abc.def' } };
    const next = vi.fn();
    await mw(req, { headersSent: false, writeHead: () => undefined, end: () => undefined }, next);
    expect(next).toHaveBeenCalledWith();
    expect(req.auth?.token).toBe('abc.def');
    expect(principalOf(req.auth)).toBe(principal);
  });
});

describe('authInfoFromPrincipal / principalOf', () => {
  it('RFC 9068 §2.2: maps client_id, scope, exp and aud; the principal round-trips', () => {
    const info = authInfoFromPrincipal(principal, 'tok');
    expect(info).toMatchObject({ token: 'tok', clientId: 'c1', scopes: ['mcp:tools'], expiresAt: 2_000_000_000, resource: new URL(principal.resource) });
    expect(info.extra).toMatchObject({ subject: 'alice', issuer: principal.issuer, grantId: 'g1' });
    expect(principalOf(info)).toBe(principal);
    expect(info.scopes).not.toBe(principal.scopes);
  });

  it('A79: extra.hasUser says whether a user is behind the token, so a tool can refuse a machine principal', () => {
    expect(authInfoFromPrincipal(principal, 'tok').extra?.['hasUser']).toBe(true);
    const machine = authInfoFromPrincipal({ ...principal, subject: 'c1', hasUser: false }, 'tok');
    expect(machine.extra?.['hasUser']).toBe(false);
    expect(principalOf(machine)?.hasUser).toBe(false);
  });

  it('principalOf is undefined for an AuthInfo this package did not make', () => {
    expect(principalOf(undefined)).toBeUndefined();
    expect(principalOf({ token: 't', clientId: 'c', scopes: [] })).toBeUndefined();
    expect(principalOf({ token: 't', clientId: 'c', scopes: [], extra: { mcpOAuthPrincipal: { subject: 1 } } })).toBeUndefined();
  });

  it('caller mistakes are TypeErrors', () => {
    expect(() => authInfoFromPrincipal(principal, '')).toThrow(TypeError);
    expect(() => authInfoFromPrincipal({} as never, 't')).toThrow(TypeError);
  });
});
