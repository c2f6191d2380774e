import type { ClientMetadata } from '@mcp-oauth/dcr';
import type { Jwk } from '@mcp-oauth/jwt-lite';

export type { ClientMetadata };

/** A registered client. Secrets are never stored, only their SHA-256 (A75). */
export interface ClientRecord {
  clientId: string;
  /** base64url SHA-256 of the client secret; absent for public clients. */
  secretHash?: string;
  /** Seconds since the epoch; 0 = never expires (RFC 7591 §3.2.1). */
  secretExpiresAt?: number;
  /** base64url SHA-256 of the RFC 7592 registration access token. */
  registrationTokenHash?: string;
  metadata: ClientMetadata;
  /** Seconds since the epoch. */
  issuedAt: number;
  /** Where the client came from: configuration, Dynamic Client Registration, or a CIMD URL. */
  source: 'config' | 'dcr' | 'cimd';
  /**
   * Milliseconds since the epoch after which the store may forget a self-registered client (A-DOS-1):
   * set at registration (`registration.unusedClientLifetime`) and moved to 30 days after the end of
   * its newest grant whenever a user authorizes it. Absent: kept until its secret expires.
   */
  expiresAt?: number;
}

/** Tokens obtained from an upstream provider (delegation); they never leave the server. */
export interface UpstreamTokens {
  accessToken: string;
  refreshToken?: string;
  tokenType: string;
  scope?: string;
  /** Milliseconds since the epoch. */
  expiresAt?: number;
}

/** One user's authorization of one client for one resource (or, with `grantType`, a client acting alone): what codes, tokens and refreshes hang off. */
export interface GrantRecord {
  id: string;
  clientId: string;
  subject: string;
  scopes: string[];
  resource: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Milliseconds since the epoch: the session end (with delegation, the upstream token's end). */
  expiresAt: number;
  /**
   * The upstream provider's tokens in clear: only without `encryptionKeys` (and, for a store other
   * than `memoryStore`, only with `upstream.storeTokensInClear`).
   */
  upstream?: UpstreamTokens;
  /**
   * The upstream provider's tokens sealed with AES-256-GCM under an operator key
   * (`encryptionKeys`): `<key id>.<base64url IV and ciphertext>`, bound to this grant's id.
   */
  upstreamSealed?: string;
  /** Set when no user is behind the grant: the grant type that made it (`client_credentials`). */
  grantType?: string;
}

/** An authorization code, bound to everything `/token` must check (A-CODE-1). */
export interface CodeRecord {
  grantId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  resource: string;
  subject: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Set by the store once {@link Store.consumeCode} succeeded. */
  used?: boolean;
}

/** A refresh token (stored under its hash). */
export interface RefreshTokenRecord {
  grantId: string;
  clientId: string;
  scopes: string[];
  resource: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Set by the store once the token was rotated; presenting it again is reuse (A-RT-1). */
  rotated?: boolean;
  /** Set by the store with `rotated`: when, in milliseconds since the epoch. */
  rotatedAt?: number;
}

/** An opaque access token (stored under its hash) or the facts introspection reports. */
export interface AccessTokenRecord {
  jti: string;
  grantId: string;
  clientId: string;
  subject: string;
  scopes: string[];
  resource: string;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/**
 * An access-token signing key as the store keeps it for the authorization server, which manages
 * the set (generation, rotation) unless the operator gives `signingKeys`.
 */
export interface StoredSigningKey {
  kid: string;
  /** The JWS algorithm (`ES256` unless rotated to another). */
  alg: string;
  /** The public JWK as `/jwks` publishes it. */
  publicJwk: Jwk;
  /** The private JWK in clear: only when the server has no `encryptionKeys`. */
  privateJwk?: Jwk;
  /** The private JWK sealed with AES-256-GCM under an operator key (`encryptionKeys`): `<key id>.<base64url>`. */
  sealedPrivateJwk?: string;
  /** Milliseconds since the epoch from which the key may sign; it is published from the moment it is stored. */
  signFrom: number;
}

/** The shared signing-key set and its version (1 for the first set stored, +1 per update). */
export interface SigningKeySet {
  version: number;
  keys: StoredSigningKey[];
}

/** Outcome of {@link Store.rotateRefreshToken}. */
export type RotateResult = 'rotated' | 'reused' | 'missing';

/**
 * Everything the authorization server keeps, behind the atomic operations the protocol needs.
 * Times are milliseconds since the epoch; an entry past its expiry behaves as absent. Keys of
 * codes and tokens are SHA-256 hashes, never the values. Implementations run the shared suite in
 * `@mcp-oauth/server-flow/store-tests` against themselves.
 *
 * @example
 * ```ts
 * import { createAuthorizationServer, memoryStore } from '@mcp-oauth/server-flow'
 * const as = createAuthorizationServer({
 *   issuer: 'https://as.example.com', resources: ['https://mcp.example.com/mcp'], scopes: ['mcp:tools'],
 *   autoApprove: { subject: 'test-user' }, // tests only; a Store for production persists across restarts
 *   store: memoryStore(),
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14
 */
export interface Store {
  getClient(clientId: string): Promise<ClientRecord | undefined>;
  putClient(client: ClientRecord): Promise<void>;
  deleteClient(clientId: string): Promise<void>;

