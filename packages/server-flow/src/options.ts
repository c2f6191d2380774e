import type { ClientRegistrationPolicy, TokenEndpointAuthMethod } from '@mcp-oauth/dcr';
import type { CryptoProvider, Jwk, JwtKey } from '@mcp-oauth/jwt-lite';
import type { ClientRecord, Store } from './store';
import type { AuditEvent } from './audit';
import type { UpstreamOptions } from './upstream';
import type { DeviceAuthorizationOptions } from './device-options';

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

/**
 * The guard every fetch of a URL a client supplied goes through (A-SSRF-1): Client ID Metadata
 * Documents and the `jwks_uri` of `private_key_jwt` clients. The URL must be https and may not
 * name an IP literal or `localhost` host; the address the name resolves to must be public
 * (checked by `resolve`, or by a `fetch` that checks and pins it); redirects are refused; each
 * fetch is bounded in time and size (CIMD 5 KiB, JWK Sets 64 KiB); documents, key sets and
 * failures are cached per server instance, failures for `cooldown` seconds, in caches of at most
 * `maxEntries` URLs each (oldest dropped first).
 *
 * On Node, `createClientUrlGuard()` from `@mcp-oauth/node` builds one around its DNS-pinning fetch.
 * Elsewhere give `resolve` (a DNS lookup returning every A and AAAA answer); the runtime's `fetch`
 * then connects by name again, so a DNS answer that changes between check and connect (rebinding)
 * is not stopped: prefer a pinning fetch where the runtime has one.
 *
 * @example
 * ```ts
 * import type { ClientUrlGuard } from '@mcp-oauth/server-flow'
 * declare function lookupAll(hostname: string): Promise<string[]> // e.g. DNS A + AAAA answers
 * const clientUrlGuard: ClientUrlGuard = { resolve: lookupAll, timeout: 3000 }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.13
 */
