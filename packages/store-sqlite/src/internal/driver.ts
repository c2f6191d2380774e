import type { D1DatabaseLike, SqliteDatabase, SqliteValue, SyncSqliteDatabase, SyncSqliteStatement } from '../database';

/** One statement; `read` statements return rows (SELECT, `RETURNING`), the others a change count. */
export interface Statement { sql: string; params: readonly SqliteValue[]; read?: boolean }
export interface Result { changes: number; rows: Record<string, unknown>[] }

/** What the store needs of a driver: one statement, or several in one transaction. */
export interface Driver {
  kind: 'sync' | 'd1';
  one(statement: Statement): Promise<Result>;
  /** Runs every statement in one transaction: all of them take effect, or none. */
  batch(statements: readonly Statement[]): Promise<Result[]>;
}

const isFn = (o: unknown, k: string): boolean => typeof (o as Record<string, unknown>)[k] === 'function';

/** Picks the adapter from the database's shape: `batch` means D1; `prepare` and `exec` a synchronous driver. */
export function toDriver(database: SqliteDatabase, busyTimeout: number): Driver {
  if (typeof database !== 'object' || database === null || !isFn(database, 'prepare')) {
    throw new TypeError('sqliteStore: `database` must be a node:sqlite DatabaseSync, a bun:sqlite Database or a D1 binding');
  }
  if (isFn(database, 'batch')) return d1Driver(database as D1DatabaseLike);
  if (isFn(database, 'exec')) return syncDriver(database as SyncSqliteDatabase, busyTimeout);
  throw new TypeError('sqliteStore: `database` must be a node:sqlite DatabaseSync, a bun:sqlite Database or a D1 binding');
}

function syncDriver(db: SyncSqliteDatabase, busyTimeout: number): Driver {
  // WAL: readers never block the writer; FULL: a committed write (a used code) survives a power loss.
  db.exec(`PRAGMA busy_timeout = ${busyTimeout}`);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  const cache = new Map<string, SyncSqliteStatement>();
  const prepared = (sql: string): SyncSqliteStatement => {
    let s = cache.get(sql);
    if (s === undefined) { s = db.prepare(sql); cache.set(sql, s); }
    return s;
  };
  const exec1 = (st: Statement): Result => {
    const s = prepared(st.sql);
    if (st.read) return { changes: 0, rows: s.all(...st.params) as Record<string, unknown>[] };
    return { changes: Number(s.run(...st.params).changes), rows: [] };
  };
  return {
    kind: 'sync',
    one: async (st) => exec1(st),
    batch: async (sts) => {
      // Synchronous from BEGIN to COMMIT: nothing else of this process runs in between, and
      // IMMEDIATE takes the write lock up front, so other processes wait (busy_timeout) rather than interleave.
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = sts.map(exec1);
        db.exec('COMMIT');
        return out;
      } catch (e) {
        try { db.exec('ROLLBACK'); } catch { /* the failed statement may have ended the transaction already */ }
        throw e;
      }
    },
  };
}

function d1Driver(db: D1DatabaseLike): Driver {
  const bind = (st: Statement) => db.prepare(st.sql).bind(...st.params);
  const result = (r: { results?: unknown[]; meta?: { changes?: number } }, read: boolean | undefined): Result => ({
    changes: read ? 0 : Number(r.meta?.changes ?? 0),
    rows: (read ? r.results ?? [] : []) as Record<string, unknown>[],
  });
  return {
    kind: 'd1',
    one: async (st) => result(await (st.read ? bind(st).all() : bind(st).run()), st.read),
    // D1 runs a batch as one SQL transaction: a failing statement rolls back the whole batch.
    batch: async (sts) => (await db.batch(sts.map(bind))).map((r, i) => result(r, sts[i]?.read)),
  };
}
