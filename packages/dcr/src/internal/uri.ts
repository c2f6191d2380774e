// Raw-string URI rules shared by redirect URIs and Client ID Metadata Document URLs.

/**
 * A host no client-supplied URL the server fetches may name (A-SSRF-1): any IP literal (the URL
 * parser has already turned every IPv4 spelling, `0x7f.1` or `2130706433`, into dotted decimal and
 * put IPv6 in brackets) and any `localhost` name (`localhost`, `*.localhost`, with or without the
 * trailing dot). Matched against `URL.hostname`.
 */
export const LOCAL_HOST: RegExp = /^(\[.*|[\d.]+|(.+\.)?localhost\.?)$/;

/** Visible ASCII only: no space, control, DEL or non-ASCII character anywhere. */
export const VISIBLE: RegExp = /^[\x21-\x7e]+$/;

/** The three loopback redirect hosts whose port may vary (RFC 8252 §7.3), as raw lowercase strings. */
export const LOOPBACK: RegExp = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(?::([1-9]\d{0,4}))?(\/.*)$/s;

/**
 * Parses `s` when it is already in the exact form a WHATWG URL serialises to (so no case, dot
 * segment, default port, encoded-IPv4 or backslash variant can stand in for it), is visible ASCII
 * of at most 2048 characters, and has no fragment, userinfo or wildcard; otherwise `undefined`.
 */
export function canonicalUrl(s: unknown): URL | undefined {
  if (typeof s !== 'string' || s.length > 2048 || !VISIBLE.test(s) || /[#\\]/.test(s)) return undefined;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return undefined;
  }
  return u.href === s && !u.username && !u.password && !u.host.includes('*') ? u : undefined;
}

/** A redirect URI an authorization server may register: https, or http on a loopback host only. */
export function isRegistrableRedirectUri(s: unknown): s is string {
  const u = canonicalUrl(s);
  if (!u) return false;
  const loopback = LOOPBACK.test(u.href);
  // https on a loopback name is refused too: native apps use http loopback (RFC 8252 §7.3, §8.3)
  return loopback || (u.protocol === 'https:' && !/^(localhost|127\.0\.0\.1|\[::1\])$/.test(u.hostname));
}
