import type { AccessTokenRecord, ClientRecord, CodeRecord, GrantRecord, RefreshTokenRecord, RotateResult, SigningKeySet, Store, StoredSigningKey } from '@mcp-oauth/server-flow';
import type { SqliteDatabase, SqliteValue } from './database';
import { SqliteStoreError } from './errors';
import { toDriver, type Statement } from './internal/driver';
import { MIGRATIONS, TABLES, migrate, type Migration, type Table } from './internal/migrate';

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /** `node:sqlite` `DatabaseSync`, `bun:sqlite` `Database` or a D1 binding; give the store a connection of its own. */
  database: SqliteDatabase;
  /** Clock in milliseconds since the epoch (tests inject one). Default `Date.now`. */
  now?: () => number;
  /** Expired rows are deleted after this many writes of this store (no timers). Default 256. */
  sweepEvery?: number;
  /** Prefix of the table names, `[A-Za-z_][A-Za-z0-9_]*`. Default `mcp_oauth_`. */
  tablePrefix?: string;
  /** Synchronous drivers: how long a statement waits for another process's write lock, in ms. Default 5000. */
  busyTimeout?: number;
}

/** The {@link Store} on SQLite, plus `sweep()`. */
export interface SqliteStore extends Store {
  /** Deletes expired rows now (at most 1000 per table), e.g. from a cron trigger; resolves how many. */
  sweep(): Promise<number>;
}

/** @internal Tests pass a longer migration list to check the mechanism. */
export interface SqliteStoreInternals { migrations?: readonly Migration[] }

type Row = Record<string, unknown>;

/**
 * The authorization server's {@link Store} on SQLite: one file (or a D1 database) that survives
 * restarts. The driver is taken structurally and detected from its shape: an object with `batch`
 * is a Cloudflare D1 binding (asynchronous), one with `prepare` and `exec` a synchronous
 * connection (`node:sqlite` on Node ≥ 22.13, `bun:sqlite`). Synchronous connections are switched
 * to WAL with `synchronous = FULL` and a busy timeout. The schema is created or migrated before
 * the promise resolves.
 *
 * Atomic operations: `consumeCode`, `addIfAbsent` and `takeTransaction` are single conditional
 * statements whose change count (or `RETURNING` row) decides; `rotateRefreshToken` is one
 * transaction (a D1 batch) of two statements guarded by the same condition; `updateGrant` and
 * `updateSigningKeys` are single conditional statements (a live grant; the expected version).
 * Values are JSON text; keys are the hashes the server hands over, so no code or token is stored in
 * clear (upstream tokens and private signing keys are sealed by the server under its `encryptionKeys`).
 *
 * @throws {SqliteStoreError} `SchemaTooNew` when a newer release migrated the database.
 * @throws {TypeError} for an unknown database shape or a bad option.
 * @example
 * ```ts
 * import { DatabaseSync } from 'node:sqlite';
 * import { createAuthorizationServer } from '@mcp-oauth/server-flow';
 * import { sqliteStore } from '@mcp-oauth/store-sqlite';
 *
 * const store = await sqliteStore({ database: new DatabaseSync('.data/as.db') });
 * const as = createAuthorizationServer({
 *   issuer: 'https://as.example.com', resources: ['https://mcp.example.com/mcp'], scopes: ['mcp:tools'],
 *   autoApprove: { subject: 'test-user' }, // tests only
 *   store,
 * });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14
 */
