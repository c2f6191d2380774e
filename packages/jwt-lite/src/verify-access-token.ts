import { STRINGS } from './internal/claims';
import { verifyProfile } from './verify-jwt';
import type { AccessTokenClaims, VerifyAccessTokenOptions } from './access-token-types';
import type { JwksResolver, JwtKey } from './types';

const REQUIRED = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'] as const;
const PROFILE = { typ: 'at+jwt', required: REQUIRED, strings: [...STRINGS, 'client_id', 'scope'] };

/**
 * Validates an RFC 9068 JWT access token at a resource server (§4): `typ` must be `at+jwt`
 * (`application/at+jwt`, any case), `iss` one of `issuer`, `aud` containing `audience`, `exp` in the
 * future, and `iss`, `exp`, `aud`, `sub`, `client_id`, `iat`, `jti` all present; plus every check
 * of {@link verifyJwt}. ID tokens and client assertions signed by the same keys are refused by `typ`.
 *
 * @throws {JwtError} `TypMismatch`, `ClaimMissing`, `ClaimInvalid`, `IssuerMismatch`, `AudienceMismatch`,
 * `Expired`, and every code of `verifyJwt`; map them all to `401 invalid_token`.
 * @throws {TypeError} / {RangeError} as `verifyJwt`.
 * @example
 * ```ts
 * import { createVerifiedTokenCache, verifyAccessToken } from '@mcp-oauth/jwt-lite';
 * import type { JwksResolver } from '@mcp-oauth/jwt-lite';
 * declare const bearer: string, jwks: JwksResolver;
 * const cache = createVerifiedTokenCache();
 * const claims = await verifyAccessToken(bearer, jwks, {
 *   issuer: 'https://as.example.com', audience: 'https://mcp.example.com/mcp', algorithms: ['ES256'], cache,
 * });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export function verifyAccessToken(
  token: string,
  keys: JwtKey | JwksResolver,
  options: VerifyAccessTokenOptions,
): Promise<AccessTokenClaims> {
  return verifyProfile(token, keys, options, PROFILE) as Promise<AccessTokenClaims>;
}
