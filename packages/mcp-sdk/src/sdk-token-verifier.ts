import { InvalidTokenError, ServerError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { ServerFlowError } from '@mcp-oauth/server-flow';
import type { TokenVerifier } from '@mcp-oauth/server-flow';
import { authInfoFromPrincipal } from './auth-info';

/** Options of {@link sdkTokenVerifier}. */
export interface SdkTokenVerifierOptions {
  /** This MCP server's resource identifier, exactly as the authorization server puts it in `aud` (e.g. `https://mcp.example.com/mcp`). */
  resource: string;
  /** The token check: `as.verifier()`, `jwtVerifier(...)` or `introspectionVerifier(...)` from `@mcp-oauth/server-flow`. */
  verifier: TokenVerifier;
}

/**
 * Adapts a `server-flow` {@link TokenVerifier} to the SDK's `OAuthTokenVerifier`, for its
 * `requireBearerAuth({ verifier })` Express middleware. The token is checked for `resource` exactly
 * (signature, `iss`, `exp`, `aud` equal to `resource` and nothing else, grant alive): a token that
 * fails any check becomes the SDK's `InvalidTokenError` (401 `invalid_token`); an unreachable key
 * set or introspection endpoint becomes its `ServerError` (500), never a 401 that would make
 * clients throw their tokens away. No message carries the token or the reason.
 *
 * Prefer {@link bearerAuth}: it answers with server-flow's exact RFC 6750 / RFC 9728 challenges and
 * honours the scope hierarchy, which the SDK's middleware does not.
 *
 * @throws {TypeError} for a missing verifier or a resource that is not an absolute URL.
 * @example
 * ```ts
 * import express from 'express'
 * import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js'
 * import { sdkTokenVerifier } from '@mcp-oauth/mcp-sdk'
 * import type { AuthorizationServer, ProtectedResource } from '@mcp-oauth/server-flow'
 * declare const as: AuthorizationServer
 * declare const rs: ProtectedResource
 * declare const mcpHandler: express.RequestHandler
 *
 * const app = express()
 * const resource = 'https://mcp.example.com/mcp'
 * app.post('/mcp', requireBearerAuth({
 *   verifier: sdkTokenVerifier({ resource, verifier: as.verifier() }),
 *   resourceMetadataUrl: rs.metadataUrl,
 *   expectedResource: new URL(resource),
 * }), mcpHandler)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export function sdkTokenVerifier(options: SdkTokenVerifierOptions): OAuthTokenVerifier {
  const { resource, verifier } = options ?? {};
  if (typeof verifier !== 'function') throw new TypeError('verifier must be a function');
  if (typeof resource !== 'string' || !URL.canParse(resource)) throw new TypeError('resource must be an absolute URL');
  return {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      if (typeof token !== 'string' || token === '') throw new InvalidTokenError('invalid token');
      let principal;
      try {
        principal = await verifier(token, resource);
      } catch (e) {
        if (e instanceof ServerFlowError && e.code === 'UpstreamFailed') throw new ServerError('token verification unavailable');
        throw new InvalidTokenError('invalid token');
      }
      // a verifier that returns a principal for another resource is a bug; never accept it (R-TOK-2)
      if (principal.resource !== resource) throw new InvalidTokenError('invalid token');
      return authInfoFromPrincipal(principal, token);
    },
  };
}
