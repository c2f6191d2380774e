// Shared by the runtime examples (deno, bun, worker as their whole app; hono for `as` and `rs`):
// the whole example as one Fetch handler: an authorization server (server-flow), the protected
// resource (PRM + bearer check) and a minimal MCP tools endpoint at /mcp. No runtime APIs here:
// the same file serves Deno, Bun, a worker and Node.
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import type { AuthorizationServer, ClientUrlGuard, ProtectedResource, Store } from '@mcp-oauth/server-flow';
import { handleMcp } from './mcp.ts';

export interface ExampleOptions {
  /** The public origin, e.g. `http://127.0.0.1:8787` (the issuer, and the resource's origin). */
  origin: string;
  /** Test mode: every authorization is approved for `demo-user` without a consent page. */
  autoApprove: boolean;
  /** How URLs that clients supply (CIMD documents, `jwks_uri`) are fetched; see below. */
  clientUrlGuard?: ClientUrlGuard;
  /** Where clients, grants, codes and tokens live (MCP_OAUTH_STORE, see env.ts); default server-flow's memory store. */
  store?: Store;
  /** Access token format (MCP_OAUTH_TOKEN_FORMAT); default `jwt`. */
  tokenFormat?: 'jwt' | 'opaque';
}

/** What the runtime knows about a request that a Fetch `Request` does not. */
export interface ExampleContext {
  /** The caller's address (Deno `info.remoteAddr`, Bun `server.requestIP`, Workers `CF-Connecting-IP`): registration is rate-limited per address and refused without one. */
  clientAddress?: string;
}

export interface ExampleApp {
  handle(request: Request, context?: ExampleContext): Promise<Response>;
  as: AuthorizationServer;
  rs: ProtectedResource;
}

export function createExampleApp({ origin, autoApprove, clientUrlGuard, store, tokenFormat }: ExampleOptions): ExampleApp {
  const resource = `${origin}/mcp`;
  const as = createAuthorizationServer({
    issuer: origin,
    resources: [resource],
    scopes: ['mcp:tools', 'mcp:exec:*'],
    defaultScopes: ['mcp:tools'],
    ...(autoApprove
      ? { autoApprove: { subject: 'demo-user' } }
      // Replace with your session check (return a Response such as a redirect to your login page
      // when nobody is signed in). The built-in consent page is shown either way.
      : { authenticate: async () => ({ subject: 'demo-user' }) }),
    // URL client ids (CIMD) and jwks_uri are off here: fetching a URL a client chose needs a guard
    // that checks the address it resolves to (A-SSRF-1), and a Web runtime's fetch cannot pin one.
    // To turn them on pass `clientUrlGuard: { resolve }`, e.g. on Deno a resolve over
    // Deno.resolveDns(host, 'A') and 'AAAA' (see docs/security-model.md); on Node use
    // createClientUrlGuard() from @mcp-oauth/node.
    ...(clientUrlGuard ? { clientUrlGuard } : { clientIdMetadataDocuments: false }),
    ...(store ? { store } : {}),
    ...(tokenFormat ? { tokens: { format: tokenFormat } } : {}),
  });
  const rs = createProtectedResource({
    resource,
    authorizationServers: [origin],
    verifier: as.verifier(),
    scopesSupported: ['mcp:tools', 'mcp:exec:workflows:run'],
    requiredScopes: ['mcp:tools'],
    resourceName: 'mcp-oauth example',
  });
  return {
    as,
    rs,
    async handle(request, context = {}) {
      const path = new URL(request.url).pathname;
      if (path === '/mcp') {
        const auth = await rs.authenticate(request);
        return auth.ok ? handleMcp(request, auth.principal, rs) : auth.response;
      }
      return rs.handleMetadata(request) ?? as.handle(request, context);
    },
  };
}