  putGrant(grant: GrantRecord): Promise<void>;
  getGrant(grantId: string): Promise<GrantRecord | undefined>;
  /**
   * Atomically replaces a grant that is live (a renewed upstream token); false, and nothing
   * written, when it was revoked, expired or never stored, so a revoked grant never comes back.
   */
  updateGrant(grant: GrantRecord): Promise<boolean>;
  /** Ends a grant: every code, refresh and access token of it stops working. True if it existed. */
  revokeGrant(grantId: string): Promise<boolean>;

  putCode(hash: string, code: CodeRecord): Promise<void>;
  getCode(hash: string): Promise<CodeRecord | undefined>;
  /**
   * Atomically marks a live code used; true for exactly one caller, false if used already, expired
   * or absent. The used record is then kept until `keepUntil` (milliseconds since the epoch) when
   * that is later than the code's own expiry, so a replay after the code's TTL still finds it and
   * ends the grant (A-CODE-1); `getCode` returns a used record until then.
   */
  consumeCode(hash: string, keepUntil?: number): Promise<boolean>;

  putRefreshToken(hash: string, token: RefreshTokenRecord): Promise<void>;
  getRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined>;
  /**
   * Atomically: if `oldHash` is live and not rotated, mark it rotated and store `next` under
   * `newHash` ('rotated'); if it was rotated already ('reused') or is absent ('missing'), store nothing.
   */
  rotateRefreshToken(oldHash: string, newHash: string, next: RefreshTokenRecord): Promise<RotateResult>;

  putAccessToken(hash: string, token: AccessTokenRecord): Promise<void>;
  getAccessToken(hash: string): Promise<AccessTokenRecord | undefined>;
  /** Adds a JWT id to the revocation list until `expiresAt`. */
  revokeAccessToken(jti: string, expiresAt: number): Promise<void>;
  isAccessTokenRevoked(jti: string): Promise<boolean>;

  putConsent(key: string, scopes: string[], expiresAt: number): Promise<void>;
  getConsent(key: string): Promise<string[] | undefined>;

  /**
   * Records `key` until `expiresAt`; true only for the first caller (replay guard for assertion
   * `jti`s and used upstream `state`s). A store with bounded space refuses the write rather than
   * forget a live key: it throws `ServerFlowError` `StoreFull` (as every write of a security record may).
   */
  addIfAbsent(key: string, expiresAt: number): Promise<boolean>;
  /**
   * {@link Store.addIfAbsent} with a bound per group (the client assertion `jti`s of one client,
   * A-DOS-1): records `id` in `group` until `expiresAt` (finite) and resolves `'added'` for the first
   * caller, `'present'` while that id is live, `'full'` (nothing recorded) while the group holds `max`
   * live ids. Atomic: of concurrent callers, at most `max` live ids of a group are ever added.
   * Groups never share ids; `group` contains no line feed.
   */
  addIfAbsentCapped(group: string, id: string, expiresAt: number, max: number): Promise<'added' | 'present' | 'full'>;

  /** The access-token signing keys every instance of the authorization server shares; undefined before the first is stored. */
  getSigningKeys(): Promise<SigningKeySet | undefined>;
  /**
   * Compare-and-set: when the stored set's version is `expectedVersion` (0: none stored yet), stores
   * `keys` as version `expectedVersion + 1` and resolves true; otherwise stores nothing and resolves
   * false. Of concurrent callers with the same `expectedVersion` exactly one wins, so the first
   * instances to start never publish two different keys.
   */
  updateSigningKeys(expectedVersion: number, keys: StoredSigningKey[]): Promise<boolean>;

  /** Short-lived flow state (consent transactions, upstream `state`). */
  putTransaction(id: string, value: Record<string, unknown>, expiresAt: number): Promise<void>;
  /** Atomically reads and deletes; only one caller ever gets the value. */
  takeTransaction(id: string): Promise<Record<string, unknown> | undefined>;
}
