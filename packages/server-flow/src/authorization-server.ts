import type { AuthorizationServerMetadata } from '@mcp-oauth/metadata';
import type { Jwk } from '@mcp-oauth/jwt-lite';
import { ServerFlowError } from './errors';
import { buildMetadata, metadataPaths } from './internal/as-metadata';
import { handleAuthorize, handleConsent } from './internal/authorize';
import { checkClientUrlOptions } from './internal/client-urls';
import { createContext } from './internal/context';
import { checkGrantOptions } from './internal/grant-policy';
import { checkDeviceOptions, deviceConfig } from './internal/device-codes';
import { handleDeviceAuthorization } from './internal/device-authorization';
import { handleDevicePage } from './internal/device-verify';
import { addHeaders, preflightHeaders, responseHeaders } from './internal/cors';
import { errorJson, isRead, json, prepare, publicJson, type PreparedResponse } from './internal/http';
import { publicJwks, rotateSigningKey } from './internal/keys';
import { handleClientConfiguration, handleRegister } from './internal/register';
import { handleIntrospect, handleRevoke } from './internal/revoke';
import { handleToken } from './internal/token';
import { handleCallback, upstreamFetch, upstreamToken } from './internal/upstream-flow';
import { verifyOwnToken } from './internal/verify-own-token';
import type { AccessTokenSigningKey, AuthorizationServerOptions } from './options';
import type { Principal, TokenVerifier } from './principal';
import type { Store } from './store';

/** Per-request facts a server adapter knows and a Fetch `Request` does not. */
export interface RequestContext {
  /** The peer's address (for the registration rate limit). */
  clientAddress?: string;
}

/** An authorization server: one Fetch handler for every endpoint, plus what the host needs around it. */
export interface AuthorizationServer {
  readonly issuer: string;
  readonly store: Store;
  /**
   * Delegation: the redirect URI registered at the upstream provider (the callback endpoint's
   * absolute URL, issuer path and `paths.callback` applied); `undefined` without `upstream`.
   */
  readonly upstreamCallbackUrl: string | undefined;
  /** Answers every AS endpoint; 404 for other paths. Never throws for bad input. */
  handle(request: Request, context?: RequestContext): Promise<Response>;
  /**
   * The response to a GET or HEAD of `path` when it is ready before any request: the metadata at
   * each of its well-known paths, once built (the first request builds it). For adapters that answer
   * without Fetch objects (`toNodeHandler(handler, { prepared: [as] })`): the same status, headers
   * and body as `handle`. `undefined` for anything else. `path` is the request target's path, no query.
   */
  prepared(method: string, path: string): PreparedResponse | undefined;
  /** The RFC 8414 document served at the well-known URL. */
  metadata(): Promise<AuthorizationServerMetadata>;
  /** The public keys served at `/jwks`. */
  jwks(): Promise<{ keys: Jwk[] }>;
  /** A verifier for a protected resource in the same process: signature, expiry, audience, grant alive, not revoked. */
  verifier(): TokenVerifier;
  /** Ends a grant: its refresh and access tokens stop working at once. */
  revokeGrant(grantId: string): Promise<boolean>;
  /**
   * Rotates the access-token signing key. Without `key` and with store-managed keys (no
   * `signingKeys` option): a fresh key of the current algorithm is stored for every instance on the
   * store and published at once, and it signs `options.delay` seconds later (default
   * `signingKeyRefresh` + 300, the `/jwks` cache time: by then every instance and every cached
   * `/jwks` has it); a pending key that never signed is replaced; the key signing now, `keep - 1`
   * older keys and every key whose tokens may still be live stay published. With `key`, or
   * operator-managed keys: `key` (or a fresh one) signs at once in this server object only, the
   * store's set is no longer used by it, and `keep` (default 1) older keys stay published.
   * @throws {RangeError} when `options.delay` is negative or not a number.
   */
  rotateSigningKey(key?: AccessTokenSigningKey, keep?: number, options?: { delay?: number }): Promise<void>;
  /**
   * Delegation: the upstream access token held for this caller's grant (never sent to the MCP
   * client), renewed first with the upstream refresh token when it has expired (one renewal per
   * grant at a time, across instances). Rejects with `InvalidToken` when the grant has ended (the
   * provider refused the renewal: the grant ends) or its tokens do not open with `encryptionKeys`,
   * `UpstreamFailed` when the provider could not be reached.
   */
  upstreamToken(principal: Principal): Promise<string>;
  /** Delegation: `fetch` to the upstream API with the grant's upstream token (renewed as by `upstreamToken`); a 401 from upstream ends the grant. */
  upstreamFetch(principal: Principal, input: string | URL, init?: RequestInit): Promise<Response>;
}

