import { issuerUrl, trimmedPath } from './internal/well-known';

/**
 * The URLs to try, in order, for an issuer's metadata (MCP authorization-server discovery):
 * for an issuer with a path `/t`, `/.well-known/oauth-authorization-server/t`, then
 * `/.well-known/openid-configuration/t`, then `/t/.well-known/openid-configuration`; for an issuer
 * without a path, `/.well-known/oauth-authorization-server`, then `/.well-known/openid-configuration`.
 * A terminating `/` of the path is removed first (RFC 8414 §3.1). Whichever URL answers, its
 * `issuer` must still equal `issuer` exactly ({@link processAuthorizationServerMetadata}).
 *
 * @throws {MetadataError} `InsecureUrl` when `issuer` fails {@link assertSafeUrl} or has a query.
 * @throws {TypeError} when `issuer` is not a string.
 * @example
 * ```ts
 * import { authorizationServerMetadataUrls } from '@mcp-oauth/metadata';
 * authorizationServerMetadataUrls('https://auth.example.com/tenant1').map(String);
 * // ['https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
 * //  'https://auth.example.com/.well-known/openid-configuration/tenant1',
 * //  'https://auth.example.com/tenant1/.well-known/openid-configuration']
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
export function authorizationServerMetadataUrls(issuer: string): URL[] {
  const u = issuerUrl(issuer);
  const p = trimmedPath(u);
  // Always origin + path: resolving a path like `//host/x` against the issuer would switch host.
  return [`/.well-known/oauth-authorization-server${p}`, `/.well-known/openid-configuration${p}`, p && `${p}/.well-known/openid-configuration`]
    .filter(Boolean)
    .map((x) => new URL(u.origin + x));
}
