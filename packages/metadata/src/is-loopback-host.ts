import { normalizeIp } from './internal/ip';

/**
 * Tells whether a URL hostname names the loopback interface: exactly `localhost` (not
 * `localhost.` or `*.localhost`, which some resolvers send to DNS), `127.0.0.0/8` in any IPv4
 * spelling, or `::1` (with or without brackets). These are the hosts for which the safe-URL policy
 * allows plain `http:`.
 *
 * @example
 * ```ts
 * import { isLoopbackHost } from '@mcp-oauth/metadata';
 * isLoopbackHost(new URL('http://127.0.0.1:8080/cb').hostname); // true
 * isLoopbackHost('[::1]');                                       // true
 * isLoopbackHost('127.0.0.1.attacker.example');                  // false
 * ```
 * @throws never: any input returns a boolean.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-8.3
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = normalizeIp(hostname);
  return h === '[::1]' || !!h?.startsWith('127.');
}
