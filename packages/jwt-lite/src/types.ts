/** The JWS algorithms this package implements (RFC 7518 §3.1, RFC 8037 §3.1). `none` does not exist. */
export type JwtAlgorithm =
  | 'HS256' | 'HS384' | 'HS512'
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA';

/** A WebCrypto key bound to exactly one JWS algorithm, with an optional key id. */
export interface JwtKey {
  readonly alg: JwtAlgorithm;
  readonly key: CryptoKey;
  readonly kid?: string;
}

/** A JOSE header as received (RFC 7515 §4). Only `alg`, `kid` and `typ` are acted on. */
export interface JwsHeader {
  alg: JwtAlgorithm;
  kid?: string;
  typ?: string;
  [name: string]: unknown;
}

/** A JWT claims set (RFC 7519 §4). Registered claims are type-checked by `verifyJwt`. */
export interface JwtClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [name: string]: unknown;
}

/** A JSON Web Key (RFC 7517 §4) with the members of RFC 7518 §6 and RFC 8037 §2. */
export interface Jwk {
  kty: string;
  alg?: string;
  kid?: string;
  use?: string;
  key_ops?: string[];
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  k?: string;
  d?: string;
  [name: string]: unknown;
}

/** A set of verification keys; `createLocalJwks` and `createRemoteJwks` make one. */
export interface JwksResolver {
  /** The keys usable for this header: bound to `header.alg` and, when present, with `header.kid`. */
  getKeys(header: JwsHeader): readonly JwtKey[] | Promise<readonly JwtKey[]>;
}

/** The result of a successful verification. */
export interface VerifiedJwt<C extends JwtClaims = JwtClaims> {
  header: JwsHeader;
  claims: C;
}

/**
 * A cache of verified tokens for `verifyJwt(..., { cache })`; `createVerifiedTokenCache` makes one.
 * The three lookup methods are what `verifyJwt` calls; they are public so a custom cache can be used.
 */
export interface VerifiedTokenCache {
  /** Verifies through the cache: `verifyJwt(token, keys, { ...options, cache: this })`. */
  verify(token: string, keys: JwtKey | JwksResolver, options: VerifyJwtOptions): Promise<VerifiedJwt>;
  /** Revokes a token, or every token with this `jti`, until `until` (seconds; by default its `exp`, else forever). */
  revoke(jtiOrToken: string, until?: number): void;
  /** Drops every cached verification and revocation. */
  clear(): void;
  /** Number of cached verifications. */
  readonly size: number;
  /** A previous verification of exactly this token with exactly these keys, if still fresh. */
  get(token: string, keys: JwtKey | JwksResolver, now: number): VerifiedJwt | undefined;
  /** Remembers a verification. */
  set(token: string, keys: JwtKey | JwksResolver, result: VerifiedJwt, now: number): VerifiedJwt;
  /** Whether the token or its `jti` is revoked. */
  isRevoked(token: string, jti: unknown, now: number): boolean;
}

/**
 * Where signatures are computed and checked: the `sign` and `verify` of WebCrypto's `SubtleCrypto`
 * (`crypto.subtle` is one, and the default). Another provider, such as `nodeCryptoProvider()` of
 * `@mcp-oauth/node`, gives the same results another way; it is called only after every key and
 * algorithm check (the key is a CryptoKey bound to `algorithm`, usable for the operation, not weak).
 * `algorithm` is the WebCrypto parameter set of the JWS algorithm (`{ name: 'ECDSA', hash: 'SHA-256' }`,
 * `{ name: 'RSA-PSS', saltLength: 32 }`...); ECDSA signatures are raw `R || S` (RFC 7518 §3.4).
 */
export interface CryptoProvider {
  /** Whether `signature` is a valid signature of `data` with `key`; comparisons in constant time. */
  verify(algorithm: Algorithm, key: CryptoKey, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean>;
  /** The signature of `data` with `key`. */
  sign(algorithm: Algorithm, key: CryptoKey, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer | Uint8Array<ArrayBuffer>>;
  /**
   * SHA-256 of `data`, as `crypto.subtle.digest('SHA-256', data)`, possibly answered synchronously.
   * Optional (jwt-lite does not call it): `@mcp-oauth/server-flow` hashes codes, tokens, secrets and
   * PKCE verifiers with it when present, with WebCrypto's otherwise.
   */
  digest?(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): ArrayBuffer | Uint8Array | Promise<ArrayBuffer | Uint8Array>;
  /** `length` cryptographically random bytes, as `crypto.getRandomValues`; optional, used by server-flow for codes and tokens when present. */
  random?(length: number): Uint8Array;
}

/** Options of `verifyJwt`. Times are in seconds. */
export interface VerifyJwtOptions {
  /** The algorithms accepted, non-empty; a token whose `alg` is not listed is refused. */
  algorithms: readonly JwtAlgorithm[];
  /** Expected `iss`, compared as exact strings. */
  issuer?: string | readonly string[];
  /** Expected audience(s): the token's `aud` must contain one of them (exact strings). */
  audience?: string | readonly string[];
  /** Require `aud` to be exactly one value (a string or a one-element array). */
  strictAudience?: boolean;
  /** Expected header `typ` (media type, case-insensitive, `application/` optional, RFC 7515 §4.1.9). */
  typ?: string;
  /** Leeway for `exp`, `nbf`, `iat` and `maxAge`, in seconds (finite, ≥ 0); default 0. */
  clockTolerance?: number;
  /** Maximum age since `iat`, in seconds; makes `iat` required. */
  maxAge?: number;
  /** Claims that must be present. */
  requiredClaims?: readonly string[];
  /** Clock in seconds since the epoch; default `Date.now() / 1000`. */
  now?: () => number;
  /** Longest token accepted, in characters; default 16384. */
  maxTokenLength?: number;
  /** A verified-token cache (`createVerifiedTokenCache`) for the resource-server hot path. */
  cache?: VerifiedTokenCache;
  /** Computes the signature check; default `crypto.subtle` (WebCrypto). */
  crypto?: CryptoProvider;
}
