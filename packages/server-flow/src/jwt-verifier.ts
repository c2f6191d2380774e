import { JwtError, createLocalJwks, createRemoteJwks, createVerifiedTokenCache, verifyAccessToken } from '@mcp-oauth/jwt-lite';
import type { CryptoProvider, JwksResolver, JwtAlgorithm, VerifiedTokenCache } from '@mcp-oauth/jwt-lite';
import { ServerFlowError } from './errors';
import type { Principal, TokenVerifier } from './principal';
import { parseScope } from './scopes';
import { claimsHaveUser } from './internal/grant-policy';
import { invalidToken, rejectReason } from './internal/reject-reason';

/** Options of {@link jwtVerifier}. */
export interface JwtVerifierOptions {
  /** The issuer whose tokens are accepted (exact string). */
  issuer: string;
  /** The keys: a JWKS object, a resolver, or the https URL of the issuer's `jwks_uri` (fetched with caching). */
  jwks: { keys: unknown[] } | JwksResolver | string;
  /** Accepted algorithms. Default `['ES256']`. */
  algorithms?: readonly JwtAlgorithm[];
  /** `fetch` for a remote JWKS. */
  fetch?: typeof fetch;
  /** Verified-token cache: a hit skips only the signature; pass `false` to disable. Default: a bounded cache. */
  cache?: VerifiedTokenCache | false;
  /** Extra revocation check (e.g. a shared revocation list); true means revoked. */
  isRevoked?: (principal: Principal) => Promise<boolean>;
  /** Clock skew allowed, in seconds. Default 0. */
  clockTolerance?: number;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Computes the signature checks; default `crypto.subtle` (on Node, `nodeCryptoProvider()` of `@mcp-oauth/node`). */
  crypto?: CryptoProvider;
}

/**
 * A {@link TokenVerifier} for RFC 9068 JWT access tokens: `typ` `at+jwt`, signature by a key of the
 * issuer, `iss` exact, `aud` exactly this resource and nothing else, `exp`, and every RFC 9068
 * required claim (A55, A56, A66). A token already verified skips the signature check only. The
 * principal's `hasUser` is false when `sub` equals `client_id` (RFC 9068 §2.2) or a `gty` claim names
 * a grant other than `authorization_code`/`refresh_token` (A79).
 *
 * @throws {TypeError} for a remote JWKS URL that is not https (http only on loopback).
 * @example
 * ```ts
 * import { createProtectedResource, jwtVerifier } from '@mcp-oauth/server-flow'
 * const verifier = jwtVerifier({ issuer: 'https://auth.example.com', jwks: 'https://auth.example.com/jwks' })
 * createProtectedResource({ resource: 'https://mcp.example.com/mcp', authorizationServers: ['https://auth.example.com'], verifier })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export function jwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const { issuer } = options;
  const keys: JwksResolver = typeof options.jwks === 'string'
    ? createRemoteJwks(options.jwks, options.fetch ? { fetch: options.fetch } : {})
    : 'getKeys' in options.jwks ? options.jwks : createLocalJwks(options.jwks);
  const now = options.now ?? Date.now;
  const cache = options.cache === false ? undefined : options.cache ?? createVerifiedTokenCache({ now: () => now() / 1000 });
  const algorithms = options.algorithms ?? ['ES256'];
  return async (token, resource) => {
    let claims;
    try {
      claims = await verifyAccessToken(token, keys, {
        issuer, audience: resource, strictAudience: true, algorithms, now: () => now() / 1000,
        ...(cache ? { cache } : {}), ...(options.crypto ? { crypto: options.crypto } : {}), ...(options.clockTolerance !== undefined ? { clockTolerance: options.clockTolerance } : {}),
      });
    } catch (e) {
      if (e instanceof JwtError && e.code === 'JwksFetchFailed') throw new ServerFlowError('UpstreamFailed');
      throw invalidToken(rejectReason(e));
    }
    const principal: Principal = {
      subject: claims.sub, hasUser: claimsHaveUser(claims.sub, claims.client_id, claims['gty']), clientId: claims.client_id, scopes: parseScope(claims.scope), resource, tokenId: claims.jti, expiresAt: claims.exp, issuer,
      ...(typeof claims['sid'] === 'string' ? { grantId: claims['sid'] } : {}),
    };
    if (options.isRevoked && (await options.isRevoked(principal))) throw invalidToken('revoked', principal);
    return principal;
  };
}
