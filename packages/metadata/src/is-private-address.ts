import { isPrivateIp, normalizeIp } from './internal/ip';

/**
 * Tells whether an IP literal is one a server-side fetch must not reach: loopback, RFC 1918,
 * link-local (including the `169.254.169.254` cloud metadata service), CGNAT `100.64/10`,
 * `0/8`, `198.18/15`, multicast, reserved and broadcast, and every IPv6 address that is not plain
 * global unicast: `::`, `::1`, `fc00::/7`, `fe80::/10`, multicast, and every form that embeds an
 * IPv4 address (`::ffff:10.1.2.3`, NAT64 `64:ff9b::/96`, 6to4, Teredo), which fails closed even
 * when the embedded address is public. IPv4 in decimal, octal, hex or shorthand (`2130706433`,
 * `0177.0.0.1`, `0x7f.1`) is read the way the URL parser, and so `fetch`, reads it.
 *
 * A hostname is not an address: this returns `false` for `example.com` (but `true` for `localhost`). Resolve it first (see
 * {@link guardedFetch}'s `resolve` hook) and check every answer.
 *
 * @example
 * ```ts
 * import { isPrivateAddress } from '@mcp-oauth/metadata';
 * isPrivateAddress('169.254.169.254'); // true
 * isPrivateAddress('::ffff:10.1.2.3'); // true
 * isPrivateAddress('0x7f.1');          // true
 * isPrivateAddress('93.184.215.14');   // false
 * ```
 * @throws never: any input, including a non-string, returns a boolean.
 * @see https://www.rfc-editor.org/rfc/rfc6890 (special-purpose address registries)
 */
export function isPrivateAddress(ip: string): boolean {
  const host = normalizeIp(ip);
  return host !== undefined && isPrivateIp(host);
}
