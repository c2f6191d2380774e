// Flow cookies on an https issuer: `__Host-` (Secure, Path=/, no Domain), so a sibling or parent
// domain can neither plant nor overwrite the consent CSRF or upstream binding cookie (ATTACKS 85).
import { authorize, client, endpoint, requireIntrusive } from '../internal/context';
import type { Observed } from '../internal/http';
import { expect, Skip, type Property } from '../internal/property';

interface SetCookie { readonly name: string; readonly attrs: Map<string, string>; readonly line: string }

function parseSetCookie(line: string): SetCookie {
  const [pair = '', ...rest] = line.split(';');
  const attrs = new Map<string, string>();
  for (const a of rest) {
    const i = a.indexOf('=');
    attrs.set((i < 0 ? a : a.slice(0, i)).trim().toLowerCase(), i < 0 ? '' : a.slice(i + 1).trim());
  }
  const i = pair.indexOf('=');
  return { name: (i < 0 ? pair : pair.slice(0, i)).trim(), attrs, line };
}

/** Why `c` is not a proper `__Host-` cookie, or undefined when it is (RFC 6265bis §4.1.3.2). */
function hostCookieFlaw(c: SetCookie): string | undefined {
  const name = JSON.stringify(c.name.slice(0, 60));
  if (c.attrs.has('max-age') && Number(c.attrs.get('max-age')) <= 0) return undefined; // a deletion
  if (!c.name.startsWith('__Host-')) return `cookie ${name} has no __Host- prefix`;
  if (!c.attrs.has('secure')) return `cookie ${name} is not Secure`;
  if (c.attrs.get('path') !== '/') return `cookie ${name} has Path=${c.attrs.get('path') ?? '(none)'}, not /`;
  if (c.attrs.has('domain')) return `cookie ${name} has a Domain attribute`;
  return undefined;
}

export const hostCookieProperty: Property = {
  id: 'A85', title: 'on an https issuer, the cookies the authorization flow sets (consent CSRF, upstream binding) are __Host- cookies: Secure, Path=/, no Domain', intrusive: true,
  fix: 'name flow cookies `__Host-<name>` with Secure, Path=/ and no Domain on https, so that a cookie planted by a sibling or parent domain can neither satisfy nor overwrite the CSRF or binding check (RFC 6265bis §4.1.3.2, ATTACKS 85)',
  async run(ctx) {
    requireIntrusive(ctx);
    const authz = endpoint(ctx, 'authorization_endpoint');
    if (!authz.startsWith('https:')) throw new Skip('not-applicable', `the authorization endpoint is ${new URL(authz).protocol.slice(0, -1)} (development on loopback): __Host- cookies need https`);
    const c = await client(ctx, 'loopback');
    // prompt=consent asks for the consent page even where consent is remembered or the server approves
    // known clients at once; a page that sets a cookie, or a redirect to an upstream login, is what is checked.
    const seen: Observed[] = [];
    for (const extra of [{ prompt: 'consent' }, {}]) {
      const a = await authorize(ctx, c, extra);
      if (a.first.headers.getSetCookie().length) seen.push(a.first);
      if (seen.length) break;
    }
    if (!seen.length) throw new Skip('not-tested', 'the authorization endpoint set no cookie on a valid request (with and without prompt=consent): no consent page or upstream redirect was seen (a server that approves at once)');
    let checked = 0;
    for (const o of seen) {
      for (const line of o.headers.getSetCookie()) {
        const flaw = hostCookieFlaw(parseSetCookie(line));
        expect(flaw === undefined, `${flaw} (set by ${new URL(o.request.url).pathname} on an https issuer)`, o);
        checked++;
      }
    }
    return `${checked} cookie${checked === 1 ? '' : 's'} set by the authorization endpoint: __Host-, Secure, Path=/, no Domain`;
  },
};
