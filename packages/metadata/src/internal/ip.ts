// IP literals in every spelling the WHATWG URL parser (and so every fetch) accepts: IPv4 in
// decimal, octal, hex, shorthand (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`), IPv6 with
// embedded IPv4. The URL parser does the normalising, so what we classify is what fetch dials.

/** The URL parser's form of an IP literal (`a.b.c.d` or `[v6]`; `localhost` is `127.0.0.1`), or undefined for anything else. */
export function normalizeIp(ip: string): string | undefined {
  if (/^localhost$/i.test(ip)) return '127.0.0.1';
  if (!/^[\da-fx.:[\]]{1,64}(%\w+)?$/i.test(ip)) return undefined;
  const v6 = /:/.test(ip);
  try {
    const host = new URL(`http://${v6 ? `[${ip.replace(/[[\]]|%.*/g, '')}]` : ip}/`).hostname;
    if (v6 || /^[\d.]+$/.test(host)) return host;
  } catch {}
  return undefined;
}

// IPv4 blocks a server must not reach: 0/8, 10/8, 127/8, 224/3 (multicast, reserved, broadcast),
// 100.64/10 (CGNAT), 169.254/16 (link-local, cloud metadata), 172.16/12, 192.0.0/24 (IETF
// protocol assignments), 192.168/16, 198.18/15 (benchmarking). The documentation blocks
// (192.0.2/24, 198.51.100/24, 203.0.113/24) are not routed anywhere, so they are not listed.
const V4 =
  /^(0|10|127|2(2[4-9]|[3-5]\d)|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])|169\.254|172\.(1[6-9]|2\d|3[01])|192\.(168|0\.0)|198\.1[89])\./;

/**
 * True for a normalised address a server-side fetch must not reach. IPv6 is refused unless it is
 * global unicast (2000::/3) outside 2001::/23 (Teredo, benchmarking, ORCHID) and 2002::/16
 * (6to4); so `::`, `::1`, `::ffff:0:0/96` (IPv4-mapped),
 * `64:ff9b::/96` (NAT64), `fc00::/7`, `fe80::/10`, `ff00::/8` are all refused, whatever IPv4
 * address they embed.
 */
export function isPrivateIp(host: string): boolean {
  if (host[0] !== '[') return V4.test(host);
  const [a = 0, b = 0] = host.slice(1).split(':').map((g) => parseInt(g || '0', 16));
  return (a & 0xe000) !== 0x2000 || a === 0x2002 || (a === 0x2001 && b < 0x200);
}
