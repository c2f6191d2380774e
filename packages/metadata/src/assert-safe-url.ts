import { MetadataError } from './errors';
import { isLoopbackHost } from './is-loopback-host';

/** Options of {@link assertSafeUrl}. */
export interface SafeUrlOptions {
  /** Allow `http:` for loopback hosts (`127.0.0.0/8`, `[::1]`, `localhost`). Default `true`. */
  allowLoopbackHttp?: boolean;
}

/**
 * The safe-URL policy every `@mcp-oauth` package applies to a URL before using it as an OAuth
 * endpoint, issuer, resource or metadata location. It returns the parsed URL when the string is an
 * absolute `https://` URL (or `http://` on a loopback host, unless `allowLoopbackHttp: false`) with
 * no userinfo, no fragment (RFC 6749 §3.1, RFC 8414 §2, RFC 8707 §2), and no whitespace, control
 * character or backslash anywhere (the URL parser would silently drop or rewrite them). Relative,
 * scheme-relative (`//host/x`) and slash-less (`https:host/x`) forms are refused, as is every other
 * scheme (`javascript:`, `data:`, `file:` ...).
 *
 * This is a URL-level check only: a hostname that resolves to a private address passes. For
 * server-side fetches use {@link guardedFetch}, which adds the address policy.
 *
 * @throws {MetadataError} `InsecureUrl`, also for a value that is neither a string nor a URL (the
 * message never contains the URL).
 * @example
 * ```ts
 * import { assertSafeUrl } from '@mcp-oauth/metadata';
 * import type { AuthorizationServerMetadata } from '@mcp-oauth/metadata';
 * declare const metadata: AuthorizationServerMetadata;
 * const issuer = assertSafeUrl(metadata.issuer);  // URL
 * assertSafeUrl('http://127.0.0.1:3000/mcp');     // ok: loopback
 * assertSafeUrl('http://as.example/token');       // throws InsecureUrl
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.6
 */
export function assertSafeUrl(url: string | URL, options: SafeUrlOptions = {}): URL {
  const s = String(url);
  let u: URL | undefined;
  try {
    // scheme "://" then an authority without "@" (no userinfo, not even empty)
    if (/^https?:\/\/[^@/?]*([/?]|$)/i.test(s) && !/[\0- \x7f\\#]/.test(s)) u = new URL(s);
  } catch {}
  if (
    !u ||
    (u.protocol !== 'https:' && !(u.protocol === 'http:' && options.allowLoopbackHttp !== false && isLoopbackHost(u.hostname)))
  ) {
    throw new MetadataError('InsecureUrl');
  }
  return u;
}
