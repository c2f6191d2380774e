import * as fc from 'fast-check';
import { httpsOrigin } from './metadata';

const b64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const b64json = (v: unknown): string => b64url(new TextEncoder().encode(JSON.stringify(v)));

/**
 * A PKCE code verifier (RFC 7636 §4.1): 43–128 characters of the unreserved set.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { codeVerifier } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(codeVerifier(), 3));
 * ```
 */
export function codeVerifier(): fc.Arbitrary<string> {
  return fc.stringMatching(/^[A-Za-z0-9\-._~]{43,128}$/);
}

/**
 * A code challenge or method an AS must refuse (ATTACKS.md 1–3): no challenge, `plain`, wrong-case or unknown methods, 42/129 characters, `+ / =` or spaces.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { brokenPkceParameters } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(brokenPkceParameters(), 3));
 * ```
 */
export function brokenPkceParameters(): fc.Arbitrary<{ kind: string; params: Record<string, string | undefined> }> {
  return fc.constantFrom(...brokenPkceParameterList());
}

/**
 * Every case of {@link brokenPkceParameters}, as a list.
 *
 * @example
 * ```ts
 * import { brokenPkceParameterList } from '@mcp-oauth/conformance/arbitraries';
 *
 * for (const v of brokenPkceParameterList()) console.log(v);
 * ```
 */
export function brokenPkceParameterList(): { kind: string; params: Record<string, string | undefined> }[] {
  const good = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
  return [
    { kind: 'no-challenge', params: { code_challenge: undefined, code_challenge_method: undefined } },
    { kind: 'plain', params: { code_challenge: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', code_challenge_method: 'plain' } },
    { kind: 'lowercase-s256', params: { code_challenge: good, code_challenge_method: 's256' } },
    { kind: 'sha256', params: { code_challenge: good, code_challenge_method: 'SHA256' } },
    { kind: 'method-absent', params: { code_challenge: good, code_challenge_method: undefined } },
    { kind: 'challenge-42', params: { code_challenge: good.slice(0, 42), code_challenge_method: 'S256' } },
    { kind: 'challenge-129', params: { code_challenge: good.repeat(3).slice(0, 129), code_challenge_method: 'S256' } },
    { kind: 'challenge-plus', params: { code_challenge: `${good.slice(0, 42)}+`, code_challenge_method: 'S256' } },
    { kind: 'challenge-slash', params: { code_challenge: `${good.slice(0, 42)}/`, code_challenge_method: 'S256' } },
    { kind: 'challenge-padding', params: { code_challenge: `${good}=`, code_challenge_method: 'S256' } },
    { kind: 'challenge-space', params: { code_challenge: `${good.slice(0, 21)} ${good.slice(22)}`, code_challenge_method: 'S256' } },
  ];
}

/**
 * A scope token (RFC 6749 §3.3) drawn from a small hierarchy (`mcp:tools`, `mcp:exec:*`, `mcp:exec:workflows`...).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { scopeToken } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(scopeToken(), 3));
 * ```
 */
export function scopeToken(): fc.Arbitrary<string> {
  return fc.constantFrom('mcp:tools', 'mcp:tools:read', 'mcp:tools:write', 'mcp:read', 'mcp:exec:*', 'mcp:exec:workflows', 'mcp:exec:jobs', 'files:read', 'offline_access');
}

/**
 * A set of scopes with hierarchy: `granted` and `required`, and whether `granted` covers
 * `required` when a `prefix:*` scope implies every scope under `prefix:` (R-TOK-4).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { scopeSets } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(scopeSets(), 3));
 * ```
 */
export function scopeSets(): fc.Arbitrary<{ granted: string[]; required: string[]; covered: boolean }> {
  return fc.tuple(fc.uniqueArray(scopeToken(), { maxLength: 4 }), fc.uniqueArray(scopeToken(), { minLength: 1, maxLength: 3 })).map(([granted, required]) => {
    const covers = (g: string, r: string): boolean => g === r || (g.endsWith(':*') && r.startsWith(g.slice(0, -1)) && r !== g);
    return { granted, required, covered: required.every((r) => granted.some((g) => covers(g, r))) };
  });
}

/**
 * RFC 7591 client metadata an MCP server should accept (loopback or https redirect URIs, `none` or `client_secret_basic`).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { clientMetadata } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(clientMetadata(), 3));
 * ```
 */
export function clientMetadata(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    native: fc.boolean(),
    port: fc.integer({ min: 1024, max: 65535 }),
    name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,30}$/),
    confidential: fc.boolean(),
    refresh: fc.boolean(),
  }).map(({ native, port, name, confidential, refresh }) => ({
    redirect_uris: [native ? `http://127.0.0.1:${port}/callback` : 'https://client.example.com/cb'],
    client_name: name,
    application_type: native ? 'native' : 'web',
    token_endpoint_auth_method: confidential ? 'client_secret_basic' : 'none',
    grant_types: refresh ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    response_types: ['code'],
  }));
}

