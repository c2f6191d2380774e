/**
 * `@mcp-oauth/store-sqlite`: the authorization server's Store on SQLite (`node:sqlite`,
 * `bun:sqlite`, Cloudflare D1), with atomic consume and rotate and schema migrations.
 * @packageDocumentation
 */
export { sqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite-store';
export type { D1DatabaseLike, D1ResultLike, D1StatementLike, SqliteDatabase, SqliteValue, SyncSqliteDatabase, SyncSqliteStatement } from './database';
export { SqliteStoreError, type SqliteStoreErrorCode } from './errors';
