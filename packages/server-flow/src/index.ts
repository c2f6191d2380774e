/**
 * `@mcp-oauth/server-flow`: an OAuth 2.1 authorization server and the protected-resource side of
 * MCP authorization, as Fetch handlers with an embedded in-memory store.
 * @packageDocumentation
 */
export { createAuthorizationServer, type AuthorizationServer, type RequestContext } from './authorization-server';
export type { PreparedResponse } from './internal/http';
export {
  createProtectedResource, type ProtectedResource, type ProtectedResourceOptions, type AuthenticateResult, type BearerRequestParts, type HeaderAuthenticateResult,
  type ResourceCorsOptions,
} from './protected-resource';
export { jwtVerifier, type JwtVerifierOptions } from './jwt-verifier';
export { introspectionVerifier, type IntrospectionVerifierOptions } from './introspection-verifier';
export { memoryStore, type MemoryStore, type MemoryStoreLimits, type MemoryStoreOptions, type MemoryStoreStats } from './memory-store';
export { scopeCovers, missingScopes, parseScope } from './scopes';
export { ServerFlowError, type ServerFlowErrorCode, type ServerFlowErrorOptions } from './errors';
export type { TokenRejectEvent, TokenRejectReason } from './token-reject';
export type { Principal, TokenVerifier } from './principal';
export type { CryptoProvider } from '@mcp-oauth/jwt-lite';
export type { AuditEvent, AuditEventType } from './audit';
export type { UpstreamOptions } from './upstream';
export type { DeviceAuthorizationOptions } from './device-options';
export type {
  AccessTokenSigningKey, AuthenticatedUser, AuthorizationServerOptions, ClientUrlGuard, ConsentContext, PreRegisteredClient,
} from './options';
export type {
  AccessTokenRecord, ClientMetadata, ClientRecord, CodeRecord, GrantRecord, RefreshTokenRecord, RotateResult, SigningKeySet, Store, StoredSigningKey,
  UpstreamTokens,
} from './store';
