// The example's whole application as one Fetch handler: an authorization server, the protected
// resource (PRM + bearer check), and a real MCP server (the official SDK's McpServer) at /mcp.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { z } from 'zod';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import type { AuditEvent, AuthorizationServer, ClientUrlGuard, Principal, ProtectedResource, Store } from '@mcp-oauth/server-flow';
import { demoLogin } from './login.ts';

export interface ExampleOptions {
  /** The public origin, e.g. `http://127.0.0.1:3000`. */
  origin: string;
  /** Test mode: approve every authorization for a fixed user (MCP_OAUTH_AUTO_APPROVE=1). */
  autoApprove: boolean;
  audit?: (event: AuditEvent) => void;
  /**
   * How the server fetches URLs that clients supply (Client ID Metadata Documents, `jwks_uri`).
   * On Node, pass `createClientUrlGuard()` from `@mcp-oauth/node` so a host that resolves to a
   * private address, or rebinds to one after the check, is never connected to. Without it, URL
   * client ids are unknown and registration refuses `jwks_uri` (A-SSRF-1).
   */
  clientUrlGuard?: ClientUrlGuard;
  /** Where clients, grants, codes and tokens live (MCP_OAUTH_STORE); default server-flow's memory store. */
  store?: Store;
  /** Access token format (MCP_OAUTH_TOKEN_FORMAT); default `jwt`. */
  tokenFormat?: 'jwt' | 'opaque';
}

export interface ExampleApp {
  handle: (request: Request, context?: { clientAddress?: string }) => Promise<Response>;
  as: AuthorizationServer;
  rs: ProtectedResource;
}

/** Scopes each tool needs; a call without them gets 403 insufficient_scope (step-up). */
const TOOL_SCOPES: Record<string, string[]> = { whoami: ['mcp:tools'], run_workflow: ['mcp:exec:workflows:run'] };

function mcpServer(principal: Principal): McpServer {
  const server = new McpServer({ name: 'mcp-oauth-example', version: '1.0.0' });
  server.registerTool('whoami', { description: 'Who is calling, with which client and scopes.' }, async () => ({
    content: [{ type: 'text', text: JSON.stringify({ subject: principal.subject, client: principal.clientId, scopes: principal.scopes }) }],
  }));
  server.registerTool('run_workflow', { description: 'Pretends to run a workflow (needs mcp:exec:workflows:run).', inputSchema: { name: z.string().max(100) } }, async ({ name }) => ({
    content: [{ type: 'text', text: `workflow ${name} started for ${principal.subject}` }],
  }));
  return server;
}

export function createExampleApp(options: ExampleOptions): ExampleApp {
  const { origin } = options;
  const resource = `${origin}/mcp`;
  const login = demoLogin();
  const as = createAuthorizationServer({
    issuer: origin,
    resources: [resource],
    scopes: ['mcp:tools', 'mcp:exec:*'],
    defaultScopes: ['mcp:tools'],
    ...(options.autoApprove
      ? {
        autoApprove: { subject: 'demo-user' },
        // a public client for the official conformance suite (`--client-id mcp-oauth-example-client`)
        clients: [{ client_id: 'mcp-oauth-example-client', redirect_uris: ['http://127.0.0.1/callback'], client_name: 'Conformance client' }],
      }
      : { authenticate: login.authenticate }),
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.clientUrlGuard ? { clientUrlGuard: options.clientUrlGuard } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.tokenFormat ? { tokens: { format: options.tokenFormat } } : {}),
  });
  const rs = createProtectedResource({ resource, authorizationServers: [origin], verifier: as.verifier(), scopesSupported: ['mcp:tools', 'mcp:exec:workflows:run'],
    // R-PRM-2: the first 401 names the scope /mcp needs, so clients ask for it alone and step up later.
    requiredScopes: ['mcp:tools'], resourceName: 'mcp-oauth example' });

  async function mcp(request: Request): Promise<Response> {
    const auth = await rs.authenticate(request);
    if (!auth.ok) return auth.response;
    const { principal } = auth;
    if (request.method === 'POST') {
      const body = (await request.clone().json().catch(() => null)) as { method?: string; params?: { name?: string } } | null;
      const needed = body?.method === 'tools/call' ? TOOL_SCOPES[body.params?.name ?? ''] : undefined;
      const denied = needed ? rs.requireScopes(principal, needed) : undefined;
      if (denied) return denied;
    }
    // Stateless: one server and transport per request, the verified principal as authInfo.
    const server = mcpServer(principal);
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true }); // no sessionIdGenerator: stateless
    await server.connect(transport);
    const token = (request.headers.get('authorization') ?? '').slice(7);
    return transport.handleRequest(request, {
      authInfo: { token, clientId: principal.clientId, scopes: principal.scopes, expiresAt: principal.expiresAt, resource: new URL(resource), extra: { subject: principal.subject } },
    });
  }

  return {
    as,
    rs,
    async handle(request, context = {}) {
      const path = new URL(request.url).pathname;
      if (path === '/mcp') return mcp(request);
      const prm = rs.handleMetadata(request);
      if (prm) return prm;
      if (path === '/login') return login.handle(request);
      if (path === '/') return new Response(`mcp-oauth example: MCP endpoint ${resource}\n`, { headers: { 'content-type': 'text/plain' } });
      return as.handle(request, context);
    },
  };
}
