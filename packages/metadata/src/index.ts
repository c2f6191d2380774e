/**
 * `@mcp-oauth/metadata`: RFC 8414 / OpenID Connect discovery and RFC 9728 protected resource
 * metadata (types, builders, validators, the MCP well-known URL order), `WWW-Authenticate`
 * parsing and formatting, RFC 8707 resource URIs, and the safe-URL and SSRF address policy.
 * @packageDocumentation
 */
export { MetadataError, type MetadataErrorCode } from './errors';
export type {
  AuthorizationServerMetadata,
  BearerChallenge,
  ProtectedResourceMetadata,
  WwwAuthenticateChallenge,
} from './types';
export { assertSafeUrl, type SafeUrlOptions } from './assert-safe-url';
export { isLoopbackHost } from './is-loopback-host';
export { isPrivateAddress } from './is-private-address';
export { guardedFetch, type GuardedFetchOptions } from './guarded-fetch';
export { readJsonBody, type ReadJsonOptions } from './read-json-body';
export { parseWwwAuthenticate, type ParseChallengeOptions } from './parse-www-authenticate';
export { formatWwwAuthenticate } from './format-www-authenticate';
export { parseBearerChallenge } from './parse-bearer-challenge';
export { formatBearerChallenge } from './format-bearer-challenge';
export { canonicalResourceUri } from './canonical-resource-uri';
export { protectedResourceMetadataUrls } from './protected-resource-metadata-urls';
export { authorizationServerMetadataUrls } from './authorization-server-metadata-urls';
export { processAuthorizationServerMetadata } from './process-authorization-server-metadata';
export { processProtectedResourceMetadata } from './process-protected-resource-metadata';
export { authorizationServerMetadata, type AuthorizationServerMetadataConfig } from './authorization-server-metadata';
export { protectedResourceMetadata, type ProtectedResourceMetadataConfig } from './protected-resource-metadata';