const METADATA_HEADERS: Record<string, string> = { ...publicJson(), ...responseHeaders('*') };

/**
 * Creates an OAuth 2.1 authorization server for MCP as Fetch handlers: metadata (RFC 8414),
 * `/authorize` with PKCE S256 and consent, `/token` (authorization_code, refresh_token with rotation
 * and reuse detection, client_credentials), `/register` (RFC 7591/7592), `/revoke` (RFC 7009),
 * `/introspect` (RFC 7662), `/jwks`, and, with `upstream`, the delegation callback.
 *
 * The endpoints a browser client calls (metadata, `/token`, `/register` and `/register/<id>`,
 * `/revoke`, `/jwks`) answer CORS preflights (204) and carry `Access-Control-Allow-Origin: *`
 * (they take no cookies, so any origin may call them) with `WWW-Authenticate` and `DPoP-Nonce`
 * exposed; `/authorize`, the consent form, the callback and `/introspect` never carry CORS headers.
 *
 * URL client ids (CIMD) and `jwks_uri` are fetched only through `clientUrlGuard` (A-SSRF-1); without
 * one, CIMD is off and registration refuses `jwks_uri`. Self-registered clients (DCR, CIMD) get
 * tokens only through a user's authorization; grants without a user (`client_credentials`) are for
 * configured clients that list them, or clients `allowGrantWithoutUser` accepts (A-ANON-1).
 * `/introspect` answers only `introspectionClients` (A-INTRO-1).
 *
 * @throws {TypeError} for an invalid option (issuer not https/loopback, no resources, no way to know
 * the user, `clientIdMetadataDocuments` without `clientUrlGuard`, a guard with neither `resolve` nor a
 * pinned `fetch`, an `introspectionClients` id that is not a confidential configured client).
 * @throws {RangeError} for a non-positive lifetime or limit.
 * @example
 * ```ts
 * import { createAuthorizationServer, type AuthenticatedUser } from '@mcp-oauth/server-flow'
 * declare function session(request: Request): Promise<AuthenticatedUser | undefined>
 * const as = createAuthorizationServer({
 *   issuer: 'https://auth.example.com',
 *   resources: ['https://mcp.example.com/mcp'],
 *   scopes: ['mcp:tools', 'mcp:exec:*'],
 *   authenticate: async (req) => (await session(req)) ?? Response.redirect('https://auth.example.com/login', 303),
 * })
 * export default { fetch: (req: Request) => as.handle(req) }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export function createAuthorizationServer(options: AuthorizationServerOptions): AuthorizationServer {
  const ctx = createContext(options);
  checkGrantOptions(options);
  checkDeviceOptions(options);
  if (!options.authenticate && !options.autoApprove && !options.upstream) throw new TypeError('one of authenticate, autoApprove or upstream is required');
  checkClientUrlOptions(options);
  const wellKnown = new Set(metadataPaths(ctx));
  const p = ctx.paths;
  const registerPrefix = `${p.register}/`;
  // The document is built and encoded once (again after a key rotation); once ready, `prepared`
  // hands it to adapters as is and `handle` wraps it in one Response.
  let metadataBody: Promise<PreparedResponse> | undefined;
  let metadataReady: PreparedResponse | undefined;
  const metadataResponse = async (): Promise<Response> => {
    let r = metadataReady;
    if (r === undefined) {
      const p = (metadataBody ??= buildMetadata(ctx).then((m) => prepare(JSON.stringify(m), METADATA_HEADERS)));
      r = await p;
      if (metadataBody === p) metadataReady = r;
    }
    return new Response(r.body, { headers: r.headers });
  };

  /** The methods a browser may use cross-origin on `path`, or `undefined` for a non-CORS path. */
  function corsMethods(path: string): string | undefined {
    if (wellKnown.has(path) || path === p.jwks) return 'GET, HEAD';
    if (path === p.token || path === p.revoke) return 'POST';
    if (options.registration === false) return undefined;
    if (path === p.register) return 'POST';
    return clientConfigurationId(path) === undefined ? undefined : 'GET, PUT, DELETE';
  }

  function clientConfigurationId(path: string): string | undefined {
    if (!path.startsWith(registerPrefix)) return undefined;
    let id: string;
    try { id = decodeURIComponent(path.slice(registerPrefix.length)); } catch { return undefined; }
    return id !== '' && !id.includes('/') ? id : undefined;
  }

  async function route(request: Request, path: string, context: RequestContext): Promise<Response> {
    switch (path) {
      case p.authorize: return handleAuthorize(ctx, request);
      case p.consent: return handleConsent(ctx, request);
      case p.token: return handleToken(ctx, request);
      case p.jwks: return new Response(JSON.stringify(await publicJwks(ctx)), { headers: publicJson(300) });
      case p.revoke: return handleRevoke(ctx, request);
      case p.introspect: return handleIntrospect(ctx, request);
      case p.callback: if (options.upstream) return handleCallback(ctx, request); break;
      case p.register: if (options.registration !== false) return handleRegister(ctx, request, context.clientAddress); break;
      case p.deviceAuthorization: if (deviceConfig(ctx)) return handleDeviceAuthorization(ctx, request, context.clientAddress); break;
      case p.device: if (deviceConfig(ctx)) return handleDevicePage(ctx, request, context.clientAddress); break;
    }
    const id = options.registration === false ? undefined : clientConfigurationId(path);
    if (id !== undefined) return handleClientConfiguration(ctx, request, id);
    return json({ error: 'not_found' }, 404);
  }

  return {
    issuer: ctx.issuer,
    store: ctx.store,
    upstreamCallbackUrl: options.upstream ? ctx.urls.callback : undefined,
    async handle(request, context = {}) {
      let path = '';
      try { path = new URL(request.url).pathname; } catch { /* an unparsable URL is a 404 below */ }
      const methods = corsMethods(path);
      if (methods !== undefined && request.method === 'OPTIONS') return new Response(null, { status: 204, headers: preflightHeaders('*', methods) });
      let response: Response;
      let corsDone = false;
      try {
        if (wellKnown.has(path)) { response = await metadataResponse(); corsDone = true; } // CORS headers built in
        else response = await route(request, path, context);
      } catch (e) {
        response = errorJson(e instanceof ServerFlowError ? e : new ServerFlowError('ServerError'));
      }
      return methods === undefined || corsDone ? response : addHeaders(response, responseHeaders('*'));
    },
    prepared: (method, path) => (isRead(method) && wellKnown.has(path) ? metadataReady : undefined),
    metadata: () => buildMetadata(ctx),
    jwks: () => publicJwks(ctx),
    verifier: () => (token, resource) => verifyOwnToken(ctx, token, resource),
    revokeGrant: async (id) => {
      const had = await ctx.store.revokeGrant(id);
      if (had) ctx.audit({ type: 'grant.revoked', grantId: id });
      return had;
    },
    rotateSigningKey: async (key, keep = 1, opts = {}) => {
      if (opts.delay !== undefined && !(Number.isFinite(opts.delay) && opts.delay >= 0)) throw new RangeError('delay must be a non-negative number of seconds');
      await rotateSigningKey(ctx, key, keep, opts.delay === undefined ? undefined : opts.delay * 1000);
      metadataBody = metadataReady = undefined;
    },
    upstreamToken: (principal) => upstreamToken(ctx, principal),
    upstreamFetch: (principal, input, init) => upstreamFetch(ctx, principal, input, init),
  };
}
