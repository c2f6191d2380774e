import { ServerFlowError } from './errors';
import type { AccessTokenRecord, ClientRecord, CodeRecord, GrantRecord, RefreshTokenRecord, RotateResult, SigningKeySet, Store } from './store';

const memoryStores = new WeakSet<object>();

/** True for a store {@link memoryStore} made (one process, nothing persisted). @internal */
export const isMemoryStore = (store: object): boolean => memoryStores.has(store);

/**
 * Most entries each map of {@link memoryStore} holds (A-DOS-1). Low-value state an anonymous caller
 * can create (`clients`, `transactions`, `consents`) drops its oldest entry when full. Records whose
 * loss could make a token work (live grants, codes, refresh and access tokens, revoked `jti`s,
 * replay marks) are never dropped while live: when full of live entries, a new write fails with the
 * `StoreFull` error (503 `temporarily_unavailable` with `Retry-After`). Marks that only make a replay
 * end its grant (used codes, rotated refresh tokens) are dropped oldest first when their map is
 * full: a replay of a dropped one is then refused as unknown (`invalid_grant`) without ending the
 * grant, never answered with a token.
 */
export interface MemoryStoreLimits {
  /** Registered clients (DCR); the one expiring first is dropped (an unused registration before an authorized client). Default 10,000. */
  clients: number;
  /** Grants; refused when full. Default 100,000. */
  grants: number;
  /** Authorization codes not yet redeemed (they live `codeTtl`, 60 s by default); refused when full. Default 50,000. */
  codes: number;
  /**
   * Redeemed codes, kept until the tokens of their exchange expire so that a replay after the TTL
   * still ends the grant (A-CODE-1); oldest dropped when full. Default 100,000.
   */
  usedCodes: number;
  /** Refresh tokens; when full the oldest rotated mark is dropped first, a live token never (refused instead). Default 200,000. */
  refreshTokens: number;
  /** Opaque access tokens; refused when full. Default 100,000. */
  accessTokens: number;
  /** Revoked JWT ids; refused when full. Default 100,000. */
  revokedTokens: number;
  /** Remembered consents; oldest dropped (the user is asked again). Default 50,000. */
  consents: number;
  /** Pending flow state (consent pages); oldest dropped (that page must be reloaded). Default 10,000. */
  transactions: number;
  /** Replay marks (`addIfAbsent`, `addIfAbsentCapped`: client assertion `jti`s, used upstream `state`s); refused when full. Default 100,000. */
  replay: number;
}

/** How many entries each map of a {@link MemoryStore} holds now (expired ones not yet swept included). */
export type MemoryStoreStats = Record<keyof MemoryStoreLimits, number>;

/** A {@link Store} in memory, with its sizes for monitoring. */
export interface MemoryStore extends Store {
  /** Entries per map now; each stays at or under its limit. */
  stats(): MemoryStoreStats;
}

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Clock in milliseconds since the epoch (tests inject one). Default `Date.now`. */
  now?: () => number;
  /** Expired entries are swept after this many writes, or one write per 8 entries held if that is more (bounds memory without a timer, at a bounded cost per write). Default 256. */
  sweepEvery?: number;
  /** Entry limits per map (A-DOS-1); each a positive integer. See {@link MemoryStoreLimits} for the defaults. */
  limits?: Partial<MemoryStoreLimits>;
}

/** The default {@link MemoryStoreLimits}. */
const DEFAULT_LIMITS: MemoryStoreLimits = {
  clients: 10_000, grants: 100_000, codes: 50_000, usedCodes: 100_000, refreshTokens: 200_000, accessTokens: 100_000,
  revokedTokens: 100_000, consents: 50_000, transactions: 10_000, replay: 100_000,
};

interface Entry<T> { value: T; expiresAt: number }

/**
 * A capped map. When full, `oldest` drops the entry written first, `soonest` the one that expires
 * first (an unused client before one a user authorized); `false` refuses a write to a map full of
 * live entries.
 */
interface Capped<T> extends Map<string, Entry<T>> {
  cap: number;
  evict: false | 'oldest' | 'soonest';
  liveUntil: number;
  /** Keys whose entries may be dropped when full although live, oldest first (rotated refresh tokens). */
  spare?: Set<string>;
}

function capped<T>(cap: number, evict: Capped<T>['evict']): Capped<T> {
  return Object.assign(new Map<string, Entry<T>>(), { cap, evict, liveUntil: 0 });
}

