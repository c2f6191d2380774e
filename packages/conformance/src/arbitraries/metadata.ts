import * as fc from 'fast-check';

/**
 * An `https` origin with a plausible host (lowercase, no port).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { httpsOrigin } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(httpsOrigin(), 3));
 * ```
 */
export function httpsOrigin(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom('as', 'auth', 'mcp', 'login', 'id'), fc.constantFrom('example.com', 'example.org', 'example.net')).map(([a, b]) => `https://${a}.${b}`);
}

/**
 * An issuer identifier: https origin, optionally with a tenant path (`/t1`), never a trailing slash, query or fragment (RFC 8414 §2).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { issuer } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(issuer(), 3));
 * ```
 */
export function issuer(): fc.Arbitrary<string> {
  return fc.tuple(httpsOrigin(), fc.option(fc.constantFrom('/t1', '/tenant2', '/oauth/v2'), { nil: undefined })).map(([o, p]) => o + (p ?? ''));
}

/**
 * An issuer string that differs from `of` in a way an exact comparison must notice (trailing slash, case, default port, another tenant, encoded slash). ATTACKS.md 22, 26.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { mismatchedIssuer } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(mismatchedIssuer('https://as.example.com'), 3));
 * ```
 */
export function mismatchedIssuer(of: string): fc.Arbitrary<string> {
  const u = new URL(of);
  return fc.constantFrom(`${of}/`, of.toUpperCase(), `${u.protocol}//${u.host}:443${u.pathname === '/' ? '' : u.pathname}`, `${of}%2F`, `${u.origin}/other-tenant`, 'https://attacker.example')
    .filter((s) => s !== of);
}

/**
 * RFC 8414 authorization-server metadata an MCP client must accept (S256, iss parameter, endpoints under the issuer).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { authorizationServerMetadata } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(authorizationServerMetadata(), 3));
 * ```
 */
export function authorizationServerMetadata(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    issuer: issuer(),
    scopes: fc.uniqueArray(fc.constantFrom('mcp:tools', 'mcp:read', 'mcp:write', 'offline_access'), { maxLength: 4 }),
    registration: fc.boolean(),
    cimd: fc.boolean(),
  }).map(({ issuer: iss, scopes, registration, cimd }) => ({
    issuer: iss,
    authorization_endpoint: `${iss}/authorize`,
    token_endpoint: `${iss}/token`,
    ...(registration ? { registration_endpoint: `${iss}/register` } : {}),
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
    authorization_response_iss_parameter_supported: true,
    client_id_metadata_document_supported: cimd,
    ...(scopes.length ? { scopes_supported: scopes } : {}),
  }));
}

/** How a broken AS metadata document differs from a valid one. */
export type MetadataFlaw = 'issuer-mismatch' | 'no-pkce-methods' | 'plain-only' | 'http-token-endpoint' | 'javascript-authorization-endpoint' | 'not-an-object';

/**
 * AS metadata with one subtle flaw a client must refuse (ATTACKS.md 26, 28–30), and the flaw's name.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { brokenAuthorizationServerMetadata } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(brokenAuthorizationServerMetadata(), 3));
 * ```
 */
export function brokenAuthorizationServerMetadata(): fc.Arbitrary<{ document: unknown; expectedIssuer: string; flaw: MetadataFlaw }> {
  return fc.tuple(authorizationServerMetadata(), fc.constantFrom<MetadataFlaw>('issuer-mismatch', 'no-pkce-methods', 'plain-only', 'http-token-endpoint', 'javascript-authorization-endpoint', 'not-an-object'))
    .chain(([doc, flaw]): fc.Arbitrary<{ document: unknown; expectedIssuer: string; flaw: MetadataFlaw }> => {
      const expectedIssuer = doc['issuer'] as string;
      if (flaw === 'issuer-mismatch') return mismatchedIssuer(expectedIssuer).map((i) => ({ document: { ...doc, issuer: i }, expectedIssuer, flaw }));
      if (flaw === 'not-an-object') return fc.constantFrom<unknown>([], null, 'x', 1).map((document) => ({ document, expectedIssuer, flaw }));
      const broken: unknown = flaw === 'no-pkce-methods' ? { ...doc, code_challenge_methods_supported: undefined }
        : flaw === 'plain-only' ? { ...doc, code_challenge_methods_supported: ['plain'] }
          : flaw === 'http-token-endpoint' ? { ...doc, token_endpoint: 'http://as.example/token' }
            : { ...doc, authorization_endpoint: 'javascript:alert(1)' };
      return fc.constant({ document: broken, expectedIssuer, flaw });
    });
}

