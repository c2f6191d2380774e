import { SqliteStoreError } from '../errors';
import type { Driver } from './driver';

/** One schema step: its version (1, 2, ...) and the statements that take the previous version to it. */
export interface Migration { version: number; statements: (prefix: string) => string[] }

/** Every table of the store has the same shape; `used_at` is the consume / rotate mark. */
export const TABLES = ['clients', 'grants', 'codes', 'refresh_tokens', 'access_tokens', 'revoked_jtis', 'consents', 'seen_keys', 'transactions'] as const;
export type Table = (typeof TABLES)[number];

/** The schema's history. Never edit a shipped step: append the next one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: (p) => TABLES.flatMap((t) => [
      `CREATE TABLE ${p}${t} (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER, used_at INTEGER) WITHOUT ROWID`,
      `CREATE INDEX ${p}${t}_expires_at ON ${p}${t} (expires_at)`,
    ]),
  },
  {
    // The shared signing-key set: one row, its version for compare-and-set.
    version: 2,
    statements: (p) => [`CREATE TABLE ${p}signing_keys (key TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, value TEXT NOT NULL) WITHOUT ROWID`],
  },
];

const currentVersion = async (driver: Driver, p: string): Promise<number> => {
  const r = await driver.one({ sql: `SELECT MAX(version) AS v FROM ${p}schema_version`, params: [], read: true });
  const v = r.rows[0]?.['v'];
  return typeof v === 'number' ? v : 0;
};

/**
 * Brings the schema to the last version of `migrations`. Each step runs in one transaction whose
 * first statement records its version (the primary key): of two processes migrating at once, the
 * second one's step fails on that key and rolls back, and it then finds the step applied.
 * @returns the schema version now in place.
 */
export async function migrate(driver: Driver, p: string, migrations: readonly Migration[], now: number): Promise<number> {
  await driver.one({ sql: `CREATE TABLE IF NOT EXISTS ${p}schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL)`, params: [] });
  const latest = migrations.at(-1)?.version ?? 0;
  let version = await currentVersion(driver, p);
  if (version > latest) throw new SqliteStoreError('SchemaTooNew');
  for (const m of migrations) {
    if (m.version <= version) continue;
    try {
      await driver.batch([
        { sql: `INSERT INTO ${p}schema_version (version, applied_at) VALUES (?, ?)`, params: [m.version, now] },
        ...m.statements(p).map((sql) => ({ sql, params: [] })),
      ]);
    } catch (e) {
      if ((await currentVersion(driver, p)) < m.version) throw e; // not a concurrent migrator: a real failure
    }
    version = m.version;
  }
  return version;
}
