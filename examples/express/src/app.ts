// An Express 5 app serving a real MCP server (the official SDK's McpServer over its
// StreamableHTTPServerTransport), protected by @mcp-oauth/server-flow: the authorization server and
// the PRM document are mounted with @mcp-oauth/node's toNodeHandler, the MCP endpoint is guarded by
// @mcp-oauth/mcp-sdk's bearerAuth and requireToolScopes.
import express from 'express';
import type { Express } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import type { AuditEvent, AuthorizationServer, ProtectedResource, Store } from '@mcp-oauth/server-flow';
import { createClientUrlGuard, toNodeHandler } from '@mcp-oauth/node';
import { bearerAuth, principalOf, requireToolScopes } from '@mcp-oauth/mcp-sdk';

export interface ExpressExample {
  app: Express;
  as: AuthorizationServer;
  rs: ProtectedResource;
}

/** Scopes each tool needs beyond `mcp:tools`; calling it without them is a 403 the client steps up from. */
const TOOL_SCOPES = { run_workflow: ['mcp:exec:workflows:run'] };

function mcpServer(): McpServer {
  const server = new McpServer({ name: 'mcp-oauth-express-example', version: '1.0.0' });
  server.registerTool('whoami', { description: 'Who is calling, with which client and scopes.' }, async (extra) => {
    const p = principalOf(extra.authInfo);
    return { content: [{ type: 'text', text: JSON.stringify({ subject: p?.subject, client: p?.clientId, scopes: p?.scopes }) }] };
  });
  server.registerTool('run_workflow', { description: 'Pretends to run a workflow (needs mcp:exec:workflows:run).', inputSchema: { name: z.string().max(100) } }, async ({ name }, extra) => ({
    content: [{ type: 'text', text: `workflow ${name} started for ${principalOf(extra.authInfo)?.subject ?? 'nobody'}` }],
  }));
  return server;
}

/**
 * The whole example for the public `origin` (e.g. `http://127.0.0.1:3000`). The login is a stub
 * (every visitor is `demo-user`): put your own session check in `authenticate`. The consent page is
 * server-flow's real one. `store` (MCP_OAUTH_STORE) holds clients, grants, codes and tokens;
 * default server-flow's memory store.
 */
export function createExpressExample(origin: string, audit?: (event: AuditEvent) => void, store?: Store): ExpressExample {
  const resource = `${origin}/mcp`;
  const as = createAuthorizationServer({
    issuer: origin,
    resources: [resource],
    scopes: ['mcp:tools', 'mcp:exec:*'],
    defaultScopes: ['mcp:tools'],
    authenticate: async () => ({ subject: 'demo-user' }), // replace with your login
    // URL client ids (CIMD) and jwks_uri are fetched only through the DNS-pinning guard (A-SSRF-1).
    clientUrlGuard: createClientUrlGuard({ connectTimeout: 3000 }),
    ...(audit ? { audit } : {}),
    ...(store ? { store } : {}),
  });
  const rs = createProtectedResource({
    resource, authorizationServers: [origin], verifier: as.verifier(),
    scopesSupported: ['mcp:tools', 'mcp:exec:workflows:run'], requiredScopes: ['mcp:tools'], resourceName: 'mcp-oauth Express example',
  });

  const app = express();
  app.disable('x-powered-by');
  // Authenticate before parsing: bodies of unauthenticated requests are never read.
  app.post('/mcp', bearerAuth(rs), express.json({ limit: '1mb' }), requireToolScopes(rs, TOOL_SCOPES), async (req, res) => {
    // Stateless: one MCP server and transport per request; tools see req.auth as extra.authInfo.
    const server = mcpServer();
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true }); // no sessionIdGenerator: stateless
    res.on('close', () => { void transport.close(); void server.close(); });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  app.all('/mcp', bearerAuth(rs), (_req, res) => { res.set('allow', 'POST').status(405).end(); });
  app.get('/', (_req, res) => { res.type('text/plain').send(`mcp-oauth Express example: MCP endpoint ${resource}\n`); });
  // PRM (RFC 9728) and every authorization-server endpoint; anything else falls through to a 404.
  app.use(toNodeHandler((request, context) => rs.handleMetadata(request) ?? as.handle(request, context), { origin, prepared: [as, rs] }));
  return { app, as, rs };
}