/**
 * A Client ID Metadata Document and the URL it is served at (its `client_id`).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { clientIdMetadataDocument } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(clientIdMetadataDocument(), 3));
 * ```
 */
export function clientIdMetadataDocument(): fc.Arbitrary<{ url: string; document: Record<string, unknown> }> {
  return fc.tuple(httpsOrigin(), fc.constantFrom('/client.json', '/oauth/client-metadata.json'), fc.boolean()).map(([o, p, loopback]) => ({
    url: o + p,
    document: { client_id: o + p, client_name: 'Example MCP client', redirect_uris: [loopback ? 'http://127.0.0.1/callback' : `${o}/callback`], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] },
  }));
}

/**
 * CIMD `client_id` URLs an AS must refuse without fetching (ATTACKS.md 42).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { badClientIdMetadataUrl } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(badClientIdMetadataUrl(), 3));
 * ```
 */
export function badClientIdMetadataUrl(): fc.Arbitrary<string> {
  return fc.constantFrom('http://ex.com/c', 'https://ex.com/./c', 'https://ex.com/a/../c', 'https://ex.com/%2e%2e/c', 'https://ex.com/c#x', 'https://u@ex.com/c', 'https:ex.com/c', ' https://ex.com/c', 'https://ex.com\\c', 'https://ex.com');
}

/**
 * URLs that point inside the network (loopback, private, link-local, cloud metadata, encoded IPv4,
 * IPv4-mapped IPv6): a server must never fetch one a client supplied (A-SSRF-1, ATTACKS.md 31, 46, 80).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { internalUrl } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(internalUrl(), 3));
 * ```
 */
export function internalUrl(): fc.Arbitrary<string> {
  const host = fc.constantFrom('127.0.0.1', '127.0.0.1:6443', '10.0.0.5', '10.1.2.3', '192.168.1.1', '172.16.0.1', '169.254.169.254', 'localhost', 'LOCALHOST', 'app.localhost',
    '[::1]', '[::ffff:10.1.2.3]', '[::ffff:7f00:1]', '[fd00::1]', '0.0.0.0', '2130706433', '0x7f.0.0.1', '0177.0.0.1', '127.1');
  return fc.tuple(host, fc.constantFrom('/', '/jwks.json', '/latest/meta-data/', '/client.json')).map(([h, p]) => `https://${h}${p}`);
}

/**
 * An authorization request's query parameters (RFC 6749 §4.1.1 + PKCE, `resource`, `state`).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { authorizationRequest } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(authorizationRequest(), 3));
 * ```
 */
export function authorizationRequest(options: { clientId?: string; redirectUri?: string; resource?: string } = {}): fc.Arbitrary<Record<string, string>> {
  return fc.record({
    state: fc.stringMatching(/^[A-Za-z0-9_-]{8,43}$/),
    challenge: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    scope: fc.uniqueArray(scopeToken(), { maxLength: 3 }),
  }).map(({ state, challenge, scope }) => ({
    response_type: 'code', client_id: options.clientId ?? 'client-1', redirect_uri: options.redirectUri ?? 'http://127.0.0.1/callback', state,
    code_challenge: challenge, code_challenge_method: 'S256', resource: options.resource ?? 'https://mcp.example.com/mcp', ...(scope.length ? { scope: scope.join(' ') } : {}),
  }));
}

/**
 * An authorization response as a callback URL: success (`code`, `state`, `iss`) or error (`error`, `state`, `iss`), with or without `iss` (RFC 9207).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { authorizationResponse } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(authorizationResponse(), 3));
 * ```
 */
