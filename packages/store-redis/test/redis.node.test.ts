// What only a networked store has: many connections, Redis's own TTLs, the script cache, failures.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthorizationServer, type CodeRecord, type RefreshTokenRecord, type Store } from '@mcp-oauth/server-flow';
import { fromIoRedis, fromNodeRedis, redisStore, RedisStoreError, type RedisLike } from '@mcp-oauth/store-redis';
import { startRedisServer, type RedisServer } from './redis-server';

let server: RedisServer;
let nodeRedis: ReturnType<typeof createClient>;
let ioredis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  nodeRedis = createClient({ url: server.url });
  await nodeRedis.connect();
  ioredis = new Redis(server.url);
});
afterAll(async () => {
  await nodeRedis?.close();
  await ioredis?.quit();
  await server?.stop();
});

const ISSUER = 'https://as.example.com';
const MCP = 'https://mcp.example.com/mcp';
const SECRET = 's'.repeat(40);
const asOn = (store: Store) => createAuthorizationServer({
  issuer: ISSUER, resources: [MCP], scopes: ['mcp:tools'], store, encryptionKeys: ['k'.repeat(40)],
  clients: [{ client_id: 'machine', client_secret: SECRET, grant_types: ['client_credentials'], scope: 'mcp:tools' }],
  authenticate: async () => new Response(null, { status: 401 }),
});
const machineToken = async (as: ReturnType<typeof asOn>): Promise<string> => {
  const res = await as.handle(new Request(`${ISSUER}/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`machine:${SECRET}`)}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: MCP }),
  }));
  return ((await res.json()) as { access_token: string }).access_token;
};

let n = 0;
const prefix = (): string => `t${++n}:`;
const code = (expiresAt: number): CodeRecord => ({ grantId: 'g1', clientId: 'c1', redirectUri: 'https://c.example/cb', codeChallenge: 'x'.repeat(43), scopes: ['a'], resource: 'https://rs.example/mcp', subject: 'u1', expiresAt });
const rt = (expiresAt: number): RefreshTokenRecord => ({ grantId: 'g1', clientId: 'c1', scopes: ['a'], resource: 'https://rs.example/mcp', expiresAt });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const coded = (code: string) => (e: unknown) => e instanceof RedisStoreError && e.code === code;

describe('store-redis on a real redis-server', () => {
  it('RFC 7517 §5: 10 first signing-key writers over two connections (node-redis and ioredis) have one winner; a revoked grant is never updated back', async () => {
    const p = prefix();
    const a = redisStore({ client: nodeRedis, prefix: p });
    const b = redisStore({ client: ioredis, prefix: p });
    const key = (kid: string) => ({ kid, alg: 'ES256', publicJwk: { kty: 'EC', kid }, sealedPrivateJwk: 'id.x', signFrom: 0 });
    const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).updateSigningKeys(0, [key(`k${i}`)])));
    expect(wins.filter(Boolean).length).toBe(1);
    expect(await a.getSigningKeys()).toEqual({ version: 1, keys: [key(`k${wins.indexOf(true)}`)] });
    expect(await redisStore({ client: nodeRedis, prefix: prefix() }).getSigningKeys()).toBeUndefined(); // per prefix
    const grant = { id: 'g', clientId: 'c', subject: 'u', scopes: [], resource: 'r', createdAt: 1, expiresAt: Date.now() + 60_000 };
    await a.putGrant(grant);
    expect(await b.updateGrant({ ...grant, upstreamSealed: 'id.y' })).toBe(true);
    expect((await a.getGrant('g'))?.upstreamSealed).toBe('id.y');
    expect(await a.revokeGrant('g')).toBe(true);
    expect(await b.updateGrant({ ...grant, upstreamSealed: 'id.z' })).toBe(false);
    expect(await a.getGrant('g')).toBeUndefined();
  });

  it('R-TOK-1, RFC 7517 §5: two authorization servers on one Redis (node-redis and ioredis) starting at once publish one JWKS and accept each other\'s tokens', async () => {
    const p = prefix();
    const [a, b] = [asOn(redisStore({ client: nodeRedis, prefix: p })), asOn(redisStore({ client: ioredis, prefix: p }))];
    const [ja, jb] = await Promise.all([a.jwks(), b.jwks()]);
    expect(ja.keys.length).toBe(1);
    expect(jb).toEqual(ja);
    expect((await b.verifier()(await machineToken(a), MCP)).clientId).toBe('machine');
    expect((await a.verifier()(await machineToken(b), MCP)).clientId).toBe('machine');
  });

  it('A-CODE-1, A7: 20 concurrent consumes of one code over two connections (node-redis and ioredis) have exactly one winner', async () => {
    const p = prefix();
    const a = redisStore({ client: nodeRedis, prefix: p });
    const b = redisStore({ client: ioredis, prefix: p });
    await a.putCode('h', code(Date.now() + 60_000));
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).consumeCode('h')));
    expect(wins.filter(Boolean).length).toBe(1);
    expect((await b.getCode('h'))?.used).toBe(true);
  });

  it('A-RT-1: 10 concurrent rotations of one refresh token over two connections: one rotated, nine reused, one new token stored', async () => {
    const p = prefix();
    const a = redisStore({ client: fromNodeRedis(nodeRedis), prefix: p });
    const b = redisStore({ client: fromIoRedis(ioredis), prefix: p });
    await a.putRefreshToken('r0', rt(Date.now() + 60_000));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).rotateRefreshToken('r0', `r1-${i}`, rt(Date.now() + 60_000))));
    expect(results.filter((r) => r === 'rotated').length).toBe(1);
    expect(results.filter((r) => r === 'reused').length).toBe(9);
    expect((await ioredis.keys(`${p}rt:r1-*`)).length).toBe(1);
  });

  it('A8: Redis itself deletes entries when their lifetime ends (PX TTLs from the protocol lifetimes); a used code lives until keepUntil', async () => {
    const p = prefix();
    const s = redisStore({ client: ioredis, prefix: p });
    const t = Date.now();
    await s.putCode('short', code(t + 300));
    await s.putCode('kept', code(t + 300));
    expect(await s.consumeCode('kept', t + 60_000)).toBe(true);
    await s.putTransaction('x', { a: 1 }, t + 300);
    await s.putRefreshToken('r', rt(t + 300));
    await s.putClient({ clientId: 'forever', metadata: { redirect_uris: ['https://c.example/cb'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'] }, issuedAt: 1, source: 'dcr' });
    expect(await ioredis.pttl(`${p}code:short`)).toBeGreaterThan(0);
    expect(await ioredis.pttl(`${p}code:kept`)).toBeGreaterThan(30_000);
    expect(await ioredis.pttl(`${p}client:forever`)).toBe(-1); // no expiry: a registration lives until deleted
    await sleep(600);
    expect(await ioredis.exists(`${p}code:short`, `${p}txn:x`, `${p}rt:r`)).toBe(0);
    expect(await s.getCode('short')).toBeUndefined();
    expect(await s.takeTransaction('x')).toBeUndefined();
    expect(await s.rotateRefreshToken('r', 'r2', rt(t + 60_000))).toBe('missing');
    expect((await s.getCode('kept'))?.used).toBe(true);
    expect(await s.consumeCode('kept')).toBe(false);
  });

  it('A81, A8: a group of addIfAbsentCapped is one sorted set whose TTL follows its latest id; a shorter id never shortens it, and Redis deletes it when the last id expires', async () => {
    const p = prefix();
    const s = redisStore({ client: ioredis, prefix: p });
    const t = Date.now();
    expect(await s.addIfAbsentCapped('jti:c1', 'long', t + 60_000, 2)).toBe('added');
    expect(await s.addIfAbsentCapped('jti:c1', 'short', t + 300, 2)).toBe('added');
    expect(await ioredis.pttl(`${p}group:jti:c1`)).toBeGreaterThan(30_000);
    expect(await ioredis.zrange(`${p}group:jti:c1`, 0, -1)).toEqual(['short', 'long']);
    expect(await s.addIfAbsentCapped('jti:c1', 'third', t + 300, 2)).toBe('full');
    await sleep(600);
    // the short id expired: its room is free again, the long one is still a replay
    expect(await s.addIfAbsentCapped('jti:c1', 'third', Date.now() + 300, 2)).toBe('added');
    expect(await s.addIfAbsentCapped('jti:c1', 'long', Date.now() + 300, 2)).toBe('present');
    expect(await ioredis.zrange(`${p}group:jti:c1`, 0, -1)).toEqual(['third', 'long']);
    const q = prefix();
    const only = redisStore({ client: ioredis, prefix: q });
    expect(await only.addIfAbsentCapped('g', 'x', Date.now() + 300, 1)).toBe('added');
    await sleep(600);
    expect(await ioredis.exists(`${q}group:g`)).toBe(0);
  });

  it('A75, A-REV-1: prefixes keep tenants apart; keys are the prefix, the kind and the hash the server gave, values JSON', async () => {
    const a = redisStore({ client: nodeRedis, prefix: 'tenant-a:' });
    const b = redisStore({ client: nodeRedis, prefix: 'tenant-b:' });
    await a.putGrant({ id: 'g', clientId: 'c', subject: 'u', scopes: ['s'], resource: 'r', createdAt: 1, expiresAt: Date.now() + 60_000 });
    expect(await b.getGrant('g')).toBeUndefined();
    expect(await b.revokeGrant('g')).toBe(false);
    expect((await a.getGrant('g'))?.subject).toBe('u');
    expect(JSON.parse((await ioredis.hget('tenant-a:grant:g', 'v'))!)).toMatchObject({ id: 'g', subject: 'u' });
    expect(await a.revokeGrant('g')).toBe(true);
  });

  it('A7: scripts are sent by SHA and resent in full after the server lost them (SCRIPT FLUSH, restart, failover)', async () => {
    const s = redisStore({ client: ioredis, prefix: prefix() });
    await s.putCode('h', code(Date.now() + 60_000));
    await ioredis.script('FLUSH');
    expect(await s.consumeCode('h')).toBe(true);
    expect(await s.consumeCode('h')).toBe(false);
  });

  it('A-CODE-1: a Redis error rejects the call and writes nothing (a wrong key type fails before the script writes)', async () => {
    const p = prefix();
    const s = redisStore({ client: ioredis, prefix: p });
    await ioredis.set(`${p}rt:old`, 'not a hash');
    await expect(s.rotateRefreshToken('old', 'new', rt(Date.now() + 60_000))).rejects.toThrow();
    expect(await ioredis.exists(`${p}rt:new`)).toBe(0);
    expect(await ioredis.get(`${p}rt:old`)).toBe('not a hash');
    await ioredis.hset(`${p}consent:k`, 'v', '{', 'e', '');
    await expect(s.getConsent('k')).rejects.toSatisfy(coded('CorruptValue'));
  });

  it('A-CODE-1: a lost connection surfaces as a rejected call (the server answers 5xx), never as a false "not found"', async () => {
    const c = createClient({ url: server.url, disableOfflineQueue: true, socket: { reconnectStrategy: false } });
    await c.connect();
    const s = redisStore({ client: c, prefix: prefix() });
    await s.putCode('h', code(Date.now() + 60_000));
    await c.close();
    await expect(s.consumeCode('h')).rejects.toThrow();
    await expect(s.getGrant('g')).rejects.toThrow();
  });

  it('caller mistakes throw TypeError; a reply of the wrong shape is UnexpectedReply', async () => {
    expect(() => redisStore({ client: {} as RedisLike })).toThrow(TypeError);
    expect(() => redisStore({ client: nodeRedis, prefix: 42 as unknown as string })).toThrow(TypeError);
    expect(() => fromNodeRedis({} as never)).toThrow(TypeError);
    expect(() => fromIoRedis({} as never)).toThrow(TypeError);
    const odd = redisStore({ client: { send: async () => 'OK' } });
    await expect(odd.getGrant('g')).rejects.toSatisfy(coded('UnexpectedReply'));
    await expect(odd.consumeCode('h')).rejects.toSatisfy(coded('UnexpectedReply'));
    await expect(odd.rotateRefreshToken('a', 'b', rt(Date.now() + 1000))).rejects.toSatisfy(coded('UnexpectedReply'));
  });
});
