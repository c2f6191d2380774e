import { formatWwwAuthenticate } from './format-www-authenticate';
import { BEARER_FIELDS, paramName } from './internal/bearer';
import type { BearerChallenge } from './types';

/**
 * Formats a `Bearer` challenge for a 401 or 403 response, e.g.
 * `Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="files:read"`.
 * `errorDescription` is human-readable text and may come from anywhere, so every character RFC
 * 6750 §3 does not allow in it (`"`, `\`, controls such as CR/LF, non-ASCII) becomes a space.
 * The other values are written escaped, and refused if they contain a control character.
 *
 * @throws {RangeError} when a value other than `errorDescription` contains a control character.
 * @throws {TypeError} when a value is not a string.
 * @example
 * ```ts
 * import { formatBearerChallenge } from '@mcp-oauth/metadata';
 * const prmUrl = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
 * new Response(null, { status: 401, headers: { 'www-authenticate': formatBearerChallenge({ resourceMetadata: prmUrl }) } });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5.1
 */
export function formatBearerChallenge(challenge: BearerChallenge): string {
  const params: Record<string, string> = {};
  for (const field of BEARER_FIELDS) {
    const v = challenge[field];
    if (v !== undefined) {
      params[paramName(field)] = field === 'errorDescription' ? v.replace(/[^ !#-[\]-~]/g, ' ') : v;
    }
  }
  return formatWwwAuthenticate({ scheme: 'Bearer', params });
}