export function authorizationResponse(options: { redirectUri?: string; issuer?: string } = {}): fc.Arbitrary<{ url: string; hasIss: boolean; error?: string }> {
  return fc.record({
    code: fc.stringMatching(/^[A-Za-z0-9_-]{20,64}$/),
    state: fc.stringMatching(/^[A-Za-z0-9_-]{8,43}$/),
    error: fc.option(fc.constantFrom('access_denied', 'invalid_request', 'invalid_scope', 'server_error'), { nil: undefined }),
    iss: fc.boolean(),
  }).map(({ code, state, error, iss }) => {
    const q = new URLSearchParams(error ? { error, state } : { code, state });
    if (iss) q.set('iss', options.issuer ?? 'https://as.example.com');
    return { url: `${options.redirectUri ?? 'http://127.0.0.1/callback'}?${q}`, hasIss: iss, ...(error ? { error } : {}) };
  });
}

/**
 * A token request body (`application/x-www-form-urlencoded`): authorization_code, refresh_token or client_credentials.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { tokenRequest } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(tokenRequest(), 3));
 * ```
 */
export function tokenRequest(): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    fc.record({ code: fc.stringMatching(/^[A-Za-z0-9_-]{20,64}$/), code_verifier: codeVerifier() }).map((r) => ({
      grant_type: 'authorization_code', ...r, client_id: 'client-1', redirect_uri: 'http://127.0.0.1/callback', resource: 'https://mcp.example.com/mcp',
    })),
    fc.stringMatching(/^[A-Za-z0-9_-]{20,64}$/).map((rt) => ({ grant_type: 'refresh_token', refresh_token: rt, client_id: 'client-1' })),
    fc.uniqueArray(scopeToken(), { minLength: 1, maxLength: 2 }).map((s) => ({ grant_type: 'client_credentials', scope: s.join(' '), resource: 'https://mcp.example.com/mcp' })),
  );
}

/**
 * Claims of an RFC 9068 access token for `resource` from `issuer` (times relative to `now`, in seconds).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { accessTokenClaims } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(accessTokenClaims(), 3));
 * ```
 */
export function accessTokenClaims(options: { issuer?: string; resource?: string; now?: number } = {}): fc.Arbitrary<Record<string, unknown>> {
  const now = options.now ?? 1_750_000_000;
  return fc.record({
    sub: fc.stringMatching(/^user-[0-9]{1,6}$/),
    client_id: fc.stringMatching(/^[A-Za-z0-9]{8,22}$/),
    jti: fc.stringMatching(/^[A-Za-z0-9_-]{16,22}$/),
    scope: fc.uniqueArray(scopeToken(), { minLength: 1, maxLength: 3 }).map((s) => s.join(' ')),
    ttl: fc.integer({ min: 60, max: 3600 }),
  }).map(({ ttl, ...c }) => ({ iss: options.issuer ?? 'https://as.example.com', aud: options.resource ?? 'https://mcp.example.com/mcp', iat: now, exp: now + ttl, ...c }));
}

/** How a mutated JWT differs from the original. */
export type JwtMutation = 'alg-none' | 'alg-case' | 'signature-flip' | 'signature-dropped' | 'payload-aud' | 'payload-exp' | 'payload-iss' | 'header-jku' | 'header-jwk' | 'typ-jwt' | 'segments' | 'padding' | 'truncated';

/**
 * Every mutation of a signed JWT that a verifier must reject (RFC 8725; ATTACKS.md 59–71): `alg:none`
 * variants, a flipped or dropped signature, a changed `aud`/`exp`/`iss` under the old signature,
 * injected `jku`/`jwk`, `typ: JWT`, wrong segment counts, padding, truncation.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { mutatedJwt } from '@mcp-oauth/conformance/arbitraries';
 * declare const token: string; // a token your AS issued
 * declare function callResource(token: string): Promise<Response>;
 *
 * await fc.assert(fc.asyncProperty(mutatedJwt(token), async (m) => (await callResource(m.token)).status === 401));
 * ```
 */
