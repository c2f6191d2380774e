import { assertSafeUrl } from './assert-safe-url';

/**
 * The canonical form of an MCP server's URL as an RFC 8707 resource indicator: the fragment is
 * removed, scheme and host are lowercase (the URL parser's serialisation, which also drops a
 * default port), and the lone `/` of a root path is removed (`https://mcp.example.com/` →
 * `https://mcp.example.com`). Any other trailing slash is kept, since `/mcp/` and `/mcp` may be
 * different resources. The URL must pass {@link assertSafeUrl} once the fragment is removed.
 *
 * Use this for the identifier a client sends when the PRM gives none, and for a server's
 * configuration; never to compare a received identifier, which is compared as a raw string.
 *
 * @throws {MetadataError} `InsecureUrl`.
 * @example
 * ```ts
 * import { canonicalResourceUri } from '@mcp-oauth/metadata';
 * canonicalResourceUri('HTTPS://MCP.Example.com:443/mcp#x'); // 'https://mcp.example.com/mcp'
 * canonicalResourceUri('https://mcp.example.com/');          // 'https://mcp.example.com'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export function canonicalResourceUri(url: string | URL): string {
  const u = assertSafeUrl(String(url).split('#', 1)[0] as string);
  return u.pathname === '/' && !u.search ? u.origin : u.href;
}
