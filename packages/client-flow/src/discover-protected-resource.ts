import { ClientFlowError } from './errors';
import { getMetadata, strings, whence } from './internal/http';
import { canonicalResourceUri, parseChallenge, protectedResourceMetadataUrls, readJsonObject, safeUrl } from './internal/leaf';
import type { HttpOptions, ProtectedResourceMetadata } from './types';

/** Options of {@link discoverProtectedResource}. */
export interface DiscoverProtectedResourceOptions extends HttpOptions {
  /** The `WWW-Authenticate` header of the 401 that started discovery, if any. */
  readonly wwwAuthenticate?: string | null;
  /** Extra headers for the metadata requests (e.g. `MCP-Protocol-Version`). */
  readonly headers?: Record<string, string>;
}

/**
 * Finds and validates the RFC 9728 protected-resource metadata of an MCP server. With a
 * `resource_metadata` in the 401 challenge only that URL is fetched (C-PRM-1); otherwise the
 * path-based then the root well-known URL (C-PRM-2). The document's `resource` must be the server
 * URL or a same-origin path prefix of it, compared as raw strings (C-PRM-3), and it must name an
 * authorization server (C-PRM-4). Resolves `undefined` when no document exists at all (a
 * 2025-03-26 server); a `resource_metadata` URL that yields nothing is `DiscoveryFailed`.
 *
 * @example
 * ```ts
 * import { discoverProtectedResource } from '@mcp-oauth/client-flow';
 * declare const res: Response; // the 401 from the MCP server
 *
 * const prm = await discoverProtectedResource('https://mcp.example.com/mcp', { wwwAuthenticate: res.headers.get('www-authenticate') });
 * ```
 * @throws {ClientFlowError} `InsecureUrl`, `DiscoveryFailed`, `ResourceMismatch`, `NoAuthorizationServer`, `InvalidResponse`.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 */
export async function discoverProtectedResource(
  serverUrl: string | URL,
  options: DiscoverProtectedResourceOptions = {},
): Promise<ProtectedResourceMetadata | undefined> {
  const server = new URL(serverUrl);
  const hinted = parseChallenge(options.wwwAuthenticate ?? null)?.resourceMetadata;
  const urls = hinted === undefined ? await protectedResourceMetadataUrls(server) : [safeUrl(hinted)];
  let last: Response | undefined;
  for (const url of urls) {
    const res = last = await getMetadata(options, url, options.headers);
    if (res.status !== 200) { await res.body?.cancel(); continue; }
    const doc = await readJsonObject(res);
    const resource = doc['resource'];
    const self = server.href.split('#')[0] as string;
    if (typeof resource !== 'string' || resource.includes('#') ||
      !(self === resource || self.startsWith(resource.endsWith('/') ? resource : `${resource}/`))) {
      throw new ClientFlowError('ResourceMismatch', whence(res));
    }
    const servers = doc['authorization_servers'] === undefined ? [] : strings(doc['authorization_servers']);
    if (!servers) throw new ClientFlowError('InvalidResponse', whence(res));
    if (!servers.length) throw new ClientFlowError('NoAuthorizationServer', whence(res));
    await canonicalResourceUri(server); // the server URL itself must be a safe URL
    const supported = doc['scopes_supported'] === undefined ? undefined : strings(doc['scopes_supported']);
    const out: Record<string, unknown> = { ...doc, resource, authorization_servers: servers };
    if (supported) out['scopes_supported'] = supported;
    else delete out['scopes_supported'];
    return out as unknown as ProtectedResourceMetadata;
  }
  if (hinted !== undefined) throw new ClientFlowError('DiscoveryFailed', last && whence(last));
  return undefined;
}
