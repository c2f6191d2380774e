import { fail } from './errors';
import { canonicalUrl, LOCAL_HOST } from './internal/uri';

/**
 * Checks that a `client_id` is a valid Client ID Metadata Document URL before anything is
 * fetched: https, a path other than `/`, no dot segments (raw or percent-encoded), no fragment, no
 * userinfo, no backslash, whitespace or control character, at most 2048 characters, and already
 * in canonical form (so `HTTPS://`, `:443`, `https:host/x` and similar variants are refused rather
 * than normalised). A query and a port are allowed. The host may not be an IP literal (in any
 * spelling) or a `localhost` name (`localhost`, `*.localhost`): the server would fetch it (A-SSRF-1).
 *
 * @returns the parsed URL.
 * @throws {DcrError} `InvalidClientId`, or `BlockedAddress` for an IP-literal or `localhost` host
 * (both: the authorization server answers `invalid_client`).
 * @example
 * ```ts
 * import { assertClientIdUrl, fetchClientIdMetadataDocument } from '@mcp-oauth/dcr/cimd';
 * import type { ClientIdMetadataDocumentCache } from '@mcp-oauth/dcr/cimd';
 * declare const clientId: string, cache: ClientIdMetadataDocumentCache;
 * if (clientId.startsWith('https:')) {
 *   assertClientIdUrl(clientId);
 *   const doc = await fetchClientIdMetadataDocument(clientId, { cache });
 * }
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-client-id-metadata-document#section-3
 */
export function assertClientIdUrl(clientId: unknown): URL {
  const u = canonicalUrl(clientId);
  // canonicalUrl already refuses `.`/`..` segments: WHATWG resolves them (and %2e forms), so href differs
  return !u || u.protocol !== 'https:' || u.pathname === '/' ? fail('InvalidClientId') : LOCAL_HOST.test(u.hostname) ? fail('BlockedAddress') : u;
}
