import type { ClientRegistrationPolicy, TokenEndpointAuthMethod } from '@mcp-oauth/dcr';
import type { FetchClientIdMetadataDocumentOptions } from '@mcp-oauth/dcr/cimd';
import type { Jwk, JwtKey } from '@mcp-oauth/jwt-lite';
import type { ClientRecord, Store } from './store';
import type { AuditEvent } from './audit';
import type { UpstreamOptions } from './upstream';

/** Who the user is, as the host application's login decided. */
export interface AuthenticatedUser {
  /** Stable user id; becomes the token's `sub`. */
  subject: string;
}

/** What a consent decision is asked about. */
export interface ConsentContext {
  subject: string;
  clientId: string;
  clientName: string | undefined;
  redirectUri: string;
  scopes: string[];
  resource: string;
  /** `dcr` and `cimd` clients are untrusted: the default page warns about them. */
  clientSource: 'config' | 'dcr' | 'cimd';
  request: Request;
}

/** A client configured in code (pre-registered); its secret is hashed at startup and never kept. */
export interface PreRegisteredClient {
  client_id: string;
  client_secret?: string;
  redirect_uris?: string[];
  token_endpoint_auth_method?: TokenEndpointAuthMethod;
  /**
   * Default `["authorization_code", "refresh_token"]`. List `client_credentials` to make this a
   * machine client (confidential only): it then gets tokens with no user behind them, within `scope`.
   */
  grant_types?: string[];
  /**
   * The most this client may get, space-separated (a `prefix:*` entry covers its sub-scopes), for
   * every grant. For a grant without a user (`client_credentials`) no user's consent narrows it:
   * without `scope`, such a client gets only `defaultScopes` and is refused anything else
   * (`invalid_scope`), so set it to what the machine needs, no more.
   */
  scope?: string;
  client_name?: string;
  jwks?: { keys: Record<string, unknown>[] };
}

/** A signing key for access tokens, as `generateSigningKey` from `@mcp-oauth/jwt-lite` returns it. */
export interface AccessTokenSigningKey {
  privateKey: JwtKey;
  publicJwk: Jwk;
}

