// Who is calling, for per-caller limits (A82): the adapter's peer address, or the configured
// trusted proxy header's rightmost value; reduced to a rate-limit key (IPv6 per /64).

/** Strips `[...]`, a port, quotes and an IPv6 zone; undefined unless what is left is an IP address. */
export function parseAddress(raw: string): string | undefined {
  let a = raw.trim();
  if (a.length > 64) return undefined;
  if (a.startsWith('"') && a.endsWith('"') && a.length > 1) a = a.slice(1, -1);
  const bracket = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(a);
  if (bracket !== null) a = bracket[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(a)) a = a.slice(0, a.indexOf(':'));
  a = a.split('%')[0]!.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped !== null) a = mapped[1]!;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(a)) return a.split('.').every((o) => Number(o) <= 255) ? a : undefined;
  if (/^[0-9a-f:.]{2,45}$/.test(a) && a.includes(':') && expand(a) !== undefined) return a;
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail allowed), or undefined. */
function expand(a: string): number[] | undefined {
  const halves = a.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (g.includes('.')) {
        const o = g.split('.').map(Number);
        if (o.length !== 4 || o.some((x) => !(x >= 0 && x <= 255))) return undefined;
        out.push(o[0]! * 256 + o[1]!, o[2]! * 256 + o[3]!);
      } else if (/^[0-9a-f]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

/** The rate-limit key of an address: IPv4 as is, IPv6 by its /64 (one host holds a whole /64). */
export function addressKey(address: string): string {
  const groups = address.includes(':') ? expand(address) : undefined;
  if (groups === undefined) return address;
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/**
 * The caller's address: the rightmost value of the configured trusted proxy header (the one the
 * proxy in front of us wrote) when the request has that header, else the adapter's peer address;
 * undefined when neither is known or the header's value is not an address.
 * `forwarded` (RFC 7239) reads the last element's `for=`; `x-forwarded-for` its last entry; any
 * other header (`cf-connecting-ip`, `x-real-ip`, ...) is one address.
 */
export function callerAddress(request: Request, peer: string | undefined, header: string | undefined): string | undefined {
  if (header !== undefined) {
    const value = request.headers.get(header);
    // Present but unreadable: no address (the caller gets a configuration error), never the proxy's own.
    if (value !== null) {
      if (value.length > 8192) return undefined;
      let last = value.slice(value.lastIndexOf(',') + 1);
      if (header === 'forwarded') last = /(?:^|;)\s*for=("[^"]*"|[^;]*)/i.exec(last)?.[1] ?? '';
      return parseAddress(last);
    }
  }
  // The adapter's value is trusted as an identity even when it is not an IP (a socket path, a test name).
  if (peer === undefined || peer === '') return undefined;
  return parseAddress(peer) ?? peer.slice(0, 128);
}
