import { describe, expect, it } from 'vitest';
import { ServerFlowError, memoryStore } from '@mcp-oauth/server-flow';
import type { ClientRecord, CodeRecord, GrantRecord, RefreshTokenRecord } from '@mcp-oauth/server-flow';
import { REDIRECT, RESOURCE, basic, getCode, pkcePair, post, register, setup, token } from './helpers';

const T0 = 1_750_000_000_000;
const client = (id: string, expiresAt?: number): ClientRecord => ({
  clientId: id, issuedAt: 0, source: 'dcr', metadata: { redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'] },
  ...(expiresAt !== undefined ? { expiresAt } : {}),
});
const code = (expiresAt: number): CodeRecord => ({ grantId: 'g', clientId: 'c', redirectUri: REDIRECT, codeChallenge: 'x', scopes: [], resource: RESOURCE, subject: 's', expiresAt });
const grant = (id: string, expiresAt: number): GrantRecord => ({ id, clientId: 'c', subject: 's', scopes: [], resource: RESOURCE, createdAt: T0, expiresAt });
const rt = (expiresAt: number): RefreshTokenRecord => ({ grantId: 'g', clientId: 'c', scopes: [], resource: RESOURCE, expiresAt });

async function storeFull(p: Promise<unknown>): Promise<string | undefined> {
  try { await p; return undefined; } catch (e) { return e instanceof ServerFlowError ? e.code : 'other'; }
}

describe('memoryStore bounds (A-DOS-1)', () => {
  it('A-DOS-1: anonymous-creatable state (clients, transactions, consents) drops its oldest entry at the limit', async () => {
    const s = memoryStore({ now: () => T0, limits: { clients: 3, transactions: 2, consents: 2 } });
    for (let i = 0; i < 10; i++) {
      await s.putClient(client(`c${i}`));
      await s.putTransaction(`t${i}`, { i }, T0 + 60_000);
      await s.putConsent(`k${i}`, ['a'], T0 + 60_000);
    }
    expect(s.stats()).toMatchObject({ clients: 3, transactions: 2, consents: 2 });
    expect(await s.getClient('c0')).toBeUndefined();
    expect((await s.getClient('c9'))?.clientId).toBe('c9');
    expect(await s.takeTransaction('t0')).toBeUndefined();
    expect(await s.takeTransaction('t9')).toEqual({ i: 9 });
  });

  it('A-DOS-1: live security records are never dropped: a full map refuses new writes with StoreFull; nothing refused is half-written', async () => {
    let t = T0;
    const s = memoryStore({ now: () => t, limits: { codes: 2, refreshTokens: 2, revokedTokens: 1, replay: 1, grants: 1, accessTokens: 1 } });
    await s.putCode('a', code(T0 + 60_000));
    await s.putCode('b', code(T0 + 120_000));
    expect(await storeFull(s.putCode('c', code(T0 + 60_000)))).toBe('StoreFull');
    await s.putRefreshToken('r1', rt(T0 + 60_000));
    await s.putRefreshToken('x1', rt(T0 + 60_000));
    expect(await storeFull(s.rotateRefreshToken('r1', 'r2', rt(T0 + 60_000)))).toBe('StoreFull');
    expect((await s.getRefreshToken('r1'))?.rotated).toBe(false); // a refused rotation changed nothing
    expect(await s.getRefreshToken('r2')).toBeUndefined();
    await s.revokeAccessToken('j1', T0 + 60_000);
    expect(await storeFull(s.revokeAccessToken('j2', T0 + 60_000))).toBe('StoreFull');
    expect(await s.isAccessTokenRevoked('j1')).toBe(true);
    expect(await s.addIfAbsent('x', T0 + 60_000)).toBe(true);
    expect(await storeFull(s.addIfAbsent('y', T0 + 60_000))).toBe('StoreFull');
    expect(await s.addIfAbsent('x', T0 + 60_000)).toBe(false);
    await s.putGrant(grant('g1', T0 + 60_000));
    expect(await storeFull(s.putGrant(grant('g2', T0 + 60_000)))).toBe('StoreFull');
    // once the live entries expire, the space is reused; nothing grew past its limit meanwhile
    t = T0 + 60_001;
    await s.putCode('c', code(t + 60_000));
    await s.revokeAccessToken('j2', t + 60_000);
    expect(await s.addIfAbsent('y', t + 60_000)).toBe(true);
    await s.putGrant(grant('g2', t + 60_000));
    expect(s.stats()).toMatchObject({ codes: 2, revokedTokens: 1, replay: 1, grants: 1 });
  });

  it('A-DOS-1, A-CODE-1: used codes leave the pending-code map; used and rotated marks are dropped oldest first when full, and a dropped one is unknown, never live again', async () => {
    const t = T0;
    const s = memoryStore({ now: () => t, limits: { codes: 2, usedCodes: 1, refreshTokens: 2 } });
    await s.putCode('a', code(T0 + 60_000));
    await s.putCode('b', code(T0 + 60_000));
    expect(await s.consumeCode('a', T0 + 86_400_000)).toBe(true);
    await s.putCode('c', code(T0 + 60_000)); // room: a redeemed code no longer holds a pending slot
    expect((await s.getCode('a'))?.used).toBe(true);
    expect(await s.consumeCode('b', T0 + 86_400_000)).toBe(true); // usedCodes full: a's mark dropped
    expect(await s.getCode('a')).toBeUndefined();
    expect(await s.consumeCode('a', T0 + 86_400_000)).toBe(false);
    expect((await s.getCode('b'))?.used).toBe(true);
    expect(s.stats()).toMatchObject({ codes: 1, usedCodes: 1 });

    await s.putRefreshToken('r1', rt(T0 + 60_000));
    expect(await s.rotateRefreshToken('r1', 'r2', rt(T0 + 60_000))).toBe('rotated');
    expect(await s.rotateRefreshToken('r2', 'r3', rt(T0 + 60_000))).toBe('rotated'); // r1's rotated mark made room
    expect(await s.rotateRefreshToken('r1', 'r9', rt(T0 + 60_000))).toBe('missing');
    expect(await s.rotateRefreshToken('r2', 'r9', rt(T0 + 60_000))).toBe('reused');
    expect((await s.getRefreshToken('r3'))?.rotated).toBe(false);
    await s.putRefreshToken('x1', rt(T0 + 60_000)); // r2's mark dropped; r3 and x1 are live
    expect(await storeFull(s.putRefreshToken('x2', rt(T0 + 60_000)))).toBe('StoreFull');
    expect((await s.getRefreshToken('r3'))?.rotated).toBe(false);
    expect(s.stats()).toMatchObject({ refreshTokens: 2 });
  });

  it('A-DOS-1: a limit or sweepEvery that is not a positive integer, or an unknown limit, is a RangeError', () => {
    expect(() => memoryStore({ limits: { codes: 0 } })).toThrow(RangeError);
    expect(() => memoryStore({ limits: { clients: 1.5 } })).toThrow(RangeError);
    expect(() => memoryStore({ limits: { bogus: 3 } as never })).toThrow(RangeError);
    expect(() => memoryStore({ sweepEvery: -1 })).toThrow(RangeError);
  });

  it('A-DOS-1: a full store is 503 temporarily_unavailable with Retry-After at /authorize and /token, never a token or a dropped record', async () => {
    const store = memoryStore({ now: () => T0, limits: { codes: 1, grants: 100 } });
    const f = setup({ store });
    const c = await register(f.as);
    const { code: first, verifier } = await getCode(f.as, c.client_id);
    const { challenge } = await pkcePair();
    const full = await f.as.handle(new Request(`https://as.example.com/authorize?${new URLSearchParams({ response_type: 'code', client_id: c.client_id, redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', state: 's' })}`));
    expect(full.status).toBe(503);
    expect(((await full.json()) as { error: string }).error).toBe('temporarily_unavailable');
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(full.headers.get('location')).toBeNull();
    const ok = await token(f.as, { grant_type: 'authorization_code', code: first, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT });
    expect(ok.status).toBe(200);
    const g = setup({ store: memoryStore({ now: () => T0, limits: { grants: 1 } }), clients: [{ client_id: 'machine', client_secret: 'machine-secret-0123456789', grant_types: ['client_credentials'] }] });
    const cc = () => g.as.handle(post('https://as.example.com/token', { grant_type: 'client_credentials' }, { authorization: basic('machine', 'machine-secret-0123456789') }));
    expect((await cc()).status).toBe(200);
    const refused = await cc();
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: string }).error).toBe('temporarily_unavailable');
    expect(refused.headers.get('retry-after')).not.toBeNull();
  });

  it('A-DOS-1: an unused self-registered client expires after registration.unusedClientLifetime; one a user authorized is kept past it', async () => {
    const f = setup({ store: undefined, registration: { unusedClientLifetime: 3600 } });
    const unused = await register(f.as);
    const used = await register(f.as);
    await getCode(f.as, used.client_id);
    f.clock.t += 3_601_000;
    expect(await f.as.store.getClient(unused.client_id)).toBeUndefined();
    expect((await f.as.store.getClient(used.client_id))?.clientId).toBe(used.client_id);
    expect(() => setup({ registration: { unusedClientLifetime: 0 } })).toThrow(RangeError);
  });

  it('A-DOS-1: a registration flood past the clients limit drops unused registrations first, never a client a user authorized', async () => {
    const f = setup({ store: memoryStore({ now: () => T0, limits: { clients: 5 } }) });
    const used = await register(f.as);
    await getCode(f.as, used.client_id);
    for (let i = 0; i < 20; i++) await register(f.as, {}, `198.51.100.${i}`);
    expect((await f.as.store.getClient(used.client_id))?.clientId).toBe(used.client_id);
    expect((f.as.store as ReturnType<typeof memoryStore>).stats().clients).toBe(5);
  });
});