/**
 * RFC 9728 protected-resource metadata for `resource` (default: an arbitrary https MCP URL).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { protectedResourceMetadata } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(protectedResourceMetadata('https://mcp.example.com/mcp'), 3));
 * ```
 */
export function protectedResourceMetadata(resource?: string): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    resource: resource === undefined ? httpsOrigin().map((o) => `${o}/mcp`) : fc.constant(resource),
    authorization_servers: fc.array(issuer(), { minLength: 1, maxLength: 2 }),
    scopes: fc.uniqueArray(fc.constantFrom('mcp:tools', 'mcp:read', 'mcp:exec:*'), { maxLength: 3 }),
  }).map(({ resource: r, authorization_servers, scopes }) => ({
    resource: r, authorization_servers, bearer_methods_supported: ['header'], ...(scopes.length ? { scopes_supported: scopes } : {}),
  }));
}

/**
 * PRM whose `resource` is not `accessed` (another host, path, a fragment, a trailing slash, case). ATTACKS.md 27.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { mismatchedProtectedResourceMetadata } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(mismatchedProtectedResourceMetadata('https://mcp.example.com/mcp'), 3));
 * ```
 */
export function mismatchedProtectedResourceMetadata(accessed: string): fc.Arbitrary<Record<string, unknown>> {
  const u = new URL(accessed);
  return fc.tuple(protectedResourceMetadata(accessed), fc.constantFrom('https://evil.example.com/mcp', `${u.origin}/other`, `${accessed}#x`, `${accessed}/`, accessed.toUpperCase()))
    .filter(([, r]) => r !== accessed).map(([doc, r]) => ({ ...doc, resource: r }));
}

/**
 * A `WWW-Authenticate` Bearer challenge as a header value, with the parameters it carries.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { wwwAuthenticateChallenge } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(wwwAuthenticateChallenge(), 3));
 * ```
 */
export function wwwAuthenticateChallenge(): fc.Arbitrary<{ header: string; params: Record<string, string> }> {
  const value = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
  return fc.record({
    resource_metadata: fc.option(httpsOrigin().map((o) => `${o}/.well-known/oauth-protected-resource/mcp`), { nil: undefined }),
    scope: fc.option(fc.uniqueArray(fc.constantFrom('mcp:tools', 'mcp:read', 'files:write'), { minLength: 1 }).map((a) => a.join(' ')), { nil: undefined }),
    error: fc.option(fc.constantFrom('invalid_token', 'invalid_request', 'insufficient_scope'), { nil: undefined }),
    error_description: fc.option(value, { nil: undefined }),
  }).map((r) => {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) params[k] = v;
    const quoted = Object.entries(params).map(([k, v]) => `${k}="${v.replace(/["\\]/g, (c) => `\\${c}`)}"`);
    return { header: quoted.length ? `Bearer ${quoted.join(', ')}` : 'Bearer', params };
  });
}

/**
 * Adversarial `WWW-Authenticate` values: two challenges, escaped quotes, duplicated parameters, unsafe URLs, unterminated strings, oversized. ATTACKS.md 35, 77.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { adversarialWwwAuthenticate } from '@mcp-oauth/conformance/arbitraries';
 *
 * console.log(fc.sample(adversarialWwwAuthenticate(), 3));
 * ```
 */
export function adversarialWwwAuthenticate(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('Basic realm="x", Bearer resource_metadata="https://a.example/.well-known/oauth-protected-resource"', 'Bearer resource_metadata="javascript:alert(1)"',
      'Bearer resource_metadata="http://10.0.0.1/"', 'Bearer resource_metadata="https://a.example/1", resource_metadata="https://b.example/2"', 'Bearer error="a\\"b"',
      'Bearer realm="unterminated', 'Bearer ,,,,', '', 'Bearer ' + '"'.repeat(1000)),
    fc.string({ maxLength: 200 }),
    fc.nat({ max: 3 }).map((n) => `Bearer x="${'a'.repeat(16_000 + n * 100_000)}"`),
  );
}
