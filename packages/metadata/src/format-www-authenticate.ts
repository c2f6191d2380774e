import { callerError } from './internal/caller-error';
import { isToken, NOT_QDTEXT } from './internal/chars';
import type { WwwAuthenticateChallenge } from './types';

/**
 * Formats one or more challenges as a `WWW-Authenticate` field value. Every parameter value is
 * written as a quoted-string with `"` and `\` escaped; a value containing CR, LF or any other
 * control character (or a character above U+00FF) is refused, so nothing can split the header.
 * Scheme and parameter names must be tokens, and names must be unique ignoring case.
 * `parseWwwAuthenticate(formatWwwAuthenticate(c))` gives back `c` with lowercase names. The
 * token68 form is read by the parser but not written: no MCP or OAuth challenge uses it.
 *
 * @throws {RangeError} for a scheme or name that is not a token, a repeated name, a value with a
 * control character, or a `token68` (this formatter writes auth-params only).
 * @throws {TypeError} when a value is not a string.
 * @example
 * ```ts
 * import { formatWwwAuthenticate } from '@mcp-oauth/metadata';
 * formatWwwAuthenticate({ scheme: 'Bearer', params: { error: 'invalid_token', error_description: 'say "hi"' } });
 * // 'Bearer error="invalid_token", error_description="say \"hi\""'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 */
export function formatWwwAuthenticate(challenge: WwwAuthenticateChallenge | readonly WwwAuthenticateChallenge[]): string {
  return [challenge]
    .flat()
    .map(({ scheme, params = {}, token68 }) => {
      const seen = new Set<string>();
      const parts = Object.entries(params).map(([k, v]) => {
        const key = k.toLowerCase();
        if (!isToken(k) || seen.has(key) || NOT_QDTEXT.test(v)) callerError(true);
        seen.add(key);
        return `${k}="${v.replace(/["\\]/g, '\\$&')}"`;
      });
      if (!isToken(scheme) || token68 !== undefined) callerError(true);
      return parts.length ? `${scheme} ${parts.join(', ')}` : scheme;
    })
    .join(', ');
}
