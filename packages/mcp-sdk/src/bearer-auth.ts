import type { ProtectedResource } from '@mcp-oauth/server-flow';
import { authInfoFromPrincipal } from './auth-info';
import { sendResponse, toFetchRequest } from './internal/express';
import type { ExpressNext, ExpressRequestLike, ExpressResponseLike } from './internal/express';

export type { ExpressNext, ExpressRequestLike, ExpressResponseLike } from './internal/express';

/** An Express middleware as {@link bearerAuth} and {@link requireToolScopes} return it. */
export type BearerAuthMiddleware = (req: ExpressRequestLike, res: ExpressResponseLike, next: ExpressNext) => Promise<void>;

/**
 * Express middleware that protects an MCP endpoint with a `server-flow` protected resource, in place
 * of the SDK's `requireBearerAuth`: the request's bearer token is checked by `rs.authenticate`, which
 * answers exactly as RFC 6750 and RFC 9728 say (no credentials → 401 with `resource_metadata` and
 * `scope` and no error code; bad, expired, revoked or foreign-audience token → 401 `invalid_token`;
 * a token in the query string (or in a form body a parser already read), or an oversized header →
 * 400 `invalid_request`; missing scope → 403 `insufficient_scope`, scope hierarchy honoured). On success it sets `req.auth` to the SDK's
 * `AuthInfo` (see {@link authInfoFromPrincipal}), which the SDK's Node server transports (1.x
 * `StreamableHTTPServerTransport`, 2.x `NodeStreamableHTTPServerTransport` and `toNodeHandler` of
 * `@modelcontextprotocol/node`) hand to tool handlers.
 *
 * Put it before the body parser: unauthenticated bodies are then never parsed. Per-tool scopes
 * (step-up) are checked after parsing by {@link requireToolScopes}.
 *
 * @throws {TypeError} when `rs` is not a protected resource.
 * @example
 * ```ts
 * import express from 'express'
 * import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
 * import { bearerAuth } from '@mcp-oauth/mcp-sdk'
 * import { createProtectedResource, type AuthorizationServer } from '@mcp-oauth/server-flow'
 * declare const as: AuthorizationServer
 * declare const transport: StreamableHTTPServerTransport
 *
 * const app = express()
 * const resource = 'https://mcp.example.com/mcp'
 * const rs = createProtectedResource({ resource, authorizationServers: [as.issuer], verifier: as.verifier() })
 * app.post('/mcp', bearerAuth(rs), express.json(), async (req, res) => {
 *   await transport.handleRequest(req, res, req.body) // tools see extra.authInfo
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5.1
 */
export function bearerAuth(rs: ProtectedResource): BearerAuthMiddleware {
  if (typeof rs?.authenticate !== 'function' || typeof rs.requireScopes !== 'function') throw new TypeError('rs must be a ProtectedResource');
  const origin = new URL(rs.metadata.resource).origin;
  return async (req, res, next) => {
    try {
      let request: Request;
      try { request = toFetchRequest(req, origin); } catch {
        await sendResponse(res, new Response(JSON.stringify({ error: 'invalid_request' }), { status: 400, headers: { 'content-type': 'application/json' } }));
        return;
      }
      const result = await rs.authenticate(request);
      if (!result.ok) { await sendResponse(res, result.response); return; }
      const header = request.headers.get('authorization') ?? '';
      req.auth = authInfoFromPrincipal(result.principal, header.slice(header.indexOf(' ') + 1), { resourceMetadataUrl: rs.metadataUrl });
      next();
    } catch (e) {
      next(e);
    }
  };
}
