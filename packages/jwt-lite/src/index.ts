/**
 * `@mcp-oauth/jwt-lite`: JWS/JWT/JWK/JWKS on WebCrypto. Sign and verify compact JWS (HS, RS, PS, ES,
 * EdDSA), JWT claims per RFC 7519 / RFC 8725, RFC 9068 access tokens, JWK import/export and RFC 7638
 * thumbprints, local and remote JWK Sets, and a verified-token cache.
 * @packageDocumentation
 */
export { signJwt } from './sign-jwt';
export { verifyJwt } from './verify-jwt';
export { verifyJws } from './verify-jws';
export { importJwk } from './import-jwk';
export { exportJwk } from './export-jwk';
export { jwkThumbprint } from './jwk-thumbprint';
export { generateSigningKey, generateSecretKey } from './generate-signing-key';
export { createLocalJwks } from './create-local-jwks';
export { createRemoteJwks, type RemoteJwksOptions } from './create-remote-jwks';
export { signAccessToken } from './sign-access-token';
export { verifyAccessToken } from './verify-access-token';
export type { AccessTokenClaims, AccessTokenInput, VerifyAccessTokenOptions } from './access-token-types';
export { createVerifiedTokenCache } from './create-verified-token-cache';
export { JwtError, type JwtErrorCode } from './errors';
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
