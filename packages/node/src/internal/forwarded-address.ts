// The caller's address behind trusted reverse proxies (A82): the socket peer, unless it is a
// trusted proxy; then the rightmost hop of X-Forwarded-For / Forwarded that is not a trusted proxy.
import { isIP } from 'node:net';

/** A bare, comparable IP address (brackets, port, zone and the IPv4-mapped prefix removed), or undefined. */
export function normalizeAddress(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let a = raw.trim();
  if (a.startsWith('"') && a.endsWith('"') && a.length > 1) a = a.slice(1, -1);
  const bracket = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(a);
  if (bracket !== null) a = bracket[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(a)) a = a.slice(0, a.indexOf(':'));
  a = a.split('%')[0]!.toLowerCase();
  if (a.startsWith('::ffff:') && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) === 0 ? undefined : a;
}

/** Hops named by the header, nearest last. */
function hops(header: 'x-forwarded-for' | 'forwarded', value: string | string[] | undefined): string[] {
  const raw = (Array.isArray(value) ? value.join(',') : value ?? '').slice(0, 8192);
  if (raw === '') return [];
  const parts = raw.split(',');
  if (header === 'x-forwarded-for') return parts;
  return parts.map((p) => /(?:^|;)\s*for=("[^"]*"|[^;]*)/i.exec(p)?.[1] ?? '');
}

/**
 * The address to pass as `clientAddress`: the peer when it is not a trusted proxy (the header is then
 * ignored); otherwise the first hop from the right that is not a trusted proxy. A hop that is not
 * an IP address gives undefined (the server then refuses what needs an address, never shares one bucket).
 */
export function forwardedAddress(
  peer: string | undefined,
  headers: Record<string, string | string[] | undefined>,
  trusted: ReadonlySet<string>,
  header: 'x-forwarded-for' | 'forwarded',
): string | undefined {
  let current = normalizeAddress(peer) ?? peer;
  if (current === undefined || trusted.size === 0) return current;
  const list = hops(header, headers[header]);
  while (current !== undefined && trusted.has(current)) {
    const next = list.pop();
    if (next === undefined) return current; // every hop trusted: the last one is the caller
    current = normalizeAddress(next);
  }
  return current;
}
