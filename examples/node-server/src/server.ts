// `pnpm --dir examples/node-server start`: the example on node:http at 127.0.0.1:$PORT.
// Set MCP_OAUTH_AUTO_APPROVE=1 for the headless test mode (every authorization approved for demo-user).
import { createServer } from 'node:http';
import { createClientUrlGuard, toNodeHandler } from '@mcp-oauth/node';
import { createExampleApp } from './app.ts';

const port = Number(process.env['PORT'] ?? 3000);
const autoApprove = process.env['MCP_OAUTH_AUTO_APPROVE'] === '1';
const origin = `http://127.0.0.1:${port}`;
// CIMD documents and jwks_uri are fetched through the DNS-pinning guard: private, loopback and
// metadata-service addresses are refused at connect time against the resolved IP (A-SSRF-1, A-CIMD-1).
const app = createExampleApp({ origin, autoApprove, clientUrlGuard: createClientUrlGuard({ connectTimeout: 3000 }) });

// The metadata documents are answered from prepared bytes (no Fetch objects); the rest goes to app.handle.
const server = createServer(toNodeHandler(app.handle, { origin, prepared: [app.as, app.rs] }));
server.listen(port, '127.0.0.1', () => {
  console.log(`MCP server: ${origin}/mcp (authorization server ${origin}${autoApprove ? ', auto-approve test mode' : ''})`);
});
const stop = (): void => { server.close(); server.closeAllConnections(); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
