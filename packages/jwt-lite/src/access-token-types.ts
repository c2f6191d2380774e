import type { CryptoProvider, JwtAlgorithm, JwtClaims, VerifiedTokenCache } from './types';

/** The claims of an RFC 9068 JWT access token (§2.2); `scope` is a space-separated list. */
export interface AccessTokenClaims extends JwtClaims {
  iss: string;
  exp: number;
  aud: string | string[];
  sub: string;
  client_id: string;
  iat: number;
  jti: string;
  scope?: string;
}

/** Input of {@link signAccessToken}: `iat` defaults to now, `jti` to 128 random bits. */
export interface AccessTokenInput extends JwtClaims {
  iss: string;
  exp: number;
  aud: string | string[];
  sub: string;
  client_id: string;
  iat?: number;
  jti?: string;
  scope?: string;
}

/** Options of {@link verifyAccessToken}. */
export interface VerifyAccessTokenOptions {
  /** The authorization server issuer(s) this resource trusts (exact strings). */
  issuer: string | readonly string[];
  /** This resource's identifier (RFC 8707), or several: the token's `aud` must contain one of them. */
  audience: string | readonly string[];
  algorithms: readonly JwtAlgorithm[];
  clockTolerance?: number;
  now?: () => number;
  strictAudience?: boolean;
  maxTokenLength?: number;
  cache?: VerifiedTokenCache;
  /** Computes the signature check; default `crypto.subtle` (WebCrypto). */
  crypto?: CryptoProvider;
}
