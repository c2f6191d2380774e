/**
 * `@mcp-oauth/mcp-sdk`: `@mcp-oauth/client-flow` and `@mcp-oauth/server-flow` inside the official MCP
 * TypeScript SDK: a `fetch` for its HTTP client transports, an Express bearer middleware and an
 * `OAuthTokenVerifier` for its server side, and `AuthInfo` conversions.
 * @packageDocumentation
 */
export { sdkFetch } from './sdk-fetch';
export { sdkTokenVerifier, type SdkTokenVerifierOptions } from './sdk-token-verifier';
export { bearerAuth, type BearerAuthMiddleware, type ExpressNext, type ExpressRequestLike, type ExpressResponseLike } from './bearer-auth';
export { requireToolScopes } from './require-tool-scopes';
export { authInfoFromPrincipal, principalOf } from './auth-info';
