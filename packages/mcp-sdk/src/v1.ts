/**
 * `@mcp-oauth/mcp-sdk/v1`: what needs `@modelcontextprotocol/sdk` 1.x at run time.
 * @packageDocumentation
 */
import { InvalidTokenError, ServerError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { tokenVerifier, type SdkTokenVerifier, type SdkTokenVerifierOptions } from './internal/token-verifier';

export type { SdkTokenVerifier, SdkTokenVerifierOptions } from './internal/token-verifier';

/**
 * Adapts a `server-flow` token verifier to the 1.x SDK's `OAuthTokenVerifier`, for its
 * `requireBearerAuth({ verifier })` Express middleware. The token is checked for `resource` exactly
 * (signature, `iss`, `exp`, `aud` equal to `resource` and nothing else, grant alive): a token that
 * fails any check becomes the SDK's `InvalidTokenError` (401 `invalid_token`); an unreachable key
 * set or introspection endpoint becomes its `ServerError` (500), never a 401 that would make
 * clients throw their tokens away. No message carries the token or the reason.
 *
 * Prefer `bearerAuth` (or `mcpAuth` from `@mcp-oauth/node`): they answer with server-flow's exact
 * RFC 6750 / RFC 9728 challenges and honour the scope hierarchy, which the SDK's middleware does not.
 *
 * @throws {TypeError} for a missing verifier or a resource that is not an absolute URL.
 * @example
 * ```ts
 * import express from 'express'
 * import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js'
 * import { sdkTokenVerifier } from '@mcp-oauth/mcp-sdk/v1'
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
export function sdkTokenVerifier(options: SdkTokenVerifierOptions): SdkTokenVerifier {
  return tokenVerifier(options, (kind) => (kind === 'invalid' ? new InvalidTokenError('invalid token') : new ServerError('token verification unavailable')));
}
