import { assertSafeUrl } from './assert-safe-url';
import { callerError } from './internal/caller-error';
import { checkProtectedResource } from './internal/document';
import type { ProtectedResourceMetadata } from './types';

/** Configuration of {@link protectedResourceMetadata}: the RFC 9728 members, `authorization_servers` required. */
export type ProtectedResourceMetadataConfig = ProtectedResourceMetadata & { authorization_servers: string[] };

/**
 * Builds the protected resource metadata document an MCP server serves at
 * `/.well-known/oauth-protected-resource/<path>`: `resource` (a safe URL without fragment; use
 * {@link canonicalResourceUri}), at least one `authorization_servers` entry, and
 * `bearer_methods_supported` defaulting to `["header"]` (tokens are never accepted in a query).
 * `offline_access` is refused in `scopes_supported`: it is the authorization server's business,
 * not a scope of the resource. The result passes the same checks as
 * {@link processProtectedResourceMetadata}.
 *
 * @throws {MetadataError} `InsecureUrl` for a resource, issuer or `jwks_uri` outside the policy,
 * `InvalidDocument` for no authorization server or a mistyped member.
 * @throws {RangeError} when `scopes_supported` contains `offline_access`.
 * @example
 * ```ts
 * import { protectedResourceMetadata } from '@mcp-oauth/metadata';
 * const doc = protectedResourceMetadata({
 *   resource: 'https://mcp.example.com/mcp',
 *   authorization_servers: ['https://auth.example.com'],
 *   scopes_supported: ['files:read', 'files:write'],
 * });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 */
export function protectedResourceMetadata(config: ProtectedResourceMetadataConfig): ProtectedResourceMetadata {
  const doc: ProtectedResourceMetadata = { bearer_methods_supported: ['header'], ...config };
  assertSafeUrl(doc.resource);
  if (doc.scopes_supported?.includes('offline_access')) callerError(true);
  checkProtectedResource(doc);
  return doc;
}
