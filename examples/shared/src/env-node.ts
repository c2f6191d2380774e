// The examples' environment on Node (node-server, express, hono, upstream-delegation, sdk-v2):
// node:sqlite for `sqlite:<file>` and the default `.data/as.db`, a node-redis client (passed in by
// the example, which depends on `redis`) for `redis://`. See env.ts for the parsing.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openStore, parseStoreSpec, publicOrigin, type OpenedStore } from './env.ts';

/** node-redis's `createClient`, as much of it as is used here. */
export type CreateRedisClient = (options: { url: string; disableOfflineQueue: boolean; socket: { connectTimeout: number; reconnectStrategy: (retries: number) => number } }) => {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  sendCommand(args: string[]): Promise<unknown>;
};

/** Opens a SQLite file for the store: its folder created 0700, the file 0600 (codes, grants and upstream tokens live there). */
export function openSqliteFile(file: string): { database: DatabaseSync; close(): void } {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600)); // create it private before SQLite does (SQLite would use the umask)
  chmodSync(path, 0o600);
  const database = new DatabaseSync(path);
  return { database, close: () => database.close() };
}

export interface NodeEnvironment {
  store: OpenedStore;
  /** MCP_OAUTH_PUBLIC_URL, else `http://127.0.0.1:<port>`. */
  origin: string;
}

/**
 * Reads MCP_OAUTH_STORE and MCP_OAUTH_PUBLIC_URL. `exampleDir` holds the default `.data/as.db`.
 * Redis commands fail at once while Redis is unreachable (no offline queue), and the client keeps
 * reconnecting, so the server answers 5xx during an outage and recovers by itself.
 */
export async function nodeEnvironment(options: { exampleDir: string; port: number; createRedisClient?: CreateRedisClient; env?: Record<string, string | undefined> }): Promise<NodeEnvironment> {
  const env = options.env ?? process.env;
  const origin = publicOrigin(env['MCP_OAUTH_PUBLIC_URL'], `http://127.0.0.1:${options.port}`);
  const spec = parseStoreSpec(env['MCP_OAUTH_STORE'], join(options.exampleDir, '.data', 'as.db'));
  const create = options.createRedisClient;
  const store = await openStore(spec, {
    sqlite: openSqliteFile,
    ...(create
      ? {
        redis: async (url: string) => {
          const client = create({ url, disableOfflineQueue: true, socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) } });
          client.on('error', () => { /* reconnecting; each failed command is answered 5xx */ });
          await client.connect();
          return { client, close: () => client.close() };
        },
      }
      : {}),
  });
  return { store, origin };
}
