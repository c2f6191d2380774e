// A real MCP server on 127.0.0.1: Express 5, the SDK's McpServer and StreamableHTTPServerTransport,
// protected by server-flow through this package's middleware (or the SDK's requireBearerAuth).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { z } from 'zod';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import type { AuditEvent, AuthorizationServer, AuthorizationServerOptions, ProtectedResource } from '@mcp-oauth/server-flow';
import { toNodeHandler } from '@mcp-oauth/node';
import { bearerAuth, principalOf, requireToolScopes } from '@mcp-oauth/mcp-sdk';
import { sdkTokenVerifier } from '@mcp-oauth/mcp-sdk/v1';

export interface Fixture {
  origin: string;
  resource: string;
  as: AuthorizationServer;
  rs: ProtectedResource;
  audit: AuditEvent[];
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** Protect /mcp with the SDK's own requireBearerAuth + sdkTokenVerifier instead of bearerAuth. */
  sdkMiddleware?: boolean;
  as?: Partial<AuthorizationServerOptions>;
}

function mcpServer(): McpServer {
  const server = new McpServer({ name: 'mcp-sdk-fixture', version: '1.0.0' });
  server.registerTool('whoami', { description: 'Who is calling.' }, async (extra) => {
    const p = principalOf(extra.authInfo);
    return { content: [{ type: 'text', text: JSON.stringify({ subject: p?.subject, client: extra.authInfo?.clientId, scopes: extra.authInfo?.scopes }) }] };
  });
  server.registerTool('run_workflow', { description: 'Needs mcp:exec:workflows:run.', inputSchema: { name: z.string().max(100) } }, async ({ name }) => ({
    content: [{ type: 'text', text: `workflow ${name} started` }],
  }));
  return server;
}

export async function startFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const app = express();
  const http: Server = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const resource = `${origin}/mcp`;
  const audit: AuditEvent[] = [];
  const as = createAuthorizationServer({
    issuer: origin, resources: [resource], scopes: ['mcp:tools', 'mcp:exec:*'], defaultScopes: ['mcp:tools'],
    autoApprove: { subject: 'alice' }, audit: (e) => audit.push(e), ...options.as,
  });
  const rs = createProtectedResource({
    resource, authorizationServers: [origin], verifier: as.verifier(), scopesSupported: ['mcp:tools', 'mcp:exec:workflows:run'], requiredScopes: ['mcp:tools'],
  });
  const auth = options.sdkMiddleware
    ? requireBearerAuth({ verifier: sdkTokenVerifier({ resource, verifier: as.verifier() }), resourceMetadataUrl: rs.metadataUrl, expectedResource: new URL(resource) })
    : bearerAuth(rs);
  app.post('/mcp', auth, express.json(), requireToolScopes(rs, { run_workflow: ['mcp:exec:workflows:run'] }), async (req, res) => {
    // stateless: one server and transport per request
    const server = mcpServer();
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true }); // no sessionIdGenerator: stateless
    res.on('close', () => { void transport.close(); void server.close(); });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  app.all('/mcp', auth, (_req, res) => { res.writeHead(405, { allow: 'POST' }).end(); });
  // PRM and every authorization-server endpoint; other paths fall through to Express's 404
  app.use(toNodeHandler((request, context) => rs.handleMetadata(request) ?? as.handle(request, context)));
  return {
    origin, resource, as, rs, audit,
    close: () => new Promise<void>((resolve) => { http.close(() => resolve()); http.closeAllConnections(); }),
  };
}

/** A headless browser for an auto-approving AS: follows /authorize to the redirect URI and returns it. */
export async function followAuthorization(url: URL | string): Promise<string> {
  let next = String(url);
  for (let i = 0; i < 5; i++) {
    const res = await fetch(next, { redirect: 'manual' });
    await res.body?.cancel();
    const location = res.headers.get('location');
    if (location === null) throw new Error(`authorization stopped with HTTP ${res.status}`);
    const target = new URL(location, next);
    if (target.pathname === '/callback') return target.href;
    next = target.href;
  }
  throw new Error('too many redirects');
}