/**
 * The embedded, single-process {@link Store}: Maps with expiry, swept on writes (no timers, so it
 * never keeps a process alive). Values are copied on the way in and handed out deeply frozen, so
 * nothing a caller does to an object changes what is stored (as with a networked store). Every
 * operation completes within one synchronous step, which makes `consumeCode`, `rotateRefreshToken`
 * and `takeTransaction` atomic under concurrency. Use a shared store (e.g. Redis) for many instances.
 *
 * Every map is capped ({@link MemoryStoreLimits}, A-DOS-1): no sequence of requests grows it past
 * its limits. Self-registered clients, pending consent pages and remembered consents drop their
 * oldest entry when full; security records are never dropped while live: a write to a map full of
 * them is refused with `StoreFull`, which the authorization server answers with 503
 * `temporarily_unavailable` and `Retry-After`.
 *
 * @throws {RangeError} when a limit or `sweepEvery` is not a positive integer.
 * @throws {ServerFlowError} `StoreFull` (from a write, as a rejected promise) when a map of security records is full of live entries.
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
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const now = options.now ?? Date.now;
  const sweepEvery = options.sweepEvery ?? 256;
  const limits: MemoryStoreLimits = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(options.limits ?? {}) as [keyof MemoryStoreLimits, number | undefined][]) {
    if (!(k in DEFAULT_LIMITS)) throw new RangeError('limits has an unknown key');
    if (v !== undefined) limits[k] = v;
  }
  for (const n of [sweepEvery, ...Object.values(limits)]) if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('memoryStore limits and sweepEvery must be positive integers');
  const maps = {
    clients: capped<ClientRecord>(limits.clients, 'soonest'),
    grants: capped<GrantRecord>(limits.grants, false),
    codes: capped<CodeRecord>(limits.codes, false),
    usedCodes: capped<CodeRecord>(limits.usedCodes, 'oldest'),
    refresh: Object.assign(capped<RefreshTokenRecord>(limits.refreshTokens, false), { spare: new Set<string>() }),
    access: capped<AccessTokenRecord>(limits.accessTokens, false),
    revoked: capped<true>(limits.revokedTokens, false),
    consent: capped<string[]>(limits.consents, 'oldest'),
    txn: capped<Record<string, unknown>>(limits.transactions, 'oldest'),
    once: capped<true>(limits.replay, false),
    /** Per group of `addIfAbsentCapped`: the expiries of its marks (a group lives while one of them does). */
    groups: capped<number[]>(limits.replay, false),
  };
  let writes = 0;
  let nextSweep = sweepEvery;
  let signing: SigningKeySet | undefined;
  const freeze = <T>(v: T): T => {
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const x of Object.values(v)) freeze(x);
    }
    return v;
  };
  // Plain objects and arrays (every record but the signing keys) are copied by hand, several times
  // faster than structuredClone, which copies anything else (and refuses what it cannot clone).
  const clone = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return typeof v === 'function' ? structuredClone(v) : v;
    const proto = Object.getPrototypeOf(v);
    if (proto === Array.prototype) return (v as unknown[]).map(clone);
    if (proto !== Object.prototype) return structuredClone(v);
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const x = clone((v as Record<string, unknown>)[k]);
      if (k === '__proto__') Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
      else o[k] = x;
    }
    return o;
  };
  const copy = <T>(v: T): T => freeze(clone(v) as T);
  const get = <T>(m: Map<string, Entry<T>>, k: string): T | undefined => {
    const e = m.get(k);
    if (e === undefined) return undefined;
    if (e.expiresAt <= now()) { m.delete(k); return undefined; }
    return e.value;
  };
  /** Makes room for one more entry in `m`, or throws StoreFull (security records are never dropped while live). */
  const room = <T>(m: Capped<T>): void => {
    if (m.size < m.cap) return;
    if (m.evict === 'oldest') {
      for (const k of m.keys()) { m.delete(k); break; } // insertion order: the oldest write first
      return;
    }
    if (m.evict === 'soonest') {
      let victim: string | undefined;
      let at = Infinity;
      for (const [k, e] of m) if (victim === undefined || e.expiresAt < at) { victim = k; at = e.expiresAt; }
      m.delete(victim!);
      return;
    }
    if (m.spare !== undefined) {
      for (const k of m.spare) {
        m.spare.delete(k);
        if (m.delete(k)) return;
      }
    }
    const t = now();
    // A map found full of live entries is not scanned again before the first of them expires.
    if (t < m.liveUntil) throw new ServerFlowError('StoreFull');
    let first = Infinity;
    for (const [key, e] of m) {
      if (e.expiresAt <= t) m.delete(key);
      else if (e.expiresAt < first) first = e.expiresAt;
    }
    if (m.size >= m.cap) {
      m.liveUntil = first;
      throw new ServerFlowError('StoreFull');
    }
  };
  const put = <T>(m: Capped<T>, k: string, value: T, expiresAt: number): void => {
    if (!m.delete(k)) room(m); // an overwrite moves the key to the end (newest) and needs no room
    m.set(k, { value: copy(value), expiresAt });
    if (++writes >= nextSweep) {
      const t = now();
      let held = 0;
      for (const map of Object.values(maps) as Capped<unknown>[]) {
        for (const [key, e] of map) if (e.expiresAt <= t) { map.delete(key); map.spare?.delete(key); }
        held += map.size;
      }
      // Amortized: a sweep visits every entry, so the next waits for one write per 8 entries left.
      nextSweep = writes + Math.max(sweepEvery, held >> 3);
    }
  };

  const store: MemoryStore = {
    getClient: async (id) => get(maps.clients, id),
    putClient: async (c) => {
      const exp = Math.min(c.secretExpiresAt ? c.secretExpiresAt * 1000 : Infinity, c.expiresAt ?? Infinity);
      put(maps.clients, c.clientId, c, c.source === 'cimd' ? Infinity : exp);
    },
    deleteClient: async (id) => { maps.clients.delete(id); },

    putGrant: async (g) => put(maps.grants, g.id, g, g.expiresAt),
    getGrant: async (id) => get(maps.grants, id),
    updateGrant: async (g) => {
      if (get(maps.grants, g.id) === undefined) return false;
      put(maps.grants, g.id, g, g.expiresAt);
      return true;
    },
    revokeGrant: async (id) => {
      const had = get(maps.grants, id) !== undefined;
      maps.grants.delete(id);
      return had;
    },

    putCode: async (h, c) => put(maps.codes, h, { ...c, used: false }, c.expiresAt),
    getCode: async (h) => get(maps.codes, h) ?? get(maps.usedCodes, h),
    consumeCode: async (h, keepUntil) => {
      const c = get(maps.codes, h);
      if (c === undefined || c.expiresAt <= now()) return false;
      // The used mark moves to its own map (dropped oldest first), so pending codes keep their room.
      maps.codes.delete(h);
      put(maps.usedCodes, h, { ...c, used: true }, Math.max(c.expiresAt, keepUntil ?? 0));
      return true;
    },

    putRefreshToken: async (h, t) => put(maps.refresh, h, { ...t, rotated: false }, t.expiresAt),
    getRefreshToken: async (h) => get(maps.refresh, h),
    rotateRefreshToken: async (oldHash, newHash, next): Promise<RotateResult> => {
      const entry = maps.refresh.get(oldHash);
      const old = get(maps.refresh, oldHash);
      if (entry === undefined || old === undefined) return 'missing';
      if (old.rotated) return 'reused';
      put(maps.refresh, newHash, { ...next, rotated: false }, next.expiresAt); // first: it may refuse (StoreFull)
      entry.value = freeze({ ...old, rotated: true, rotatedAt: now() });
      maps.refresh.spare.add(oldHash);
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
    addIfAbsentCapped: async (group, id, exp, max) => {
      const k = `${group}\n${id}`;
      if (get(maps.once, k) !== undefined) return 'present';
      const t = now();
      const marks = (get(maps.groups, group) ?? []).filter((e) => e > t);
      if (marks.length >= max) return 'full';
      put(maps.once, k, true, exp); // first: it may refuse (StoreFull)
      put(maps.groups, group, [...marks, exp], marks.reduce((a, b) => (a > b ? a : b), exp));
      return 'added';
    },

    getSigningKeys: async () => signing,
    updateSigningKeys: async (expected, keys) => {
      if ((signing?.version ?? 0) !== expected) return false;
      signing = copy({ version: expected + 1, keys });
      return true;
    },

    putTransaction: async (id, v, exp) => put(maps.txn, id, v, exp),
    takeTransaction: async (id) => {
      const v = get(maps.txn, id);
      maps.txn.delete(id);
      return v;
    },

    stats: () => ({
      clients: maps.clients.size, grants: maps.grants.size, codes: maps.codes.size, usedCodes: maps.usedCodes.size, refreshTokens: maps.refresh.size,
      accessTokens: maps.access.size, revokedTokens: maps.revoked.size, consents: maps.consent.size, transactions: maps.txn.size, replay: maps.once.size,
    }),
  };
  memoryStores.add(store);
  return store;
}
