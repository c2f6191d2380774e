/**
 * `@mcp-oauth/mcp-sdk`: `@mcp-oauth/client-flow` and `@mcp-oauth/server-flow` inside the official MCP
 * TypeScript SDK, 2.x (`@modelcontextprotocol/client`, `/server`) and 1.x (`@modelcontextprotocol/sdk`):
 * a `fetch` for its HTTP client transports, an Express bearer middleware, per-tool scope checks and
 * `AuthInfo` conversions for its server side. This entry imports nothing from either SDK; the token
 * verifiers for the SDK's own `requireBearerAuth` are in `@mcp-oauth/mcp-sdk/v1` and `/v2`, the
 * one-call Hono mount in `@mcp-oauth/mcp-sdk/hono`.
 * @packageDocumentation
 */
export { sdkFetch } from './sdk-fetch';
export { bearerAuth, type BearerAuthMiddleware, type ExpressNext, type ExpressRequestLike, type ExpressResponseLike } from './bearer-auth';
export { requireToolScopes } from './require-tool-scopes';
export { scopeChallenge, type ScopeChallengeContext, type ScopeChallengeResult } from './scope-challenge';
export { authInfoFromPrincipal, principalOf, type AuthInfoOptions } from './auth-info';
export type { FetchLike, McpAuthInfo } from './types';
