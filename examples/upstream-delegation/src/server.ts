// `pnpm --dir examples/upstream-delegation start`: the mock provider at 127.0.0.1:$UPSTREAM_PORT
// (default 3001) and the MCP server at 127.0.0.1:$PORT (default 3000). MCP_OAUTH_STORE (memory |
// sqlite:<file> | redis://host:port[/db]; default .data/as.db in this folder) and
// MCP_OAUTH_PUBLIC_URL are read by examples/shared/src/env-node.ts; behind a load balancer give
// every instance the same UPSTREAM_STATE_SECRET (it signs the upstream `state`).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient } from 'redis';
import { toNodeHandler } from '@mcp-oauth/node';
import { nodeEnvironment } from '../../shared/src/env-node.ts';
import { createDelegationApp, type DelegationApp } from './app.ts';
import { createMockProvider, type MockProvider } from './mock-provider.ts';

export interface RunningDelegation {
  origin: string;
  upstream: string;
  app: DelegationApp;
  provider: MockProvider;
  /** The store's description (`sqlite <file>`, `redis …`, `memory …`). */
  store: string;
  close(): Promise<void>;
}

async function listen(port: number): Promise<{ server: Server; origin: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Starts both servers on 127.0.0.1 (port 0: any free port), with the store and origin `env` names. */
export async function startDelegationExample(port: number, upstreamPort: number, env: Record<string, string | undefined> = process.env): Promise<RunningDelegation> {
  const mcp = await listen(port);
  const up = await listen(upstreamPort);
  const { origin, store } = await nodeEnvironment({ exampleDir: fileURLToPath(new URL('..', import.meta.url)), port: Number(new URL(mcp.origin).port), createRedisClient: createClient, env });
  // A demo secret; a real one comes from the provider's developer console, via the environment.
  const clientId = 'mcp-notes-server';
  const clientSecret = process.env['UPSTREAM_CLIENT_SECRET'] ?? crypto.randomUUID();
  const stateSecret = env['UPSTREAM_STATE_SECRET'];
  // The upstream tokens are sealed in the store. Without MCP_OAUTH_ENCRYPTION_KEY a persistent store
  // gets a key for this process only: nothing is stored in clear, but grants from before a restart
  // lose their upstream tokens (users sign in again).
  let encryptionKey = env['MCP_OAUTH_ENCRYPTION_KEY'];
  if (encryptionKey === undefined && !store.description.startsWith('memory')) {
    encryptionKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    console.warn('MCP_OAUTH_ENCRYPTION_KEY is not set: upstream tokens are sealed with a key for this process only (set it to keep them across restarts)');
  }
  const app = createDelegationApp({ origin, upstream: up.origin, clientId, clientSecret, store: store.store, ...(stateSecret ? { stateSecret } : {}), ...(encryptionKey ? { encryptionKeys: [encryptionKey] } : {}) });
  const provider = createMockProvider({ clientId, clientSecret, redirectUri: app.upstreamRedirectUri, user: { id: 'alice', name: 'Alice' } });
  mcp.server.on('request', toNodeHandler(app.handle, { origin }));
  up.server.on('request', toNodeHandler((request) => provider.handle(request), { origin: up.origin }));
  const close = (s: Server): Promise<void> => new Promise((resolve) => { s.close(() => resolve()); s.closeAllConnections(); });
  return { origin, upstream: up.origin, app, provider, store: store.description, close: async () => { await Promise.all([close(mcp.server), close(up.server)]); await store.close(); } };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startDelegationExample(Number(process.env['PORT'] ?? 3000), Number(process.env['UPSTREAM_PORT'] ?? 3001));
  console.log(`MCP server: ${running.origin}/mcp (sign-in delegated to the mock provider at ${running.upstream}, store ${running.store})`);
  const stop = (): void => { void running.close(); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
