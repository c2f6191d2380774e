import { assertSafeUrl } from './assert-safe-url';
import { BEARER_FIELDS, paramName } from './internal/bearer';
import { parseWwwAuthenticate, type ParseChallengeOptions } from './parse-www-authenticate';
import type { BearerChallenge } from './types';

/**
 * Finds the first `Bearer` challenge of a `WWW-Authenticate` value (as `headers.get()` returns it)
 * and returns its RFC 6750 / RFC 9728 parameters in camelCase. `resourceMetadata` is kept only
 * when it passes {@link assertSafeUrl}: a `javascript:` or non-loopback `http:` URL is dropped,
 * and the client falls back to the well-known URLs. A `null` header or one without a Bearer
 * challenge gives `undefined`.
 *
 * @throws {MetadataError} `InvalidChallenge` when the header breaks the grammar or repeats a parameter.
 * @throws {TypeError} when `header` is neither a string nor null.
 * @example
 * ```ts
 * import { parseBearerChallenge, protectedResourceMetadataUrls } from '@mcp-oauth/metadata';
 * declare const response: Response; // the MCP server's 401
 * const c = parseBearerChallenge(response.headers.get('www-authenticate'));
 * const prmUrls = c?.resourceMetadata ? [new URL(c.resourceMetadata)] : protectedResourceMetadataUrls(response.url);
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function parseBearerChallenge(header: string | null, options?: ParseChallengeOptions): BearerChallenge | undefined {
  const challenge = parseWwwAuthenticate(header ?? '', options).find((c) => c.scheme === 'bearer');
  if (!challenge) return undefined;
  const out: BearerChallenge = {};
  for (const field of BEARER_FIELDS) {
    const value = challenge.params[paramName(field)];
    try {
      if (field === 'resourceMetadata' && value) assertSafeUrl(value);
      if (value !== undefined) out[field] = value;
    } catch {}
  }
  return out;
}
