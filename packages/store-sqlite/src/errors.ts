/** Every code a {@link SqliteStoreError} can carry. */
export type SqliteStoreErrorCode =
  /** The database was migrated by a newer release of this package (its schema version is unknown here); use that release. */
  | 'SchemaTooNew'
  /** A row's JSON value does not parse (the database was changed by something else). */
  | 'CorruptValue';

/**
 * The one error family of `@mcp-oauth/store-sqlite`. Errors of the driver itself (a locked or
 * read-only database, a full disk, a D1 failure) are passed through unchanged; the authorization
 * server answers them with a 5xx. Assert on `code`, never on `message`; no message carries a key
 * or a value.
 *
 * @example
 * ```ts
 * import { DatabaseSync } from 'node:sqlite';
 * import { sqliteStore, SqliteStoreError } from '@mcp-oauth/store-sqlite';
 * try {
 *   await sqliteStore({ database: new DatabaseSync('as.db') });
 * } catch (e) {
 *   if (e instanceof SqliteStoreError && e.code === 'SchemaTooNew') console.error('deploy the newer release');
 * }
 * ```
 */
export class SqliteStoreError extends Error {
  /** The machine-readable reason. */
  declare readonly code: SqliteStoreErrorCode;

  constructor(code: SqliteStoreErrorCode) {
    super(code);
    this.name = 'SqliteStoreError';
    this.code = code;
  }
}
