import type { AccessTokenRecord, ClientRecord, CodeRecord, GrantRecord, RefreshTokenRecord, RotateResult, Store, StoredSigningKey } from '@mcp-oauth/server-flow';
import { RedisStoreError } from './errors';
import { ADD_CAPPED, ADD_IF_ABSENT, CONSUME, PUT, REPLACE_LIVE, ROTATE, SET_KEYS, TAKE } from './internal/scripts';
import { toRedisLike } from './internal/to-redis-like';
import type { IoRedisLike, NodeRedisLike, RedisLike } from './redis-like';

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /** A connected client: node-redis, ioredis, or any {@link RedisLike}. The store never closes it. */
  client: RedisLike | NodeRedisLike | IoRedisLike;
  /**
   * Prefix of every key, one per tenant or per authorization server sharing a Redis. Default
   * `mcp-oauth:`. On Redis Cluster give it a hash tag (`{as1}:`): refresh rotation touches two keys.
   */
  prefix?: string;
  /** Clock in milliseconds since the epoch (tests inject one). Default `Date.now`. */
  now?: () => number;
}

type Kind = 'client' | 'grant' | 'code' | 'rt' | 'at' | 'revoked' | 'consent' | 'seen' | 'group' | 'txn';

/**
 * The authorization server's {@link Store} on Redis, shared by every instance of a fleet. Each
 * record is a Redis hash (the JSON value, its expiry, the used / rotated mark) with a Redis TTL
 * derived from the protocol lifetime, so Redis deletes what expired; reads also compare the expiry
 * with `now`, so an entry past its time is absent at once. Every write is one Lua script (atomic
 * on the server): `consumeCode`, `rotateRefreshToken`, `takeTransaction`, `revokeGrant` and
 * `addIfAbsent` check and change in one step, so of concurrent callers on any number of
 * connections exactly one wins. Scripts are sent with `EVALSHA`, and with `EVAL` after a `NOSCRIPT`.
 * `updateGrant` writes only a live grant, `updateSigningKeys` only over the expected version (the
 * set is the hash `<prefix>keys`, without TTL).
 *
 * Keys are `<prefix><kind>:<key>`, where the key is the hash, client id or grant id the server
 * hands over: no code or token is stored in clear. A Redis error rejects the call (the server
 * answers 5xx) and leaves nothing half-written.
 *
 * @throws {TypeError} for a client of an unknown shape or a bad option.
 * @throws {RedisStoreError} (from its methods) `UnexpectedReply`, `CorruptValue`.
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { createAuthorizationServer } from '@mcp-oauth/server-flow';
 * import { redisStore } from '@mcp-oauth/store-redis';
 *
 * const client = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * const as = createAuthorizationServer({
 *   issuer: 'https://as.example.com', resources: ['https://mcp.example.com/mcp'], scopes: ['mcp:tools'],
 *   autoApprove: { subject: 'test-user' }, // tests only
 *   store: redisStore({ client, prefix: 'as1:' }),
 * });
 * ```
 * @see https://redis.io/docs/latest/develop/programmability/eval-intro/
 */
