import { assertSafeUrl } from './assert-safe-url';
import { trimmedPath } from './internal/well-known';

/**
 * The URLs to try, in order, for a protected resource's metadata when the 401 challenge carries no
 * `resource_metadata` (MCP): `/.well-known/oauth-protected-resource/<path>` (the path of the MCP
 * endpoint, one terminating `/` removed, query kept as RFC 9728 §3.1 says), then the root
 * `/.well-known/oauth-protected-resource`. The first is skipped when the endpoint is at the root.
 *
 * @throws {MetadataError} `InsecureUrl` when `resourceUrl` fails {@link assertSafeUrl}.
 * @throws {TypeError} when `resourceUrl` is neither a string nor a URL.
 * @example
 * ```ts
 * import { protectedResourceMetadataUrls } from '@mcp-oauth/metadata';
 * protectedResourceMetadataUrls('https://mcp.example.com/public/mcp').map(String);
 * // ['https://mcp.example.com/.well-known/oauth-protected-resource/public/mcp',
 * //  'https://mcp.example.com/.well-known/oauth-protected-resource']
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.1
 */
export function protectedResourceMetadataUrls(resourceUrl: string | URL): URL[] {
  const u = assertSafeUrl(resourceUrl);
  const root = `${u.origin}/.well-known/oauth-protected-resource`;
  const rest = trimmedPath(u) + u.search;
  return [rest && root + rest, root].filter(Boolean).map((x) => new URL(x));
}