export async function sqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  if (typeof options !== 'object' || options === null) throw new TypeError('sqliteStore: options must be an object');
  const now = options.now ?? Date.now;
  const sweepEvery = options.sweepEvery ?? 256;
  const p = options.tablePrefix ?? 'mcp_oauth_';
  const busyTimeout = options.busyTimeout ?? 5000;
  if (typeof now !== 'function') throw new TypeError('sqliteStore: `now` must be a function');
  if (!Number.isSafeInteger(sweepEvery) || sweepEvery < 1) throw new RangeError('sqliteStore: `sweepEvery` must be a positive integer');
  if (!Number.isSafeInteger(busyTimeout) || busyTimeout < 0) throw new RangeError('sqliteStore: `busyTimeout` must be a non-negative integer');
  if (typeof p !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,40}$/.test(p)) throw new TypeError('sqliteStore: `tablePrefix` must match [A-Za-z_][A-Za-z0-9_]*');
  const driver = toDriver(options.database, busyTimeout);
  await migrate(driver, p, (options as SqliteStoreOptions & SqliteStoreInternals).migrations ?? MIGRATIONS, now());

  const t = (name: Table): string => `${p}${name}`;
  /** NULL in `expires_at` is never (SQLite and D1 have no Infinity). */
  const expiry = (ms: number | null): SqliteValue => (ms !== null && Number.isFinite(ms) ? ms : null);
  const live = '(expires_at IS NULL OR expires_at > ?)';
  const parse = <T>(row: Row | undefined): T | undefined => {
    if (row === undefined) return undefined;
    try {
      return JSON.parse(String(row['value'])) as T;
    } catch {
      throw new SqliteStoreError('CorruptValue');
    }
  };
  const isLive = (row: Row | undefined, at: number): boolean => row !== undefined && (row['expires_at'] === null || Number(row['expires_at']) > at);

  let writes = 0;
  const sweep = async (): Promise<number> => {
    const at = now();
    const rs = await driver.batch(TABLES.map((name) => ({
      sql: `DELETE FROM ${t(name)} WHERE key IN (SELECT key FROM ${t(name)} WHERE expires_at <= ? LIMIT 1000)`,
      params: [at],
    })));
    return rs.reduce((n, r) => n + r.changes, 0);
  };
  const wrote = async (): Promise<void> => {
    if (++writes % sweepEvery !== 0) return;
    // Best effort: expired rows are invisible anyway; a failed sweep is retried sweepEvery writes later.
    await sweep().catch(() => undefined);
  };
  const get = async (name: Table, key: string): Promise<Row | undefined> =>
    (await driver.one({ sql: `SELECT value, expires_at, used_at FROM ${t(name)} WHERE key = ? AND ${live}`, params: [key, now()], read: true })).rows[0];
  const putStatement = (name: Table, key: string, value: unknown, expiresAt: number | null): Statement => ({
    sql: `INSERT OR REPLACE INTO ${t(name)} (key, value, expires_at, used_at) VALUES (?, ?, ?, NULL)`,
    params: [key, JSON.stringify(value), expiry(expiresAt)],
  });
  const put = async (name: Table, key: string, value: unknown, expiresAt: number | null): Promise<void> => {
    await driver.one(putStatement(name, key, value, expiresAt));
    await wrote();
  };
  /** One statement: inserts `k`, or replaces an expired row, when `where` holds; a live row stays and changes = 0. */
  const mark = async (k: string, exp: number, where = 'true', params: SqliteValue[] = []): Promise<boolean> => {
    const s = t('seen_keys');
    const r = await driver.one({
      sql: `INSERT INTO ${s} (key, value, expires_at) SELECT ?, 'true', ? WHERE ${where} ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE ${s}.expires_at IS NOT NULL AND ${s}.expires_at <= ?`,
      params: [k, expiry(exp), ...params, now()],
    });
    await wrote();
    return r.changes === 1;
  };
  const take = async (name: Table, key: string): Promise<Row | undefined> => {
    const at = now();
    const row = (await driver.one({ sql: `DELETE FROM ${t(name)} WHERE key = ? RETURNING value, expires_at`, params: [key], read: true })).rows[0];
    return isLive(row, at) ? row : undefined;
  };

  return {
    sweep,
    getClient: async (id) => parse<ClientRecord>(await get('clients', id)),
    putClient: async (c) => put('clients', c.clientId, c, c.source !== 'cimd' && c.secretExpiresAt ? c.secretExpiresAt * 1000 : null),
    deleteClient: async (id) => { await driver.one({ sql: `DELETE FROM ${t('clients')} WHERE key = ?`, params: [id] }); },

    putGrant: async (g) => put('grants', g.id, g, g.expiresAt),
    getGrant: async (id) => parse<GrantRecord>(await get('grants', id)),
    revokeGrant: async (id) => (await take('grants', id)) !== undefined,
    updateGrant: async (g) => {
      // One statement: only a live row changes, so a revoked (deleted) grant is never written back.
      const r = await driver.one({ sql: `UPDATE ${t('grants')} SET value = ?, expires_at = ? WHERE key = ? AND ${live}`, params: [JSON.stringify(g), expiry(g.expiresAt), g.id, now()] });
      return r.changes === 1;
    },

    putCode: async (h, c) => { const { used: _, ...rest } = c; await put('codes', h, rest, c.expiresAt); },
    getCode: async (h) => {
      const row = await get('codes', h);
      const c = parse<CodeRecord>(row);
      return c && { ...c, used: row?.['used_at'] !== null };
    },
    consumeCode: async (h, keepUntil) => {
      const at = now();
      // One statement: only a live, unused row changes, so exactly one caller sees changes = 1.
      const r = await driver.one({
        sql: `UPDATE ${t('codes')} SET used_at = ?, expires_at = MAX(expires_at, ?) WHERE key = ? AND used_at IS NULL AND ${live}`,
        params: [at, expiry(keepUntil ?? 0), h, at],
      });
      return r.changes === 1;
    },

    putRefreshToken: async (h, rt) => { const { rotated: _, rotatedAt: __, ...rest } = rt; await put('refresh_tokens', h, rest, rt.expiresAt); },
    getRefreshToken: async (h) => {
      const row = await get('refresh_tokens', h);
      const rt = parse<RefreshTokenRecord>(row);
      if (rt === undefined) return undefined;
      const usedAt = row?.['used_at'];
      return usedAt === null || usedAt === undefined ? { ...rt, rotated: false } : { ...rt, rotated: true, rotatedAt: Number(usedAt) };
    },
    rotateRefreshToken: async (oldHash, newHash, next): Promise<RotateResult> => {
      const at = now();
      const rt = t('refresh_tokens');
      const unrotated = `key = ? AND used_at IS NULL AND ${live}`;
      const { rotated: _, rotatedAt: __, ...value } = next;
      // One transaction: the new token is inserted and the old one marked under the same condition,
      // so both happen or neither; the final read tells reuse from absence.
      const [, marked, old] = await driver.batch([
        { sql: `INSERT OR REPLACE INTO ${rt} (key, value, expires_at, used_at) SELECT ?, ?, ?, NULL WHERE EXISTS (SELECT 1 FROM ${rt} WHERE ${unrotated})`, params: [newHash, JSON.stringify(value), expiry(next.expiresAt), oldHash, at] },
        { sql: `UPDATE ${rt} SET used_at = ? WHERE ${unrotated}`, params: [at, oldHash, at] },
        { sql: `SELECT used_at FROM ${rt} WHERE key = ? AND ${live}`, params: [oldHash, at], read: true },
      ]);
      await wrote();
      if (marked?.changes === 1) return 'rotated';
      return old?.rows[0] === undefined ? 'missing' : 'reused';
    },

    putAccessToken: async (h, a) => put('access_tokens', h, a, a.expiresAt),
    getAccessToken: async (h) => parse<AccessTokenRecord>(await get('access_tokens', h)),
    revokeAccessToken: async (jti, exp) => put('revoked_jtis', jti, true, exp),
    isAccessTokenRevoked: async (jti) => (await get('revoked_jtis', jti)) !== undefined,

    putConsent: async (k, scopes, exp) => put('consents', k, scopes, exp),
    getConsent: async (k) => parse<string[]>(await get('consents', k)),

    addIfAbsent: (k, exp) => mark(k, exp),
    addIfAbsentCapped: async (group, id, exp, max) => {
      const k = `${group}\n${id}`;
      // Written only while the group (the primary-key range of the keys starting with the group and
      // a line feed) has fewer than max live rows, in the same statement.
      if (await mark(k, exp, `(SELECT count(*) FROM ${t('seen_keys')} WHERE key > ? AND key < ? AND ${live}) < ?`, [`${group}\n`, `${group}\v`, now(), max])) return 'added';
      return (await get('seen_keys', k)) ? 'present' : 'full';
    },

    getSigningKeys: async () => {
      const row = (await driver.one({ sql: `SELECT version, value FROM ${p}signing_keys WHERE key = 'keys'`, params: [], read: true })).rows[0];
      if (row === undefined) return undefined;
      return { version: Number(row['version']), keys: parse<StoredSigningKey[]>(row)! } satisfies SigningKeySet;
    },
    updateSigningKeys: async (expected, keys) => {
      if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError('expectedVersion must be a non-negative integer');
      // One conditional statement: the first insert, or an update of the expected version only.
      const r = await driver.one(expected === 0
        ? { sql: `INSERT INTO ${p}signing_keys (key, version, value) VALUES ('keys', 1, ?) ON CONFLICT (key) DO NOTHING`, params: [JSON.stringify(keys)] }
        : { sql: `UPDATE ${p}signing_keys SET version = version + 1, value = ? WHERE key = 'keys' AND version = ?`, params: [JSON.stringify(keys), expected] });
      return r.changes === 1;
    },

    putTransaction: async (id, v, exp) => put('transactions', id, v, exp),
    takeTransaction: async (id) => parse<Record<string, unknown>>(await take('transactions', id)),
  };
}
