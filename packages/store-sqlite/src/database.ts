/** A value bound to a statement parameter. */
export type SqliteValue = string | number | null;

/** A prepared statement of a synchronous driver (`node:sqlite`'s `StatementSync`, `bun:sqlite`'s `Statement`). */
export interface SyncSqliteStatement {
  run(...params: SqliteValue[]): { changes: number | bigint };
  all(...params: SqliteValue[]): unknown[];
}

/**
 * A synchronous SQLite connection, taken structurally: `node:sqlite`'s `DatabaseSync` (Node ≥ 22.13)
 * and `bun:sqlite`'s `Database` both fit.
 *
 * @example
 * ```ts
 * import { DatabaseSync } from 'node:sqlite';
 * import type { SyncSqliteDatabase } from '@mcp-oauth/store-sqlite';
 * const database: SyncSqliteDatabase = new DatabaseSync(':memory:');
 * ```
 */
export interface SyncSqliteDatabase {
  exec(sql: string): unknown;
  prepare(sql: string): SyncSqliteStatement;
}

/** The result of a D1 statement: rows and, for writes, the number of rows changed. */
export interface D1ResultLike {
  results?: unknown[];
  meta?: { changes?: number };
}

/** A D1 prepared statement (`D1PreparedStatement`). */
export interface D1StatementLike {
  bind(...values: SqliteValue[]): D1StatementLike;
  all(): Promise<D1ResultLike>;
  run(): Promise<D1ResultLike>;
}

/**
 * A Cloudflare D1 binding (`D1Database`), taken structurally: asynchronous statements and
 * `batch` (the statements of one batch run in one transaction).
 *
 * @example
 * ```ts
 * import { sqliteStore, type D1DatabaseLike } from '@mcp-oauth/store-sqlite';
 * // In a Worker: `env.DB` is the D1 binding named DB in wrangler.toml.
 * declare const env: { DB: D1DatabaseLike };
 * const store = await sqliteStore({ database: env.DB });
 * ```
 * @see https://developers.cloudflare.com/d1/worker-api/d1-database/
 */
export interface D1DatabaseLike {
  prepare(sql: string): D1StatementLike;
  batch(statements: D1StatementLike[]): Promise<D1ResultLike[]>;
}

/** Any database {@link sqliteStore} accepts: a synchronous connection or a D1 binding. */
export type SqliteDatabase = SyncSqliteDatabase | D1DatabaseLike;
