import { LOOPBACK } from './internal/uri';

/**
 * Decides whether a `redirect_uri` presented at `/authorize` or `/token` matches a registered one.
 * The comparison is on raw strings (RFC 3986 §6.2.1 simple string comparison; no URL parsing, so
 * no case, `:443`, dot-segment, encoded-IPv4 or `localhost`↔`127.0.0.1` variant is accepted). The one
 * relaxation is the port of a loopback registration, `http://127.0.0.1`, `http://[::1]` or
 * `http://localhost` (RFC 8252 §7.3): the presented URI may add or change the port (1–65535, no
 * leading zero) and must equal the registration in every other character.
 *
 * @param registered the registered URI, or the client's list of them (trusted, from storage).
 * @param presented the request's value (untrusted: any non-string is simply `false`).
 * @throws {TypeError} when `registered` is not a string or an array of strings.
 * @example
 * ```ts
 * import { redirectUriMatches } from '@mcp-oauth/dcr';
 * import type { ClientMetadata } from '@mcp-oauth/dcr';
 * declare const client: ClientMetadata; // the registered client
 * declare const params: URLSearchParams; // the authorization request
 * redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1:53211/callback'); // true
 * redirectUriMatches('https://client.example.com/cb', 'https://client.example.com/cb/'); // false
 * if (!redirectUriMatches(client.redirect_uris, params.get('redirect_uri'))) {
 *   // show an error page (400); never redirect to an unregistered URI
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.1.3
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export function redirectUriMatches(registered: string | readonly string[], presented: unknown): boolean {
  const list = typeof registered === 'string' ? [registered] : registered;
  if (!Array.isArray(list) || list.some((r) => typeof r !== 'string')) throw new TypeError('registered');
  if (typeof presented !== 'string') return false;
  return list.some((r: string) => {
    if (r === presented) return true;
    const a = LOOPBACK.exec(r);
    const b = a && LOOPBACK.exec(presented);
    return !!b && a[1] === b[1] && a[3] === b[3] && (b[2] === undefined || +b[2] <= 65535);
  });
}