export function redisStore(options: RedisStoreOptions): Store {
  if (typeof options !== 'object' || options === null) throw new TypeError('redisStore: options must be an object');
  const redis = toRedisLike(options.client);
  const prefix = options.prefix ?? 'mcp-oauth:';
  const now = options.now ?? Date.now;
  if (typeof prefix !== 'string' || prefix.length > 200) throw new TypeError('redisStore: `prefix` must be a string of at most 200 characters');
  if (typeof now !== 'function') throw new TypeError('redisStore: `now` must be a function');

  const key = (kind: Kind, k: string): string => `${prefix}${kind}:${k}`;
  const shas = new Map<string, Promise<string>>();
  const sha1 = (script: string): Promise<string> => {
    let p = shas.get(script);
    if (p === undefined) {
      p = crypto.subtle.digest('SHA-1', new TextEncoder().encode(script)).then((d) => Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join(''));
      shas.set(script, p);
    }
    return p;
  };
  const script = async (text: string, keys: string[], args: string[]): Promise<unknown> => {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await redis.send(['EVALSHA', await sha1(text), ...tail]);
    } catch (e) {
      // The script cache is empty after a restart, a failover or SCRIPT FLUSH: send the text once.
      if (!String((e as { message?: unknown } | null)?.message).startsWith('NOSCRIPT')) throw e;
      return redis.send(['EVAL', text, ...tail]);
    }
  };
  /** Expiry and TTL arguments; a past expiry keeps the key 1 ms (it reads as absent at once). */
  const life = (expiresAt: number, at: number): [string, string] =>
    Number.isFinite(expiresAt) ? [String(expiresAt), String(Math.max(1, Math.ceil(expiresAt - at)))] : ['', ''];
  const int = (r: unknown): number => {
    if (typeof r !== 'number') throw new RedisStoreError('UnexpectedReply');
    return r;
  };
  const json = <T>(v: unknown): T => {
    if (typeof v !== 'string') throw new RedisStoreError('UnexpectedReply');
    try { return JSON.parse(v) as T; } catch { throw new RedisStoreError('CorruptValue'); }
  };
  const put = async (kind: Kind, k: string, value: unknown, expiresAt: number): Promise<void> => {
    const at = now();
    await script(PUT, [key(kind, k)], [String(at), JSON.stringify(value), ...life(expiresAt, at)]);
  };
  /** The live entry's value and used mark, or undefined. */
  const read = async (kind: Kind, k: string): Promise<{ v: string; u: string | null } | undefined> => {
    const r = await redis.send(['HMGET', key(kind, k), 'v', 'e', 'u']);
    if (!Array.isArray(r) || r.length !== 3) throw new RedisStoreError('UnexpectedReply');
    const [v, e, u] = r as unknown[];
    if (v === null || v === undefined) return undefined;
    if (typeof v !== 'string' || typeof e !== 'string' || (u !== null && u !== undefined && typeof u !== 'string')) throw new RedisStoreError('UnexpectedReply');
    if (e !== '' && Number(e) <= now()) return undefined;
    return { v, u: typeof u === 'string' ? u : null };
  };
  const get = async <T>(kind: Kind, k: string): Promise<T | undefined> => {
    const r = await read(kind, k);
    return r && json<T>(r.v);
  };
  const take = async (kind: Kind, k: string): Promise<unknown> => {
    const r = await script(TAKE, [key(kind, k)], [String(now())]);
    if (r !== null && r !== undefined && typeof r !== 'string') throw new RedisStoreError('UnexpectedReply');
    return r ?? undefined;
  };

  return {
    getClient: (id) => get<ClientRecord>('client', id),
    putClient: (c) => put('client', c.clientId, c, c.source !== 'cimd' && c.secretExpiresAt ? c.secretExpiresAt * 1000 : Infinity),
    deleteClient: async (id) => { await redis.send(['DEL', key('client', id)]); },

    putGrant: (g) => put('grant', g.id, g, g.expiresAt),
    getGrant: (id) => get<GrantRecord>('grant', id),
    revokeGrant: async (id) => (await take('grant', id)) !== undefined,
    updateGrant: async (g) => {
      const at = now();
      return int(await script(REPLACE_LIVE, [key('grant', g.id)], [String(at), JSON.stringify(g), ...life(g.expiresAt, at)])) === 1;
    },

    putCode: (h, c) => { const { used: _, ...rest } = c; return put('code', h, rest, c.expiresAt); },
    getCode: async (h) => {
      const r = await read('code', h);
      return r && { ...json<CodeRecord>(r.v), used: r.u !== null };
    },
    consumeCode: async (h, keepUntil) => {
      const at = now();
      const keep = keepUntil !== undefined && Number.isFinite(keepUntil) ? life(keepUntil, at) : ['', ''];
      return int(await script(CONSUME, [key('code', h)], [String(at), ...keep])) === 1;
    },

    putRefreshToken: (h, t) => { const { rotated: _, rotatedAt: __, ...rest } = t; return put('rt', h, rest, t.expiresAt); },
    getRefreshToken: async (h) => {
      const r = await read('rt', h);
      if (r === undefined) return undefined;
      const t = json<RefreshTokenRecord>(r.v);
      return r.u === null ? { ...t, rotated: false } : { ...t, rotated: true, rotatedAt: Number(r.u) };
    },
    rotateRefreshToken: async (oldHash, newHash, next): Promise<RotateResult> => {
      const at = now();
      const { rotated: _, rotatedAt: __, ...value } = next;
      const r = await script(ROTATE, [key('rt', oldHash), key('rt', newHash)], [String(at), JSON.stringify(value), ...life(next.expiresAt, at)]);
      if (r !== 'rotated' && r !== 'reused' && r !== 'missing') throw new RedisStoreError('UnexpectedReply');
      return r;
    },

    putAccessToken: (h, t) => put('at', h, t, t.expiresAt),
    getAccessToken: (h) => get<AccessTokenRecord>('at', h),
    revokeAccessToken: (jti, exp) => put('revoked', jti, true, exp),
    isAccessTokenRevoked: async (jti) => (await read('revoked', jti)) !== undefined,

    putConsent: (k, scopes, exp) => put('consent', k, scopes, exp),
    getConsent: (k) => get<string[]>('consent', k),

    addIfAbsent: async (k, exp) => {
      const at = now();
      return int(await script(ADD_IF_ABSENT, [key('seen', k)], [String(at), ...life(exp, at)])) === 1;
    },
    addIfAbsentCapped: async (group, k, exp, max) => {
      const at = now();
      const r = await script(ADD_CAPPED, [key('group', group)], [String(at), k, ...life(exp, at), String(max)]);
      if (r !== 'added' && r !== 'present' && r !== 'full') throw new RedisStoreError('UnexpectedReply');
      return r;
    },

    getSigningKeys: async () => {
      const r = await redis.send(['HMGET', `${prefix}keys`, 'n', 'v']);
      if (!Array.isArray(r) || r.length !== 2) throw new RedisStoreError('UnexpectedReply');
      const [n, v] = r as unknown[];
      if (n === null || n === undefined) return undefined;
      if (typeof n !== 'string') throw new RedisStoreError('UnexpectedReply');
      return { version: Number(n), keys: json<StoredSigningKey[]>(v) };
    },
    updateSigningKeys: async (expected, keys) => {
      if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError('expectedVersion must be a non-negative integer');
      return int(await script(SET_KEYS, [`${prefix}keys`], [String(expected), JSON.stringify(keys)])) === 1;
    },

    putTransaction: (id, v, exp) => put('txn', id, v, exp),
    takeTransaction: async (id) => {
      const v = await take('txn', id);
      return v === undefined ? undefined : json<Record<string, unknown>>(v);
    },
  };
}
