/**
 * `@mcp-oauth/mcp-sdk/v2`: what needs `@modelcontextprotocol/server` 2.x at run time.
 * @packageDocumentation
 */
import { OAuthError, OAuthErrorCode } from '@modelcontextprotocol/server';
import { tokenVerifier, type SdkTokenVerifier, type SdkTokenVerifierOptions } from './internal/token-verifier';

export type { SdkTokenVerifier, SdkTokenVerifierOptions } from './internal/token-verifier';

/**
 * Adapts a `server-flow` token verifier to the 2.x SDK's `OAuthTokenVerifier`, for
 * `requireBearerAuth({ verifier })` of `@modelcontextprotocol/express` or the Fetch gate of
 * `@modelcontextprotocol/server`. The token is checked for `resource` exactly (signature, `iss`,
 * `exp`, `aud` equal to `resource` and nothing else, grant alive): a token that fails any check
 * becomes the SDK's `OAuthError` `invalid_token` (401); an unreachable key set or introspection
 * endpoint becomes its `server_error` (500). No message carries the token or the reason. Pass
 * `resourceMetadataUrl: rs.metadataUrl` so per-tool `scopeChallenge` 403s name the PRM document.
 *
 * Prefer `mcpAuth` from `@mcp-oauth/node`, `mcpAuthHono` or `bearerAuth`: they answer with
 * server-flow's exact RFC 6750 / RFC 9728 challenges (no `error` when no token was sent, `scope` on
 * the first 401) and honour the scope hierarchy.
 *
 * @throws {TypeError} for a missing verifier or a resource that is not an absolute URL.
 * @example
 * ```ts
 * import { requireBearerAuth, type McpHttpHandler } from '@modelcontextprotocol/server'
 * import { sdkTokenVerifier } from '@mcp-oauth/mcp-sdk/v2'
 * import type { AuthorizationServer, ProtectedResource } from '@mcp-oauth/server-flow'
 * declare const as: AuthorizationServer, rs: ProtectedResource, handler: McpHttpHandler
 *
 * const resource = 'https://mcp.example.com/mcp'
 * const gate = requireBearerAuth({
 *   verifier: sdkTokenVerifier({ resource, verifier: as.verifier(), resourceMetadataUrl: rs.metadataUrl }),
 *   resourceMetadataUrl: rs.metadataUrl,
 *   expectedResource: new URL(resource),
 * })
 * export async function fetchHandler(request: Request): Promise<Response> {
 *   const auth = await gate(request)
 *   return auth instanceof Response ? auth : handler.fetch(request, { authInfo: auth })
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export function sdkTokenVerifier(options: SdkTokenVerifierOptions): SdkTokenVerifier {
  return tokenVerifier(options, (kind) => (kind === 'invalid'
    ? new OAuthError(OAuthErrorCode.InvalidToken, 'invalid token')
    : new OAuthError(OAuthErrorCode.ServerError, 'token verification unavailable')));
}
