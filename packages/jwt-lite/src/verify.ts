/**
 * `@mcp-oauth/jwt-lite/verify`: verification with a known key only (browsers, edge; under 3 KB
 * min+gz): verify JWTs and RFC 9068 access tokens, import JWKs. JWK Sets and the verified-token cache
 * are in the main entry, which is tree-shakable too.
 * @packageDocumentation
 */
export { verifyJwt } from './verify-jwt';
export { verifyAccessToken } from './verify-access-token';
export { importJwk } from './import-jwk';
export { JwtError, type JwtErrorCode } from './errors';
export type { AccessTokenClaims, VerifyAccessTokenOptions } from './access-token-types';
export type {
  CryptoProvider,
  Jwk,
  JwksResolver,
  JwsHeader,
  JwtAlgorithm,
  JwtClaims,
  JwtKey,
  VerifiedJwt,
  VerifiedTokenCache,
  VerifyJwtOptions,
} from './types';
