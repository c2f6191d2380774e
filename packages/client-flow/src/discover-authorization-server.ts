import { ClientFlowError } from './errors';
import { getMetadata, guessed, whence } from './internal/http';
import { authorizationServerMetadataUrls, processAsMetadata, safeUrl } from './internal/leaf';
import type { AuthorizationServerMetadata, HttpOptions } from './types';

/** Options of {@link discoverAuthorizationServer}. */
export interface DiscoverAuthorizationServerOptions extends HttpOptions {
  /** Extra headers for the metadata requests (e.g. `MCP-Protocol-Version`). */
  readonly headers?: Record<string, string>;
  /**
   * MCP 2025-03-26 fallback: when no metadata document exists, assume `/authorize`, `/token` and
   * `/register` at the issuer. Off by default; the client turns it on only for servers without
   * protected-resource metadata.
   */
  readonly defaultEndpoints?: boolean;
}

const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'revocation_endpoint'] as const;

/**
 * Fetches RFC 8414 / OpenID metadata for an issuer from the well-known URLs in MCP order (C-ASM-1,
 * C-ASM-2), uses the first document found, and validates it: `issuer` must equal the issuer string
 * exactly (C-ASM-3), PKCE `S256` must be advertised (C-ASM-4), and every endpoint must be https
 * (loopback http allowed) with no shell metacharacters (C-AUTH-6, C-AUTH-7).
 *
 * @example
 * ```ts
 * import { discoverAuthorizationServer } from '@mcp-oauth/client-flow';
 *
 * const as = await discoverAuthorizationServer('https://auth.example.com/tenant1');
 * ```
 * @throws {ClientFlowError} `InsecureUrl`, `IssuerMismatch`, `PkceUnsupported`, `DiscoveryFailed` (its `urls` lists the
 * metadata URLs tried), `InvalidResponse`.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export async function discoverAuthorizationServer(
  issuer: string,
  options: DiscoverAuthorizationServerOptions = {},
): Promise<AuthorizationServerMetadata> {
  safeUrl(issuer);
  const urls = await authorizationServerMetadataUrls(issuer);
  let last: Response | undefined;
  for (const url of urls) {
    const res = last = await getMetadata(options, url, options.headers);
    if (res.status !== 200) { await res.body?.cancel(); continue; }
    const doc = await processAsMetadata(res, issuer);
    for (const k of ENDPOINTS) if (doc[k] !== undefined) safeUrl(doc[k]);
    return doc;
  }
  const tried = urls.map((u) => u.href);
  if (!options.defaultEndpoints) throw new ClientFlowError('DiscoveryFailed', { urls: tried, ...last && whence(last) });
  const at = (p: string): string => new URL(p, issuer).href;
  const made: AuthorizationServerMetadata = {
    issuer,
    authorization_endpoint: at('/authorize'),
    token_endpoint: at('/token'),
    registration_endpoint: at('/register'),
    code_challenge_methods_supported: ['S256'],
  };
  guessed.set(made, tried); // a 404 at the guessed /register is then reported as DiscoveryFailed with these URLs
  return made;
}
