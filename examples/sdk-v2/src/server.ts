// `pnpm --dir examples/sdk-v2 start`: an MCP server on the official SDK 2.x, protected by
// @mcp-oauth/server-flow, mounted on node:http with one mcpAuth call. Listens on 127.0.0.1:$PORT.
//   PORT                    default 3000 (0: any free port)
//   MCP_OAUTH_AUTO_APPROVE  1: approve every authorization for demo-user without a page (tests only)
//   MCP_OAUTH_PUBLIC_URL    the issuer and resource origin behind a proxy (default http://127.0.0.1:$PORT)
//   MCP_OAUTH_STORE         memory (default for now); sqlite:<file> and redis://… are issue #13, not built yet
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { memoryStore, type Store } from '@mcp-oauth/server-flow';
import { authInfoFromPrincipal } from '@mcp-oauth/mcp-sdk';
import { createClientUrlGuard, mcpAuth } from '@mcp-oauth/node';
import { mcpHandler } from './app.ts';

function store(spec: string): Store {
  if (spec === 'memory') return memoryStore();
  if (spec.startsWith('sqlite:') || spec.startsWith('redis://')) {
    throw new Error(`MCP_OAUTH_STORE=${spec.split(':')[0]}:… is not available yet (issue #13); use MCP_OAUTH_STORE=memory`);
  }
  throw new Error('MCP_OAUTH_STORE must be memory, sqlite:<file> or redis://host:port[/db]');
}

// The default will be a SQLite file under .data/ once issue #13 lands; until then, memory.
let oauthStore: Store;
try {
  oauthStore = store(process.env['MCP_OAUTH_STORE'] ?? 'memory');
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const autoApprove = process.env['MCP_OAUTH_AUTO_APPROVE'] === '1';
const server = createServer();
server.listen(Number(process.env['PORT'] ?? 3000), '127.0.0.1', () => {
  const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicUrl = (process.env['MCP_OAUTH_PUBLIC_URL'] ?? local).replace(/\/+$/, '');
  const handler = mcpHandler();
  // The issuer must be known before the first request, and port 0 is only resolved here.
  mcpAuth(server, {
    issuer: publicUrl,
    scopes: ['mcp:tools', 'mcp:exec:*'], defaultScopes: ['mcp:tools'],
    scopesSupported: ['mcp:tools', 'mcp:exec:workflows:run'],
    requiredScopes: ['mcp:tools'], // R-PRM-2: the first 401 names the scope /mcp needs
    resourceName: 'mcp-oauth SDK 2.x example',
    store: oauthStore,
    ...(autoApprove ? { autoApprove: { subject: 'demo-user' } } : { authenticate: async () => ({ subject: 'demo-user' }) }), // replace with your login
    // CIMD documents only through the DNS-pinning fetch: no private or loopback address is ever connected to
    clientUrlGuard: createClientUrlGuard({ connectTimeout: 3000 }),
    methods: ['POST'], // stateless: GET (SSE) and DELETE (session end) get 405 once the token passed
    fetch: (request, principal, token) => handler.fetch(request, { authInfo: authInfoFromPrincipal(principal, token) }),
  });
  console.log(`MCP server: ${publicUrl}/mcp (listening on ${local}${autoApprove ? ', auto-approve test mode' : ''})`);
});
const stop = (): void => { server.close(); server.closeAllConnections(); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
