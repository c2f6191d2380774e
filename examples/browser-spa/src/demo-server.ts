// The demo MCP server the page talks to: an authorization server with the real consent page, the
// PRM document and a tools endpoint at /mcp, all on one origin; the SPA is served from another.
// The MCP endpoint answers the SPA's origin with CORS itself (server-flow's AS endpoints and PRM
// document already send CORS headers); WWW-Authenticate must be exposed so the client can read it.
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import { handleMcp } from '../../shared/src/mcp.ts';

export interface DemoServerOptions {
  /** This server's origin: the issuer and the resource's origin. */
  origin: string;
  /** The origin of the single-page app allowed to call /mcp. */
  appOrigin: string;
}

export function createDemoServer({ origin, appOrigin }: DemoServerOptions): (request: Request, context?: { clientAddress?: string }) => Promise<Response> {
  const resource = `${origin}/mcp`;
  const as = createAuthorizationServer({
    issuer: origin,
    resources: [resource],
    scopes: ['mcp:tools'],
    defaultScopes: ['mcp:tools'],
    // Demo: everyone is `demo-user`. Replace with your session check; the consent page stays.
    authenticate: async () => ({ subject: 'demo-user' }),
    consentMemory: 0,
  });
  const rs = createProtectedResource({ resource, authorizationServers: [origin], verifier: as.verifier(), scopesSupported: ['mcp:tools'], requiredScopes: ['mcp:tools'] });
  const cors = {
    'access-control-allow-origin': appOrigin,
    'access-control-allow-headers': 'authorization, content-type, mcp-protocol-version, mcp-session-id',
    'access-control-expose-headers': 'www-authenticate, mcp-session-id',
    vary: 'origin',
  };
  const withCors = (res: Response): Response => {
    const out = new Response(res.body, res); // responses from fetch-style handlers may be immutable
    for (const [k, v] of Object.entries(cors)) out.headers.set(k, v);
    return out;
  };

  return async (request, context = {}) => {
    const path = new URL(request.url).pathname;
    if (path === '/mcp') {
      if (request.method === 'OPTIONS') return withCors(new Response(null, { status: 204, headers: { 'access-control-allow-methods': 'POST', 'access-control-max-age': '600' } }));
      const auth = await rs.authenticate(request);
      return withCors(auth.ok ? await handleMcp(request, auth.principal, rs) : auth.response);
    }
    return rs.handleMetadata(request) ?? as.handle(request, context);
  };
}
