import * as fc from 'fast-check';

/** A registered redirect URI and one presented in its place, with the ATTACKS.md row it comes from. */
export interface RedirectUriPair {
  readonly registered: string;
  readonly presented: string;
  /** `exact` (the same string), `loopback-port` (RFC 8252 §7.3: only the port differs) or the variant kind. */
  readonly kind: string;
  /** Whether an exact-match server must accept `presented` for `registered`. */
  readonly mustMatch: boolean;
}

const mutate = (registered: string): [string, string][] => {
  const u = new URL(registered);
  const hostStart = registered.indexOf('//') + 2;
  const pathStart = registered.indexOf('/', hostStart);
  const origin = registered.slice(0, pathStart);
  const path = registered.slice(pathStart) || '/';
  const host = registered.slice(hostStart, pathStart);
  const scheme = registered.slice(0, hostStart - 3);
  return [
    ['trailing-slash', `${registered}/`],
    ['host-case', `${scheme}://${host.toUpperCase()}${path}`],
    ['scheme-case', `${scheme.toUpperCase()}${registered.slice(scheme.length)}`],
    ['path-case', `${origin}${path.toUpperCase()}`],
    ['added-query', `${registered}?x=1`],
    ['fragment', `${registered}#frag`],
    ['empty-fragment', `${registered}#`],
    ['default-port', `${scheme}://${host}:${scheme === 'https' ? 443 : 80}${path}`],
    ['userinfo', `${scheme}://attacker@${host}${path}`],
    ['authority-confusion', `${scheme}://${host}@attacker.example${path}`],
    ['dot-segment', `${registered}/../evil`],
    ['encoded-dot-segment', `${registered}/%2e%2e/evil`],
    ['encoded-slash', `${registered}%2F..%2Fevil`],
    ['host-suffix', `${scheme}://${host}.attacker.example${path}`],
    ['path-prefix', `${scheme}://attacker.example/${host}${path}`],
    ['path-extension', `${registered}/evil`],
    ['scheme-relative', `//${host}${path}`],
    ['relative', `${host}${path}`],
    ['crlf', `${registered}%0d%0aSet-Cookie:x`],
    ['trailing-space', `${registered} `],
    ['tab', `${registered}\t`],
    ['scheme-downgrade', scheme === 'https' ? `http${registered.slice(5)}` : `https${registered.slice(4)}`],
    ['percent-encoded-path', `${origin}${path.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)}`],
    ['localhost-for-ip', u.hostname === '127.0.0.1' ? registered.replace('127.0.0.1', 'localhost') : `${scheme}://localhost${path}`],
    ['ip-zero-padding', u.hostname === '127.0.0.1' ? registered.replace('127.0.0.1', '127.000.000.001') : `${scheme}://${host}.${path}`],
  ];
};

const isLoopback = (href: string): boolean => /^http:\/\/(127\.0\.0\.1|\[::1\])(:\d+)?\//.test(href);

/**
 * Pairs of a registered redirect URI and a presented one that an exact-match server (RFC 9700
 * §2.1, raw string comparison) must refuse: trailing slash, scheme/host/path case, added query,
 * fragments, explicit default port, userinfo and authority confusion, dot segments and encoded
 * traversal, host suffix and path prefix, scheme-relative and relative forms, CRLF and
 * whitespace, scheme downgrade, percent-encoding, `localhost` for `127.0.0.1` (ATTACKS.md R1–R14,
 * L3–L9). `mustMatch` is always false here; see {@link redirectUriPair} for the accepted ones.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { redirectUriVariant } from '@mcp-oauth/conformance/arbitraries';
 * import { redirectUriMatches } from '@mcp-oauth/dcr';
 *
 * fc.assert(fc.property(redirectUriVariant('https://client.example.com/cb'), (p) => !redirectUriMatches(p.registered, p.presented)));
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.1.3
 */
export function redirectUriVariant(registered: string): fc.Arbitrary<RedirectUriPair> {
  return fc.constantFrom(...redirectUriVariants(registered));
}

/**
 * Every pair of {@link redirectUriVariant}, as a list (to check each once).
 *
 * @example
 * ```ts
 * import { redirectUriVariants } from '@mcp-oauth/conformance/arbitraries';
 *
 * for (const v of redirectUriVariants('https://client.example.com/cb')) console.log(v);
 * ```
 */
export function redirectUriVariants(registered: string): RedirectUriPair[] {
  if (!URL.canParse(registered) || !/^https?:\/\/[^/]+\//.test(registered)) throw new TypeError('redirectUriVariant: registered must be an absolute http(s) URI with a path');
  const loopback = isLoopback(registered);
  // RFC 8252 §7.3 makes the port of a loopback redirect free, so a port variant is no variant there.
  const rows = mutate(registered).filter(([kind, p]) => p !== registered && !(loopback && kind === 'default-port'));
  if (loopback) {
    // RFC 8252 §7.3 makes the port free; path, scheme and host stay exact.
    const u = new URL(registered);
    rows.push(['loopback-path', registered.replace(u.pathname, '/evil')], ['loopback-host-suffix', registered.replace(u.host, `${u.hostname}.attacker.example:53211`)]);
  } else {
    rows.push(['non-loopback-port', registered.replace(/^(https?:\/\/[^/]+)/, '$1:8443')]);
  }
  return rows.map(([kind, presented]) => ({ registered, presented, kind, mustMatch: false }));
}

/**
 * Pairs that must match: the registered string itself, and for a loopback registration
 * (`http://127.0.0.1/...`, `http://[::1]/...`) the same URI with any port (RFC 8252 §7.3).
 *
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { redirectUriPair } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(redirectUriPair('http://127.0.0.1/callback'), 3));
 * ```
 */
export function redirectUriPair(registered: string): fc.Arbitrary<RedirectUriPair> {
  const exact = fc.constant({ registered, presented: registered, kind: 'exact', mustMatch: true });
  if (!isLoopback(registered)) return exact;
  const u = new URL(registered);
  return fc.oneof(exact, fc.integer({ min: 1024, max: 65535 }).map((port) => ({
    registered, presented: `${u.protocol}//${u.hostname}:${port}${registered.slice(registered.indexOf('/', 8))}`, kind: 'loopback-port', mustMatch: true,
  })));
}

/**
 * Redirect URIs a registration must refuse: dangerous schemes (any case, leading whitespace), non-loopback http, fragments, wildcards, userinfo, empty. ATTACKS.md 17–18.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { dangerousRedirectUri } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(dangerousRedirectUri(), 3));
 * ```
 */
export function dangerousRedirectUri(): fc.Arbitrary<string> {
  const schemes = fc.constantFrom('javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', '\tjavascript:alert(1)', '\njavascript:alert(1)', 'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)', 'file:///etc/passwd', 'blob:https://client.example.com/1', 'about:blank', 'mailto:a@example.com');
  const shapes = fc.constantFrom('http://app.example.com/cb', 'https://app.example.com/cb#x', 'https://*.example.com/cb', 'https://u:p@app.example.com/cb', '', 'not a uri');
  return fc.oneof(schemes, shapes);
}