/**
 * Options of `createAuthorizationServer`. `issuer`, `resources` and `scopes` are required, plus one
 * way to know the user: `authenticate`, `autoApprove` (tests) or `upstream` (delegation).
 *
 * @example
 * ```ts
 * import type { AuthenticatedUser, AuthorizationServerOptions } from '@mcp-oauth/server-flow'
 * declare function session(request: Request): Promise<AuthenticatedUser | undefined>
 * const options: AuthorizationServerOptions = {
 *   issuer: 'https://auth.example.com', resources: ['https://mcp.example.com/mcp'], scopes: ['mcp:tools'],
 *   authenticate: async (req) => (await session(req)) ?? Response.redirect('https://auth.example.com/login', 303),
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export interface AuthorizationServerOptions {
  /** The issuer identifier (https, or http on loopback); may carry a path (`https://as.example/tenant1`). */
  issuer: string;
  /** RFC 8707 resource identifiers tokens may be issued for; the first is used when a request names none. */
  resources: readonly string[];
  /** `scopes_supported`; a `prefix:*` entry allows every scope under it (see `scopeCovers`). */
  scopes: readonly string[];
  /** Scopes granted when a request names none. Default: none. */
  defaultScopes?: readonly string[];
  /** Storage. Default: a fresh `memoryStore()`. */
  store?: Store;
  /** Signing keys, newest first: the first signs, all are published on `/jwks`. Default: one generated ES256 key. */
  signingKeys?: readonly AccessTokenSigningKey[];
  /** Who is the user: a user, or a Response (a login page or redirect) to send instead. */
  authenticate?: (request: Request) => Promise<AuthenticatedUser | Response>;
  /** The host's consent decision; `prompt` (the default) shows the built-in consent page. */
  consent?: (context: ConsentContext) => Promise<'approve' | 'deny' | 'prompt'>;
  /** Test mode: every authorization is approved for this fixed user, no page shown. Never in production. */
  autoApprove?: AuthenticatedUser;
  /** Consent memory per user, client, redirect URI and resource, in seconds; 0 disables. Default 30 days. CIMD clients are never remembered. */
  consentMemory?: number;
  /** Pre-registered clients. */
  clients?: readonly PreRegisteredClient[];
  /**
   * Lets a client that the operator did not configure use a grant without a user
   * (`client_credentials` today, any grant but `authorization_code` and `refresh_token` tomorrow).
   * Default: none may (A-ANON-1). Called at registration, at each RFC 7592 update and at each token
   * request with the client's current record; only `true` allows (a throw refuses, as a 500), and
   * the client must also list the grant in its `grant_types`. Configured clients do not need it.
   *
   * Risk: anyone can register a client, so whatever this returns true for is a token with no user
   * behind it, for anyone who can make such a registration. Decide on facts the registrant cannot
   * invent (a `software_statement` verified by `registration.policy.verifySoftwareStatement`, keys you
   * issued), never on `client_name` or `software_id` alone; and look at `client.metadata.scope`, which
   * caps what the grant gets (a self-registered client without `scope` gets only `defaultScopes`).
   *
   * @example
   * ```ts
   * import type { AuthorizationServerOptions } from '@mcp-oauth/server-flow'
   * const allowGrantWithoutUser: AuthorizationServerOptions['allowGrantWithoutUser'] = (client, grantType) =>
   *   grantType === 'client_credentials' && client.metadata.software_statement !== undefined && client.metadata.scope === 'mcp:read'
   * ```
   */
  allowGrantWithoutUser?: (client: ClientRecord, grantType: string) => boolean | Promise<boolean>;
  /**
   * The client ids allowed to call `/introspect` (RFC 7662): your resource servers, each a
   * confidential client of `clients`. Default: none, and `introspection_endpoint` is not advertised.
   * Any other caller gets no token facts: 401 `invalid_client` without valid credentials of a
   * configured client (self-registered and CIMD ids are not even looked up), 403 `access_denied` for
   * a configured client not listed.
   * Risk: a listed client learns the subject, client and scopes of any token it holds.
   */
  introspectionClients?: readonly string[];
  /** Dynamic Client Registration (RFC 7591/7592); `false` disables. */
  registration?: false | {
    /** Registrations per client address per window. Default 20 per hour. */
    rateLimit?: { limit: number; windowMs: number };
    /** Client secret lifetime in seconds; 0 = never expires. Default 90 days. */
    secretLifetime?: number;
    policy?: ClientRegistrationPolicy;
  };
  /** Client ID Metadata Documents (URL client ids); `false` disables. */
  clientIdMetadataDocuments?: false | Pick<FetchClientIdMetadataDocumentOptions, 'fetch' | 'resolve' | 'timeout' | 'policy'>;
  /** Token lifetimes in seconds and format. */
  tokens?: {
    /** `jwt` (RFC 9068, default) or `opaque` (checked by introspection). */
    format?: 'jwt' | 'opaque';
    /** Default 600. */
    accessTokenTtl?: number;
    /** Default 30 days; the grant lives as long. */
    refreshTokenTtl?: number;
    /** Default 60. */
    codeTtl?: number;
  };
  /** Endpoint paths under the issuer. */
  paths?: Partial<Record<'authorize' | 'consent' | 'token' | 'register' | 'revoke' | 'introspect' | 'jwks' | 'callback', string>>;
  /** Also serve OpenID Provider discovery metadata. Default false. */
  openidDiscovery?: boolean;
  /** Receives one event per authorization, token, refresh, reuse, revocation and failure. */
  audit?: (event: AuditEvent) => void;
  /** Delegation to an upstream OAuth provider (the user signs in there). */
  upstream?: UpstreamOptions;
  /** Size limits in bytes. Defaults: body 16 KiB, URL 8 KiB. */
  limits?: { maxBodyBytes?: number; maxUrlBytes?: number };
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}
