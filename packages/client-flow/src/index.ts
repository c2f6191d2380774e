/**
 * `@mcp-oauth/client-flow`: the MCP OAuth client, from a bare 401 to an authorized request.
 * @packageDocumentation
 */
export { createMcpOAuthClient, type McpOAuthClient, type McpOAuthClientOptions, type GrantFunction } from './create-mcp-oauth-client';
export { discover, type DiscoverOptions, type Discovery } from './discover';
export { discoverProtectedResource, type DiscoverProtectedResourceOptions } from './discover-protected-resource';
export { discoverAuthorizationServer, type DiscoverAuthorizationServerOptions } from './discover-authorization-server';
export { registerClient, type RegistrationOptions, type PreRegisteredClient } from './register-client';
export { buildAuthorizationUrl, assertRedirectUri, type AuthorizationUrlOptions } from './build-authorization-url';
export { processCallback } from './process-callback';
export { exchangeCode, type ExchangeCodeOptions } from './exchange-code';
export { refreshTokens, type RefreshTokensOptions } from './refresh-tokens';
export { revokeToken, type RevokeTokenOptions } from './revoke-token';
export { clientCredentialsToken, type ClientCredentialsOptions } from './client-credentials-token';
export { jwtBearerToken, type JwtBearerOptions } from './jwt-bearer-token';
export { tokenExchange, type TokenExchangeOptions } from './token-exchange';
export { createDpopSession, type DpopSession } from './create-dpop-session';
export { memoryStore } from './memory-store';
export { webStorageStore, type WebStorageLike } from './web-storage-store';
export { ClientFlowError, type ClientFlowErrorCode, type ClientFlowErrorOptions } from './errors';
export type { TokenEndpointOptions } from './internal/token-request';
export type { LogoutOptions, LogoutResult, TokenKind } from './internal/logout';
export type { SigningKey } from './internal/leaf';
export type * from './types';
