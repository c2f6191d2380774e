/** A `fetch`-compatible function (the global `fetch`, or a test double). */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** RFC 8414 authorization-server metadata, as far as the client reads it. */
export interface AuthorizationServerMetadata {
  readonly issuer: string;
  readonly authorization_endpoint?: string;
  readonly token_endpoint?: string;
  readonly registration_endpoint?: string;
  readonly revocation_endpoint?: string;
  readonly scopes_supported?: readonly string[];
  readonly code_challenge_methods_supported?: readonly string[];
  readonly token_endpoint_auth_methods_supported?: readonly string[];
  readonly grant_types_supported?: readonly string[];
  readonly authorization_response_iss_parameter_supported?: boolean;
  readonly client_id_metadata_document_supported?: boolean;
  readonly dpop_signing_alg_values_supported?: readonly string[];
  readonly [other: string]: unknown;
}

/** RFC 9728 protected-resource metadata, as far as the client reads it. */
export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly authorization_servers?: readonly string[];
  readonly scopes_supported?: readonly string[];
  readonly [other: string]: unknown;
}

/** How the client authenticates at the token endpoint (RFC 7591 §2). */
export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/** A client registration at one authorization server (pre-registered, CIMD or DCR). */
export interface ClientCredentials {
  readonly client_id: string;
  readonly client_secret?: string;
  readonly token_endpoint_auth_method: TokenEndpointAuthMethod;
  /** Unix seconds after which the secret is no longer valid (0 or absent: never). */
  readonly client_secret_expires_at?: number;
  /** The redirect URIs the registration was made for. */
  readonly redirect_uris?: readonly string[];
}

/** Tokens from one authorization server, as stored. */
export interface TokenSet {
  readonly access_token: string;
  /** `Bearer` or `DPoP`. */
  readonly token_type: string;
  readonly refresh_token?: string;
  /** Unix seconds when the access token expires, when the server said. */
  readonly expires_at?: number;
  /** The granted scopes, space-separated, when known. */
  readonly scope?: string;
  /** The issuer of the authorization server that issued the tokens. */
  readonly issuer: string;
}

/** What a pending authorization request must remember until its callback (never shown to users). */
export interface AuthorizationTransaction {
  readonly state: string;
  readonly code_verifier: string;
  /** The issuer the request was sent to (RFC 9207: recorded with the verifier). */
  readonly issuer: string;
  /** Whether that issuer advertised `authorization_response_iss_parameter_supported`. */
  readonly iss_supported: boolean;
  readonly redirect_uri: string;
  readonly resource: string;
  readonly scope?: string;
}

/** The key of one stored record: an MCP server and the authorization-server issuer it uses. */
export interface StoreKey {
  readonly server: string;
  readonly issuer: string;
}

/** What the client stores per MCP server and authorization-server issuer. */
export interface StoredRecord {
  readonly issuer: string;
  readonly client?: ClientCredentials;
  readonly tokens?: TokenSet;
  readonly pending?: AuthorizationTransaction;
}

/**
 * Where the client keeps registrations, tokens and pending authorizations. Records are keyed by MCP
 * server and issuer, so nothing obtained from one authorization server is ever sent to another.
 * `lock`, when present, serialises refreshes across processes. It also keeps, for each
 * pre-registered client given without an issuer, the issuer it was first used with (C-REG-6): key
 * `{ server: 'urn:mcp-oauth:client:<client id, URI-encoded>', issuer: '' }`, record `{ issuer }`.
 */
export interface TokenStore {
  load(key: StoreKey): Promise<StoredRecord | undefined>;
  save(key: StoreKey, record: StoredRecord): Promise<void>;
  delete(key: StoreKey): Promise<void>;
  lock?<T>(key: StoreKey, fn: () => Promise<T>): Promise<T>;
}

/** Options shared by every step that talks to a server. */
export interface HttpOptions {
  /** Defaults to the global `fetch`. */
  readonly fetch?: FetchLike;
  /** Aborts every request of the step. */
  readonly signal?: AbortSignal;
  /**
   * Address policy for server-side clients (C-SSRF-1): called with every OAuth URL (metadata,
   * registration, token, revocation) before it is fetched; `false` refuses it with `InsecureUrl`.
   * E.g. `(u) => !isPrivateAddress(u.hostname)` with `@mcp-oauth/metadata`.
   */
  readonly allowUrl?: (url: URL) => boolean | Promise<boolean>;
  /** Receives a {@link TraceEvent} per request and decision (debugging); never a secret. */
  readonly trace?: (event: TraceEvent) => void;
}

/**
 * One debugging event of the client. It never carries a token, code, verifier, client secret,
 * assertion or query string: `url` is origin and path only.
 * - `http`: an OAuth request (metadata, registration, token, revocation) or the MCP request, and its `status`;
 * - `registration`: how a client with no stored registration gets one (`reason`: `pre-registered`, `cimd`, `dcr`);
 * - `refresh`: why tokens are refreshed (`reason`: `expiring`, `invalid_token`);
 * - `authorize`: a user authorization starts with `scope` (`reason`: `401`, `403`, `call`).
 */
export interface TraceEvent {
  readonly type: 'http' | 'registration' | 'refresh' | 'authorize';
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  readonly reason?: string;
  readonly scope?: string;
}