export function mutatedJwt(token: string): fc.Arbitrary<{ token: string; mutation: JwtMutation }> {
  const [h = '', p = '', s = ''] = token.split('.');
  const dec = (seg: string): Record<string, unknown> => {
    try { return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(seg.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))) as Record<string, unknown>; } catch { return {}; }
  };
  const header = dec(h);
  const payload = dec(p);
  const flip = (seg: string, i: number): string => {
    if (!seg.length) return 'A';
    const at = i % seg.length;
    const c = seg[at] === 'A' ? 'B' : 'A';
    return seg.slice(0, at) + c + seg.slice(at + 1);
  };
  return fc.oneof(
    fc.constantFrom('none', 'None', 'NONE', 'nOnE', 'none ').map((alg) => ({ token: `${b64json({ ...header, alg })}.${p}.`, mutation: 'alg-none' as const })),
    fc.constant({ token: `${b64json({ ...header, alg: String(header['alg'] ?? 'ES256').toLowerCase() })}.${p}.${s}`, mutation: 'alg-case' as const }),
    fc.nat().map((i) => ({ token: `${h}.${p}.${flip(s, i)}`, mutation: 'signature-flip' as const })),
    fc.constant({ token: `${h}.${p}.`, mutation: 'signature-dropped' as const }),
    fc.constantFrom('https://evil.example/mcp', `${String(payload['aud'] ?? '')}/`, [String(payload['aud'] ?? ''), 'https://evil.example/mcp']).map((aud) => ({ token: `${h}.${b64json({ ...payload, aud })}.${s}`, mutation: 'payload-aud' as const })),
    fc.integer({ min: 1, max: 10 ** 9 }).map((d) => ({ token: `${h}.${b64json({ ...payload, exp: Number(payload['exp'] ?? 0) + d })}.${s}`, mutation: 'payload-exp' as const })),
    fc.constant({ token: `${h}.${b64json({ ...payload, iss: 'https://attacker.example' })}.${s}`, mutation: 'payload-iss' as const }),
    fc.constant({ token: `${b64json({ ...header, jku: 'https://attacker.example/jwks.json' })}.${p}.${s}`, mutation: 'header-jku' as const }),
    fc.constant({ token: `${b64json({ ...header, jwk: { kty: 'oct', k: 'AAAA' } })}.${p}.${s}`, mutation: 'header-jwk' as const }),
    fc.constant({ token: `${b64json({ ...header, typ: 'JWT' })}.${p}.${s}`, mutation: 'typ-jwt' as const }),
    fc.constantFrom(`${h}.${p}`, `${h}.${p}.${s}.x`, `${h}.${p}.${s}.x.y`).map((t) => ({ token: t, mutation: 'segments' as const })),
    fc.constant({ token: `${h}.${p}.${s}=`, mutation: 'padding' as const }),
    fc.integer({ min: 1, max: 20 }).map((n) => ({ token: token.slice(0, Math.max(0, token.length - n)), mutation: 'truncated' as const })),
  ).filter((m) => m.token !== token);
}

/**
 * Strings that are not a valid access token of any server: random base64url, forged unsigned JWTs, oversized values.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { forgedAccessToken } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(forgedAccessToken(), 3));
 * ```
 */
export function forgedAccessToken(options: { issuer?: string; resource?: string } = {}): fc.Arbitrary<string> {
  return fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9_-]{16,200}$/),
    accessTokenClaims(options).map((c) => `${b64json({ alg: 'none', typ: 'at+jwt' })}.${b64json(c)}.`),
    fc.tuple(accessTokenClaims(options), fc.stringMatching(/^[A-Za-z0-9_-]{43,86}$/)).map(([c, sig]) => `${b64json({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })}.${b64json(c)}.${sig}`),
    fc.tuple(accessTokenClaims(options), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/)).map(([c, sig]) => `${b64json({ alg: 'HS256', typ: 'at+jwt' })}.${b64json(c)}.${sig}`),
  );
}

/**
 * `Authorization` header values a resource must refuse as malformed or not Bearer (ATTACKS.md 54, 57).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { malformedAuthorization } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(malformedAuthorization(), 3));
 * ```
 */
export function malformedAuthorization(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('Bearer', 'Bearer ', 'Bearer a b', 'Basic dXNlcjpwYXNz', 'Token abc', 'Bearer\tabc def', 'Bearer "abc"', 'Bearer abc,def', 'Bearer ,', 'Bearer a\u00e9b'),
    fc.stringMatching(/^[A-Za-z0-9._~+/-]{1,20}( [A-Za-z0-9._~+/=-]{1,20}){1,3}$/).map((t) => `Bearer ${t}`),
  ).filter((v) => { try { new Headers({ authorization: v }); return true; } catch { return false; } });
}
