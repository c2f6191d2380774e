import type { AccessTokenRecord, ClientRecord, CodeRecord, GrantRecord, RefreshTokenRecord, RotateResult, Store } from './store';

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Clock in milliseconds since the epoch (tests inject one). Default `Date.now`. */
  now?: () => number;
  /** Expired entries are swept after this many writes (bounds memory without a timer). Default 256. */
  sweepEvery?: number;
}

interface Entry<T> { value: T; expiresAt: number }

/**
 * The embedded, single-process {@link Store}: Maps with expiry, swept on writes (no timers, so it
 * never keeps a process alive). Values are copied on the way in and handed out deeply frozen, so
 * nothing a caller does to an object changes what is stored (as with a networked store). Every
 * operation completes within one synchronous step, which makes `consumeCode`, `rotateRefreshToken`
 * and `takeTransaction` atomic under concurrency. Use a shared store (e.g. Redis) for many instances.
 *
 * @throws nothing: its operations never throw for any input.
 * @example
 * ```ts
 * import { createAuthorizationServer, memoryStore } from '@mcp-oauth/server-flow'
 * const store = memoryStore()
 * const as = createAuthorizationServer({
 *   issuer: 'https://as.example.com', resources: ['https://mcp.example.com/mcp'], scopes: ['mcp:tools'],
 *   autoApprove: { subject: 'test-user' }, // tests only
 *   store,
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.5
 */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const sweepEvery = options.sweepEvery ?? 256;
  const maps = {
    clients: new Map<string, Entry<ClientRecord>>(),
    grants: new Map<string, Entry<GrantRecord>>(),
    codes: new Map<string, Entry<CodeRecord>>(),
    refresh: new Map<string, Entry<RefreshTokenRecord>>(),
    access: new Map<string, Entry<AccessTokenRecord>>(),
    revoked: new Map<string, Entry<true>>(),
    consent: new Map<string, Entry<string[]>>(),
    txn: new Map<string, Entry<Record<string, unknown>>>(),
    once: new Map<string, Entry<true>>(),
  };
  let writes = 0;
  const freeze = <T>(v: T): T => {
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const x of Object.values(v)) freeze(x);
    }
    return v;
  };
  const copy = <T>(v: T): T => freeze(structuredClone(v));
  const get = <T>(m: Map<string, Entry<T>>, k: string): T | undefined => {
    const e = m.get(k);
    if (e === undefined) return undefined;
    if (e.expiresAt <= now()) { m.delete(k); return undefined; }
    return e.value;
  };
  const put = <T>(m: Map<string, Entry<T>>, k: string, value: T, expiresAt: number): void => {
    m.set(k, { value: copy(value), expiresAt });
    if (++writes % sweepEvery === 0) {
      const t = now();
      for (const map of Object.values(maps) as Map<string, Entry<unknown>>[]) {
        for (const [key, e] of map) if (e.expiresAt <= t) map.delete(key);
      }
    }
  };

  return {
    getClient: async (id) => get(maps.clients, id),
    putClient: async (c) => {
      const exp = c.secretExpiresAt ? c.secretExpiresAt * 1000 : Infinity;
      put(maps.clients, c.clientId, c, c.source === 'cimd' ? Infinity : exp);
    },
    deleteClient: async (id) => { maps.clients.delete(id); },

    putGrant: async (g) => put(maps.grants, g.id, g, g.expiresAt),
    getGrant: async (id) => get(maps.grants, id),
    revokeGrant: async (id) => {
      const had = get(maps.grants, id) !== undefined;
      maps.grants.delete(id);
      return had;
    },

    putCode: async (h, c) => put(maps.codes, h, { ...c, used: false }, c.expiresAt),
    getCode: async (h) => get(maps.codes, h),
    consumeCode: async (h, keepUntil) => {
      const e = maps.codes.get(h);
      const c = get(maps.codes, h);
      if (e === undefined || c === undefined || c.used || c.expiresAt <= now()) return false;
      e.value = freeze({ ...c, used: true });
      if (keepUntil !== undefined && keepUntil > e.expiresAt) e.expiresAt = keepUntil;
      return true;
    },

    putRefreshToken: async (h, t) => put(maps.refresh, h, { ...t, rotated: false }, t.expiresAt),
    getRefreshToken: async (h) => get(maps.refresh, h),
    rotateRefreshToken: async (oldHash, newHash, next): Promise<RotateResult> => {
      const entry = maps.refresh.get(oldHash);
      const old = get(maps.refresh, oldHash);
      if (entry === undefined || old === undefined) return 'missing';
      if (old.rotated) return 'reused';
      entry.value = freeze({ ...old, rotated: true, rotatedAt: now() });
      put(maps.refresh, newHash, { ...next, rotated: false }, next.expiresAt);
      return 'rotated';
    },

    putAccessToken: async (h, t) => put(maps.access, h, t, t.expiresAt),
    getAccessToken: async (h) => get(maps.access, h),
    revokeAccessToken: async (jti, exp) => put(maps.revoked, jti, true, exp),
    isAccessTokenRevoked: async (jti) => get(maps.revoked, jti) === true,

    putConsent: async (k, scopes, exp) => put(maps.consent, k, scopes, exp),
    getConsent: async (k) => get(maps.consent, k),

    addIfAbsent: async (k, exp) => {
      if (get(maps.once, k) !== undefined) return false;
      put(maps.once, k, true, exp);
      return true;
    },

    putTransaction: async (id, v, exp) => put(maps.txn, id, v, exp),
    takeTransaction: async (id) => {
      const v = get(maps.txn, id);
      maps.txn.delete(id);
      return v;
    },
  };
}
