// `pnpm --dir examples/sdk-v2 start`: an MCP server on the official SDK 2.x, protected by
// @mcp-oauth/server-flow, mounted on node:http with one mcpAuth call. Listens on 127.0.0.1:$PORT.
//   PORT                    default 3000 (0: any free port)
//   MCP_OAUTH_AUTO_APPROVE  1: approve every authorization for demo-user without a page (tests only)
//   MCP_OAUTH_PUBLIC_URL    the issuer and resource origin behind a proxy (default http://127.0.0.1:$PORT)
//   MCP_OAUTH_STORE         memory | sqlite:<file> | redis://host:port[/db] (default: .data/as.db in this folder)
//   MCP_OAUTH_TOKEN_FORMAT  jwt (default) | opaque
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { authInfoFromPrincipal } from '@mcp-oauth/mcp-sdk';
import { createClientUrlGuard, mcpAuth } from '@mcp-oauth/node';
import { tokenFormat } from '../../shared/src/env.ts';
import { nodeEnvironment } from '../../shared/src/env-node.ts';
import { mcpHandler } from './app.ts';

const autoApprove = process.env['MCP_OAUTH_AUTO_APPROVE'] === '1';
const server = createServer();
let closeStore = async (): Promise<void> => {};
server.listen(Number(process.env['PORT'] ?? 3000), '127.0.0.1', async () => {
  const port = (server.address() as AddressInfo).port;
  const local = `http://127.0.0.1:${port}`;
  let env: Awaited<ReturnType<typeof nodeEnvironment>>;
  try {
    env = await nodeEnvironment({ exampleDir: fileURLToPath(new URL('..', import.meta.url)), port, createRedisClient: createClient });
  } catch (e) {
    console.error((e as Error).message); // e.g. MCP_OAUTH_STORE=…: expected memory, sqlite:<file> or redis://host:port[/db]
    process.exit(2);
  }
  const { origin: publicUrl, store } = env;
  closeStore = store.close;
  const handler = mcpHandler();
  // The issuer must be known before the first request, and port 0 is only resolved here.
  mcpAuth(server, {
    issuer: publicUrl,
    scopes: ['mcp:tools', 'mcp:exec:*'], defaultScopes: ['mcp:tools'],
    scopesSupported: ['mcp:tools', 'mcp:exec:workflows:run'],
    requiredScopes: ['mcp:tools'], // R-PRM-2: the first 401 names the scope /mcp needs
    resourceName: 'mcp-oauth SDK 2.x example',
    store: store.store,
    tokens: { format: tokenFormat(process.env['MCP_OAUTH_TOKEN_FORMAT']) },
    ...(autoApprove ? { autoApprove: { subject: 'demo-user' } } : { authenticate: async () => ({ subject: 'demo-user' }) }), // replace with your login
    // CIMD documents only through the DNS-pinning fetch: no private or loopback address is ever connected to
    clientUrlGuard: createClientUrlGuard({ connectTimeout: 3000 }),
    methods: ['POST'], // stateless: GET (SSE) and DELETE (session end) get 405 once the token passed
    fetch: (request, principal, token) => handler.fetch(request, { authInfo: authInfoFromPrincipal(principal, token) }),
  });
  console.log(`MCP server: ${publicUrl}/mcp (listening on ${local}, store ${store.description}${autoApprove ? ', auto-approve test mode' : ''})`);
});
const stop = (): void => { server.close(() => void closeStore()); server.closeAllConnections(); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
