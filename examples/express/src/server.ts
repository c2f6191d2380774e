// `pnpm --dir examples/express start`: the Express example at http://127.0.0.1:$PORT (default 3000).
// MCP_OAUTH_STORE (memory | sqlite:<file> | redis://host:port[/db]; default .data/as.db in this
// folder) and MCP_OAUTH_PUBLIC_URL (the public origin behind a proxy) are read by
// examples/shared/src/env-node.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient } from 'redis';
import { nodeEnvironment } from '../../shared/src/env-node.ts';
import { createExpressExample, type ExpressExample } from './app.ts';

export interface RunningExample extends ExpressExample {
  origin: string;
  /** The store's description (`sqlite <file>`, `redis …`, `memory …`). */
  store: string;
  close(): Promise<void>;
}

/** Starts the example on 127.0.0.1 (`port` 0: any free port), with the store and origin `env` names. */
export async function startExpressExample(port: number, env: Record<string, string | undefined> = process.env): Promise<RunningExample> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  const { origin, store } = await nodeEnvironment({ exampleDir: fileURLToPath(new URL('..', import.meta.url)), port: bound, createRedisClient: createClient, env });
  const example = createExpressExample(origin, undefined, store.store);
  server.on('request', example.app);
  return {
    ...example, origin, store: store.description,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }).then(store.close),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startExpressExample(Number(process.env['PORT'] ?? 3000));
  console.log(`MCP server: ${running.origin}/mcp (authorization server ${running.origin}, store ${running.store})`);
  const stop = (): void => { void running.close(); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