describe('the protected resource when the store is unavailable', () => {
  it('A-DOS-1, R-TOK-1: a verifier failing with StoreFull (the store full or unreachable) is 503 temporarily_unavailable with Retry-After, not 401 invalid_token: the client retries and keeps its token', async () => {
    const { createProtectedResource } = await import('@mcp-oauth/server-flow');
    const rs = createProtectedResource({ resource: RESOURCE, authorizationServers: ['https://as.example.com'], verifier: async () => { throw new ServerFlowError('StoreFull'); } });
    const res = await rs.authenticate(new Request(RESOURCE, { method: 'POST', headers: { authorization: 'Bearer abc.def' } }));
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.response.status).toBe(503);
    expect(((await res.response.json()) as { error: string }).error).toBe('temporarily_unavailable');
    expect(Number(res.response.headers.get('retry-after'))).toBeGreaterThan(0);
    // any other failure is still an invalid token
    const other = createProtectedResource({ resource: RESOURCE, authorizationServers: ['https://as.example.com'], verifier: async () => { throw new ServerFlowError('InvalidToken'); } });
    const bad = await other.authenticate(new Request(RESOURCE, { method: 'POST', headers: { authorization: 'Bearer abc.def' } }));
    expect(bad.ok ? 0 : bad.response.status).toBe(401);
  });
});
