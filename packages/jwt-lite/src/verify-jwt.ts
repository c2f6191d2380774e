import { fail } from './errors';
import { checkClaims, checkHeader, clock } from './internal/claims';
import { parseCompact, verifySignature } from './internal/compact';
import { parseJsonObject } from './internal/json';
import { assertAlgorithms, isJwtKey } from './internal/key';
import type { JwksResolver, JwtClaims, JwtKey, VerifiedJwt, VerifyJwtOptions } from './types';

/**
 * Verifies a JWT in JWS compact serialization and checks its claims (RFC 7519 §7.2, RFC 8725).
 *
 * Order: length and shape, strict base64url and JSON (duplicate names refused), header hygiene
 * (`crit` and `b64` refused; `jwk`/`jku`/`x5u`/`x5c` never used), `alg` on `options.algorithms` and
 * equal to the key's bound algorithm, then the signature, then the claims: types of the registered
 * claims, `exp`/`nbf`/`iat`/`maxAge` with `clockTolerance`, `iss` and `aud` as exact strings, `typ`,
 * `requiredClaims`. With `options.cache`, a token already verified with the same keys skips the
 * signature check but every other check still runs, and revoked tokens are refused.
 *
 * @param keyOrJwks - one key bound to one algorithm, or a JWK Set (`createLocalJwks`/`createRemoteJwks`).
 * @throws {JwtError} `JWSInvalid`, `AlgNotAllowed`, `KeyNotFound`, `SignatureInvalid`, `WeakKey`,
 * `TypMismatch`, `ClaimInvalid`, `ClaimMissing`, `Expired`, `NotYetValid`, `IssuerMismatch`,
 * `AudienceMismatch`, `Revoked`, `JwksFetchFailed`.
 * @throws {TypeError} a non-string token, no algorithm allowlist, a key that is not a JwtKey or resolver.
 * @throws {RangeError} `clockTolerance` or `maxAge` negative, NaN or infinite.
 * @example
 * ```ts
 * import { verifyJwt } from '@mcp-oauth/jwt-lite';
 * import type { JwksResolver } from '@mcp-oauth/jwt-lite';
 * declare const token: string, jwks: JwksResolver;
 * const { claims } = await verifyJwt(token, jwks, {
 *   algorithms: ['ES256'], issuer: 'https://as.example.com', audience: 'https://mcp.example.com/mcp',
 * });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3
 */
export function verifyJwt(token: string, keyOrJwks: JwtKey | JwksResolver, options: VerifyJwtOptions): Promise<VerifiedJwt> {
  return verifyProfile(token, keyOrJwks, options);
}

/** A fixed `typ` and required claims that override the options (the RFC 9068 profile). */
export interface Profile {
  typ: string;
  required: readonly string[];
  /** Claims that must be strings when present. */
  strings: readonly string[];
}

/**
 * verifyJwt with an optional profile; not exported from the package. With the RFC 9068 profile it
 * resolves to the claims alone, `client_id` and `scope` type-checked (one async step fewer for
 * verifyAccessToken on the bearer hot path).
 */
export function verifyProfile(token: string, keyOrJwks: JwtKey | JwksResolver, options: VerifyJwtOptions): Promise<VerifiedJwt>;
export function verifyProfile(token: string, keyOrJwks: JwtKey | JwksResolver, options: VerifyJwtOptions, profile: Profile): Promise<JwtClaims>;
export async function verifyProfile(
  token: string,
  keyOrJwks: JwtKey | JwksResolver,
  options: VerifyJwtOptions,
  profile?: Profile,
): Promise<VerifiedJwt | JwtClaims> {
  assertAlgorithms(options?.algorithms);
  const [now, tol] = clock(options);
  const cache = options.cache;
  const hit = cache?.get(token, keyOrJwks, now);
  if (hit) {
    checkHeader(hit.header, options, profile);
    checkClaims(hit.claims, options, now, tol, profile);
    if (cache!.isRevoked(token, hit.claims.jti, now)) fail('Revoked');
    return profile ? hit.claims : hit;
  }
  const c = parseCompact(token, options.maxTokenLength);
  checkHeader(c.header, options, profile);
  // With a single key, WebCrypto starts first and the payload is parsed while it runs; with a key set,
  // the payload is parsed first so a malformed token never reaches the network.
  const pending = isJwtKey(keyOrJwks) ? verifySignature(c, keyOrJwks, options.crypto) : undefined;
  let claims: JwtClaims;
  try {
    claims = parseJsonObject(c.payload);
  } catch (e) {
    pending?.catch(() => {});
    throw e;
  }
  if (!(await (pending ?? verifySignature(c, keyOrJwks, options.crypto)))) fail('SignatureInvalid');
  checkClaims(claims, options, now, tol, profile);
  const result: VerifiedJwt = { header: c.header, claims };
  if (cache?.isRevoked(token, claims.jti, now)) fail('Revoked');
  const out = cache ? cache.set(token, keyOrJwks, result, now) : result;
  return profile ? out.claims : out;
}
