/**
 * `@mcp-oauth/dcr`: the redirect-URI rules (exact match, RFC 8252 loopback port) and the
 * authorization server's side of RFC 7591 / RFC 7592 registration. The client side is
 * `@mcp-oauth/dcr/client`; Client ID Metadata Documents for servers are `@mcp-oauth/dcr/cimd`.
 * @packageDocumentation
 */
export { redirectUriMatches } from './redirect-uri-matches';
export { validateClientMetadata } from './validate-client-metadata';
export { readRegistrationRequest, type ReadRegistrationRequestOptions } from './read-registration-request';
export { issueClientCredentials, type IssueClientCredentialsOptions } from './issue-client-credentials';
export { validateClientUpdate } from './validate-client-update';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions, type RateLimitResult } from './create-rate-limiter';
export { DcrError, type DcrErrorCode, type DcrOAuthError } from './errors';
export type { ClientInformation, ClientJwks, ClientMetadata, ClientMetadataInput, ClientRegistrationPolicy, TokenEndpointAuthMethod } from './types';
