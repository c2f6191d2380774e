// The examples' environment (docs DESIGN "The examples' environment"), parsed the same way by every
// example: MCP_OAUTH_STORE picks the Store, MCP_OAUTH_PUBLIC_URL the public origin. No runtime APIs
// here: each runtime passes the drivers it has (node:sqlite, bun:sqlite, a Redis client).
import { memoryStore, type Store } from '@mcp-oauth/server-flow';
import { sqliteStore, type SqliteDatabase } from '@mcp-oauth/store-sqlite';
import { redisStore, type RedisStoreOptions } from '@mcp-oauth/store-redis';

export type StoreSpec = { kind: 'memory' } | { kind: 'sqlite'; file: string } | { kind: 'redis'; url: string };

const USAGE = 'expected memory, sqlite:<file> or redis://host:port[/db]';

/** `MCP_OAUTH_STORE`: `memory`, `sqlite:<file>`, `redis://host:port[/db]`; unset or empty: SQLite at `defaultFile`. */
export function parseStoreSpec(value: string | undefined, defaultFile: string): StoreSpec {
  const v = (value ?? '').trim();
  if (v === '') return { kind: 'sqlite', file: defaultFile };
  if (v === 'memory') return { kind: 'memory' };
  if (v.startsWith('sqlite:')) {
    const file = v.slice('sqlite:'.length);
    if (file === '') throw new TypeError(`MCP_OAUTH_STORE=${v}: no file name; ${USAGE}`);
    return { kind: 'sqlite', file };
  }
  if (/^rediss?:\/\//.test(v)) {
    let url: URL;
    try { url = new URL(v); } catch { throw new TypeError(`MCP_OAUTH_STORE=${v}: not a URL; ${USAGE}`); }
    if (url.hostname === '' || !/^(\/\d{0,2})?$/.test(url.pathname) || url.search !== '' || url.hash !== '') {
      throw new TypeError(`MCP_OAUTH_STORE=${v}: ${USAGE}`);
    }
    return { kind: 'redis', url: v };
  }
  throw new TypeError(`MCP_OAUTH_STORE=${v}: ${USAGE}`);
}

/** `MCP_OAUTH_PUBLIC_URL` (an origin such as `https://mcp.example.com`), else `fallback`. */
export function publicOrigin(value: string | undefined, fallback: string): string {
  const v = (value ?? '').trim();
  if (v === '') return fallback;
  let url: URL;
  try { url = new URL(v); } catch { throw new TypeError(`MCP_OAUTH_PUBLIC_URL=${v}: not a URL`); }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || (url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new TypeError(`MCP_OAUTH_PUBLIC_URL=${v}: expected an origin such as https://mcp.example.com (no path, query or credentials)`);
  }
  return url.origin;
}

export interface OpenedStore {
  store: Store;
  /** For the start-up line, e.g. `sqlite .data/as.db`. Never contains a password. */
  description: string;
  /** Closes the database or the Redis connection. */
  close(): Promise<void>;
}

export interface StoreDrivers {
  /** Opens (creating if needed) the SQLite file with a private mode. */
  sqlite?: (file: string) => { database: SqliteDatabase; close(): void } | Promise<{ database: SqliteDatabase; close(): void }>;
  /** Connects a Redis client to `url`. */
  redis?: (url: string) => Promise<{ client: RedisStoreOptions['client']; close(): Promise<void> }>;
}

/** Opens the store `spec` names with the runtime's `drivers`; a kind without a driver is a clear error. */
export async function openStore(spec: StoreSpec, drivers: StoreDrivers): Promise<OpenedStore> {
  if (spec.kind === 'memory') {
    return { store: memoryStore(), description: 'memory (everything is lost when the process stops)', close: async () => {} };
  }
  if (spec.kind === 'sqlite') {
    if (!drivers.sqlite) throw new TypeError(`MCP_OAUTH_STORE=sqlite:${spec.file}: SQLite is not available on this runtime; use memory or redis://`);
    const { database, close } = await drivers.sqlite(spec.file);
    const store = await sqliteStore({ database });
    return { store, description: `sqlite ${spec.file}`, close: async () => close() };
  }
  if (!drivers.redis) throw new TypeError('MCP_OAUTH_STORE=redis://…: Redis is not available on this runtime; use memory or sqlite:<file>');
  const { client, close } = await drivers.redis(spec.url);
  const safe = new URL(spec.url);
  safe.username = '';
  safe.password = '';
  // While Redis is unreachable every store call fails; server-flow answers that 503
  // temporarily_unavailable with Retry-After (StoreUnavailable), so clients retry.
  return { store: redisStore({ client }), description: `redis ${safe.href}`, close };
}

/** `MCP_OAUTH_TOKEN_FORMAT`: `jwt` (default) or `opaque` access tokens (an example-only knob, used by the restart tests). */
export function tokenFormat(value: string | undefined): 'jwt' | 'opaque' {
  const v = (value ?? '').trim();
  if (v === '' || v === 'jwt') return 'jwt';
  if (v === 'opaque') return 'opaque';
  throw new TypeError(`MCP_OAUTH_TOKEN_FORMAT=${v}: expected jwt or opaque`);
}