export interface ClientUrlGuard {
  /**
   * Resolves a hostname to every address it has; a fetch is refused unless every answer is a
   * public IP address. Required unless `pinned` is `true`.
   */
  resolve?: (hostname: string) => Promise<readonly string[]>;
  /** The `fetch` to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * `true` declares that `fetch` itself resolves the host, refuses any non-public answer and connects
   * to the address it checked (`createPinnedFetch` of `@mcp-oauth/node` does; the global `fetch`
   * does not). With it `resolve` may be left out. Set for a fetch that does not pin, names are
   * then fetched without any check of the address they resolve to.
   */
  pinned?: boolean;
  /** Milliseconds for one fetch, request and body. Default 5000. */
  timeout?: number;
  /** Seconds a failed URL is not fetched again (and a key set is not refetched for an unknown `kid`). Default 30. */
  cooldown?: number;
  /** Most URLs kept per cache (CIMD documents and failures; JWK Sets). Default 1000. */
  maxEntries?: number;
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
  /**
   * Operator-managed signing keys, newest first: the first signs, all are published on `/jwks`; the
   * store's keys are then not used. Default: store-managed keys: the first instance on a store
   * generates one ES256 key and stores it (private JWK sealed under `encryptionKeys`, in clear
   * without them), every instance on that store signs with and publishes the same set, a restart
   * keeps it, and `rotateSigningKey()` publishes a new key before any instance signs with it.
   */
  signingKeys?: readonly AccessTokenSigningKey[];
  /**
   * Store-managed keys: seconds after which an instance reads the shared key set again (so it
   * publishes a key another instance stored). A rotation's new key signs only after this plus the
   * `/jwks` cache time (300 s). Default 60.
   */
  signingKeyRefresh?: number;
  /**
   * Operator secrets (each at least 32 random characters), current first, that seal what the store
   * keeps of value to a thief: upstream tokens of delegation grants and store-managed private
   * signing keys (AES-256-GCM under a key derived with HKDF; the key's id, not secret, is stored
   * with each ciphertext). To rotate, put the new secret first and keep the old ones until every
   * record sealed with them has expired (upstream tokens are sealed again at each renewal). Without
   * it both are stored in clear; with `upstream` and a store other than `memoryStore()` it is
   * required unless `upstream.storeTokensInClear` is set.
   */
  encryptionKeys?: readonly string[];
  /**
   * Computes JWT signatures and their checks (access tokens, client assertions), and, when it has
   * `digest` and `random`, the SHA-256 hashes codes, tokens, secrets and PKCE verifiers are stored
   * and checked under and the random values of codes and tokens; default `crypto.subtle` and
   * `crypto.getRandomValues`. On Node, `nodeCryptoProvider()` of `@mcp-oauth/node` gives the same
   * results faster (`mcpAuth` uses it).
   */
  crypto?: CryptoProvider;
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
  /**
   * The device authorization grant (RFC 8628) for hosts without a browser: `POST /device_authorization`,
   * the user-code page at `/device` (same login, consent, CSRF, framing and audit rules as
   * `/authorize`; consent memory never skips its confirmation), and the device-code grant at `/token`,
   * advertised in the metadata. A self-registered client may use it only when its registration lists
   * `urn:ietf:params:oauth:grant-type:device_code`; it is a grant with a user (A-ANON-1). Default: off.
   *
   * Risk: device-code phishing (RFC 8628 §5.4). Anyone can start a device authorization and send its
   * user code or `verification_uri_complete` to a victim; a victim who signs in and approves hands the
   * attacker a token. The page names the client, warns about codes received from someone else and
   * always asks; enable it only for users who need it (CLIs and headless hosts).
   */
  deviceAuthorization?: boolean | DeviceAuthorizationOptions;
  /** Dynamic Client Registration (RFC 7591/7592); `false` disables. */
  registration?: false | {
    /**
     * Registrations per caller address (IPv6: per /64) per window. Default 20 per hour; at most
     * `maxKeys` addresses are tracked (default 10,000; the oldest window is dropped first). The
     * address comes from `handle(request, { clientAddress })` or `trustedProxyHeader`; with neither,
     * registration answers 500 `server_error` (never one bucket shared by every caller, A82).
     */
    rateLimit?: { limit: number; windowMs: number; maxKeys?: number };
    /**
     * Seconds a self-registered client is kept before a user first authorizes it (A-DOS-1); each
     * authorization keeps it until 30 days after its newest grant ends. Default 86,400 (one day). Registration is
     * anonymous, so an unused registration must not live forever; a client that finds its id
     * unknown registers again.
     */
    unusedClientLifetime?: number;
    /** Client secret lifetime in seconds; 0 = never expires. Default 90 days. */
    secretLifetime?: number;
    policy?: ClientRegistrationPolicy;
  };
  /**
   * How the server fetches URLs that clients supply: CIMD documents and `jwks_uri` (A-SSRF-1).
   * Without it, URL client ids are unknown clients and registration refuses `jwks_uri`
   * (`invalid_client_metadata`); `private_key_jwt` clients then register keys by value (`jwks`).
   */
  clientUrlGuard?: ClientUrlGuard;
  /**
   * Client ID Metadata Documents (URL client ids): fetched through `clientUrlGuard`. Default: on
   * when `clientUrlGuard` is given, off otherwise; `true` or an object without a `clientUrlGuard`
   * is a `TypeError`. `policy` restricts what a document may ask for. Risk: any caller can make
   * the server fetch a URL of its choice, which the guard bounds.
   */
  clientIdMetadataDocuments?: boolean | { policy?: ClientRegistrationPolicy };
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
  paths?: Partial<Record<'authorize' | 'consent' | 'token' | 'register' | 'revoke' | 'introspect' | 'jwks' | 'callback' | 'deviceAuthorization' | 'device', string>>;
  /** Also serve OpenID Provider discovery metadata. Default false. */
  openidDiscovery?: boolean;
  /** Receives one event per authorization, token, refresh, reuse, revocation and failure. */
  audit?: (event: AuditEvent) => void;
  /** Delegation to an upstream OAuth provider (the user signs in there). */
  upstream?: UpstreamOptions;
  /**
   * A request header set by the one reverse proxy in front of this server that names the caller's
   * address, for per-caller limits (A82): `x-forwarded-for` (its rightmost entry, the one the proxy
   * appended), `forwarded` (RFC 7239, the last element's `for=`), or a single-address header such as
   * `cf-connecting-ip` or `x-real-ip`. When present it overrides the `clientAddress` the adapter passes
   * (a value that is not an IP address leaves the request without an address). Risk: set it
   * only when every request passes through that proxy and the proxy overwrites or appends the header;
   * otherwise any caller can name any address and escape the registration rate limit. Default: unset
   * (only `clientAddress` is used). Lower-case header name.
   */
  trustedProxyHeader?: string;
  /**
   * Size limits in bytes (defaults: body 16 KiB, URL 8 KiB), and `assertionsPerClient`: how many
   * `private_key_jwt` assertions of one client may be live at once (each `jti` is remembered until
   * its `exp` + 30 s, at most an hour). Past it that client alone is refused (`invalid_client`) until
   * one expires, so a client minting fresh `jti`s cannot fill the store's replay marks for everyone
   * (A-DOS-1). Default 100: with 60-second assertions, 100 token requests a minute.
   */
  limits?: { maxBodyBytes?: number; maxUrlBytes?: number; assertionsPerClient?: number };
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}
