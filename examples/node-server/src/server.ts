// `pnpm --dir examples/node-server start`: the example on node:http at 127.0.0.1:$PORT.
// Set MCP_OAUTH_AUTO_APPROVE=1 for the headless test mode (every authorization approved for demo-user).
// MCP_OAUTH_STORE (memory | sqlite:<file> | redis://host:port[/db]; default .data/as.db) and
// MCP_OAUTH_PUBLIC_URL (the public origin behind a proxy) are read by examples/shared/src/env-node.ts.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { createClientUrlGuard, toNodeHandler } from '@mcp-oauth/node';
import { tokenFormat } from '../../shared/src/env.ts';
import { nodeEnvironment } from '../../shared/src/env-node.ts';
import { createExampleApp } from './app.ts';

const port = Number(process.env['PORT'] ?? 3000);
const autoApprove = process.env['MCP_OAUTH_AUTO_APPROVE'] === '1';
const { origin, store } = await nodeEnvironment({ exampleDir: fileURLToPath(new URL('..', import.meta.url)), port, createRedisClient: createClient });
// CIMD documents and jwks_uri are fetched through the DNS-pinning guard: private, loopback and
// metadata-service addresses are refused at connect time against the resolved IP (A-SSRF-1, A-CIMD-1).
const app = createExampleApp({
  origin, autoApprove, store: store.store, tokenFormat: tokenFormat(process.env['MCP_OAUTH_TOKEN_FORMAT']),
  clientUrlGuard: createClientUrlGuard({ connectTimeout: 3000 }),
});

// The metadata documents are answered from prepared bytes (no Fetch objects); the rest goes to app.handle.
const server = createServer(toNodeHandler(app.handle, { origin, prepared: [app.as, app.rs] }));
server.listen(port, '127.0.0.1', () => {
  console.log(`MCP server: ${origin}/mcp (authorization server ${origin}, store ${store.description}${autoApprove ? ', auto-approve test mode' : ''})`);
});
const stop = (): void => { server.close(() => void store.close()); server.closeAllConnections(); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
