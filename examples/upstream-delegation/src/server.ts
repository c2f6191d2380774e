// `pnpm --dir examples/upstream-delegation start`: the mock provider at 127.0.0.1:$UPSTREAM_PORT
// (default 3001) and the MCP server at 127.0.0.1:$PORT (default 3000).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { toNodeHandler } from '@mcp-oauth/node';
import { createDelegationApp, type DelegationApp } from './app.ts';
import { createMockProvider, type MockProvider } from './mock-provider.ts';

export interface RunningDelegation {
  origin: string;
  upstream: string;
  app: DelegationApp;
  provider: MockProvider;
  close(): Promise<void>;
}

async function listen(port: number): Promise<{ server: Server; origin: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Starts both servers on 127.0.0.1 (port 0: any free port). */
export async function startDelegationExample(port: number, upstreamPort: number): Promise<RunningDelegation> {
  const mcp = await listen(port);
  const up = await listen(upstreamPort);
  // A demo secret; a real one comes from the provider's developer console, via the environment.
  const clientId = 'mcp-notes-server';
  const clientSecret = process.env['UPSTREAM_CLIENT_SECRET'] ?? crypto.randomUUID();
  const app = createDelegationApp({ origin: mcp.origin, upstream: up.origin, clientId, clientSecret });
  const provider = createMockProvider({ clientId, clientSecret, redirectUri: app.upstreamRedirectUri, user: { id: 'alice', name: 'Alice' } });
  mcp.server.on('request', toNodeHandler(app.handle, { origin: mcp.origin }));
  up.server.on('request', toNodeHandler((request) => provider.handle(request), { origin: up.origin }));
  const close = (s: Server): Promise<void> => new Promise((resolve) => { s.close(() => resolve()); s.closeAllConnections(); });
  return { origin: mcp.origin, upstream: up.origin, app, provider, close: async () => { await Promise.all([close(mcp.server), close(up.server)]); } };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startDelegationExample(Number(process.env['PORT'] ?? 3000), Number(process.env['UPSTREAM_PORT'] ?? 3001));
  console.log(`MCP server: ${running.origin}/mcp (sign-in delegated to the mock provider at ${running.upstream})`);
  const stop = (): void => { void running.close(); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
