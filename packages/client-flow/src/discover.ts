import { discoverAuthorizationServer } from './discover-authorization-server';
import { discoverProtectedResource } from './discover-protected-resource';
import { ClientFlowError } from './errors';
import { canonicalResourceUri, safeUrl } from './internal/leaf';
import type { AuthorizationServerMetadata, HttpOptions, ProtectedResourceMetadata } from './types';

/** Options of {@link discover}. */
export interface DiscoverOptions extends HttpOptions {
  /** The `WWW-Authenticate` header of the 401 that started discovery, if any. */
  readonly wwwAuthenticate?: string | null;
  /** Extra headers for the metadata requests (e.g. `MCP-Protocol-Version`). */
  readonly headers?: Record<string, string>;
  /** Picks among the PRM's authorization servers (RFC 9728 §7.6); the first by default. */
  readonly chooseAuthorizationServer?: (issuers: readonly string[]) => string | undefined;
}

/** What {@link discover} found. */
export interface Discovery {
  /** The RFC 8707 `resource` to request: the PRM's string exactly, else the canonical server URI. */
  readonly resource: string;
  /** The canonical server URI (no fragment, no trailing slash at the root). */
  readonly server: string;
  readonly protectedResource?: ProtectedResourceMetadata;
  readonly authorizationServer: AuthorizationServerMetadata;
}

/**
 * Both discovery steps: {@link discoverProtectedResource}, then {@link discoverAuthorizationServer}
 * for the chosen authorization server. A server without protected-resource metadata is treated as
 * a 2025-03-26 server: its origin is the issuer, with the default endpoints when it has no metadata.
 *
 * @example
 * ```ts
 * import { discover } from '@mcp-oauth/client-flow';
 * declare const res: Response; // the 401 from the MCP server
 *
 * const { resource, authorizationServer } = await discover('https://mcp.example.com/mcp', { wwwAuthenticate: res.headers.get('www-authenticate') });
 * ```
 * @throws {ClientFlowError} `InsecureUrl`, `DiscoveryFailed`, `ResourceMismatch`, `NoAuthorizationServer`,
 * `IssuerMismatch`, `PkceUnsupported`, `InvalidResponse`.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization/authorization-server-discovery
 */
export async function discover(serverUrl: string | URL, options: DiscoverOptions = {}): Promise<Discovery> {
  const url = new URL(serverUrl);
  url.hash = '';
  const { chooseAuthorizationServer: choose = (list) => list[0], ...http } = options;
  const prm = await discoverProtectedResource(url, http);
  const { wwwAuthenticate: _, ...metadata } = http;
  let as: AuthorizationServerMetadata;
  if (prm) {
    const issuer = choose(prm.authorization_servers ?? []);
    if (issuer === undefined) throw new ClientFlowError('NoAuthorizationServer');
    as = await discoverAuthorizationServer(issuer, metadata);
  } else {
    as = await discoverAuthorizationServer(safeUrl(url.origin).origin, { ...metadata, defaultEndpoints: true });
  }
  const server = await canonicalResourceUri(url);
  return { resource: prm?.resource ?? server, server, authorizationServer: as, ...(prm ? { protectedResource: prm } : {}) };
}
