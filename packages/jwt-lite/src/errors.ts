/** Every code a {@link JwtError} can carry. */
export type JwtErrorCode =
  /** Not a well-formed JWS compact serialization: segment count, base64url, JSON, header hygiene, length (RFC 7515 §7.1, RFC 8725 §3). */
  | 'JWSInvalid'
  /** The header `alg` is not on the caller's allowlist, or not the algorithm the key is bound to (RFC 8725 §3.1). */
  | 'AlgNotAllowed'
  /** The signature does not verify with any candidate key (RFC 7515 §5.2). */
  | 'SignatureInvalid'
  /** A claim has the wrong type (`exp: "1"`, `aud: [1]`), or `iat` lies in the future (RFC 7519 §4.1). */
  | 'ClaimInvalid'
  /** A required claim is absent (RFC 7519 §4, RFC 9068 §2.2). */
  | 'ClaimMissing'
  /** `exp` has passed, or `iat` is older than `maxAge` (RFC 7519 §4.1.4). */
  | 'Expired'
  /** `nbf` lies in the future (RFC 7519 §4.1.5). */
  | 'NotYetValid'
  /** `iss` is not one of the expected issuers (exact string compare, RFC 7519 §4.1.1). */
  | 'IssuerMismatch'
  /** No `aud` value equals an expected audience (exact string compare, RFC 7519 §4.1.3). */
  | 'AudienceMismatch'
  /** The header `typ` is not the expected media type (RFC 8725 §3.11, RFC 9068 §2.1). */
  | 'TypMismatch'
  /** No key of the set matches the header's `kid` and `alg` (RFC 7515 §4.1.4). */
  | 'KeyNotFound'
  /** The key is too small: HMAC shorter than its hash (RFC 7518 §3.2), RSA under 2048 bits (RFC 7518 §3.3). */
  | 'WeakKey'
  /** A JWK that cannot be used: wrong `kty`/`crv` for the algorithm, conflicting `alg`/`use`/`key_ops`, bad members. */
  | 'KeyInvalid'
  /** The remote JWKS could not be fetched: status, redirect, timeout, size cap, network, or not a JWK Set. */
  | 'JwksFetchFailed'
  /** The token (or its `jti`) was revoked in the verified-token cache. */
  | 'Revoked';

/**
 * The one error family of `@mcp-oauth/jwt-lite`, thrown for untrusted input (tokens, JWKs, JWK
 * Sets). Assert on `code`, never on `message`; messages never contain a token, key or claim value.
 * `claim` names the offending registered claim where there is one (`exp`, `aud`, ...).
 *
 * @example
 * ```ts
 * import { JwtError, verifyJwt } from '@mcp-oauth/jwt-lite';
 * import type { JwtKey } from '@mcp-oauth/jwt-lite';
 * declare const token: string, key: JwtKey;
 * try {
 *   await verifyJwt(token, key, { algorithms: ['ES256'] });
 * } catch (e) {
 *   if (e instanceof JwtError && e.code === 'Expired') {
 *     // answer 401 invalid_token
 *   }
 * }
 * ```
 */
export class JwtError extends Error {
  /** The machine-readable reason. */
  declare readonly code: JwtErrorCode;
  /** The registered claim name concerned, when there is one. */
  declare readonly claim?: string;

  constructor(code: JwtErrorCode, claim?: string) {
    super(claim ? `${code} (${claim})` : code);
    this.name = 'JwtError';
    this.code = code;
    if (claim) this.claim = claim;
  }
}

/** Throws a JwtError with this code (and claim name). */
export function fail(code: JwtErrorCode, claim?: string): never {
  throw new JwtError(code, claim);
}
