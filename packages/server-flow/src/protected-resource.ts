import { protectedResourceMetadata } from '@mcp-oauth/metadata';
import type { ProtectedResourceMetadata } from '@mcp-oauth/metadata';
import { createBearerCheck, type Denial } from './internal/bearer-check';
import { preflightHeaders } from './internal/cors';
import { isRead, prepare, publicJson, readBody, type PreparedResponse } from './internal/http';
import { resourceCors } from './internal/resource-cors';
import type { Principal, TokenVerifier } from './principal';
import { missingScopes } from './scopes';
import type { TokenRejectEvent, TokenRejectReason } from './token-reject';

const MAX_FORM = 65_536;
/**
 * The `cors` option of {@link createProtectedResource}.
 *
 * @example
 * ```ts
 * import type { ResourceCorsOptions } from '@mcp-oauth/server-flow'
 * const cors: ResourceCorsOptions = { origins: ['https://app.example.com'] }
 * ```
 */
export interface ResourceCorsOptions {
  /** Exact origins allowed to read the resource's responses (`https://app.example.com`), or `'*'` for any. */
  origins: '*' | readonly string[];
}

/** Options of {@link createProtectedResource}. */
export interface ProtectedResourceOptions {
  /** This resource's identifier (RFC 8707/9728), e.g. `https://mcp.example.com/mcp`; tokens must name it exactly as `aud`. */
  resource: string;
  /** Issuers whose tokens are accepted (listed in the PRM document). */
  authorizationServers: readonly string[];
  /** Checks a token: `as.verifier()`, `jwtVerifier(...)` or `introspectionVerifier(...)`. */
  verifier: TokenVerifier;
  /** `scopes_supported` in the PRM document (`offline_access` is never advertised). */
  scopesSupported?: readonly string[];
  /** Scopes every request needs; named in 401 challenges and checked by `authenticate`. */
  requiredScopes?: readonly string[];
  /** `resource_name` in the PRM document. */
  resourceName?: string;
  /** Largest `Authorization` header accepted, in bytes. Default 8192. */
  maxAuthorizationBytes?: number;
  /**
   * CORS for browser-based MCP clients; off by default (same-origin only). `origins` is an
   * allowlist of exact origins (`https://app.example.com`) or `'*'` (safe for bearer-only
   * endpoints: browsers send no cookies with `*`). When on, `authenticate`'s challenges and
   * `corsHeaders(request)` carry `Access-Control-Allow-Origin` and expose `WWW-Authenticate`,
   * `DPoP-Nonce` and `Mcp-Session-Id`, and `handlePreflight` answers OPTIONS at the resource
   * (allowing `Authorization`, `Content-Type`, `DPoP`, `MCP-Protocol-Version`, `Mcp-Session-Id`,
   * `Last-Event-ID`; methods GET, POST, DELETE).
   */
  cors?: ResourceCorsOptions;
  /**
   * Called once for every request this resource refuses (400, 401, 403 or 503 from `authenticate`,
   * `authenticateHeaders` or `requireScopes`), with the coded {@link TokenRejectReason}, the
   * method and path, and the client and subject when the token was verified far enough to name
   * them. Never given the token or a header value. For logs and metrics: a refused token is
   * otherwise silent on the server. The answer is the same whatever the hook does; an exception
   * or a rejected promise from it is swallowed, and it is not awaited. Default: none.
   */
  onReject?: (event: TokenRejectEvent) => void | Promise<void>;
}

/** What {@link ProtectedResource.authenticate} returns: the caller, or the exact response to send. */
export type AuthenticateResult = { ok: true; principal: Principal } | { ok: false; response: Response };

/**
 * The parts of an HTTP request the bearer check reads, for servers without a Fetch `Request`
 * (`protectNodeHandler` in `@mcp-oauth/node` uses it on `IncomingMessage` headers).
 */
export interface BearerRequestParts {
  /** The `Authorization` header; `null`/`undefined` when absent. */
  authorization: string | null | undefined;
  /** The request target (`/mcp?x=1`) or absolute URL: a token in its query is refused (400). */
  target: string;
  /** The `Origin` header, for the `cors` headers on a refusal. */
  origin?: string | null | undefined;
  /** The body, when the request has an `application/x-www-form-urlencoded` one: a token in it is refused (400). */
  formBody?: string | undefined;
  /** The request method, for the `onReject` hook only. */
  method?: string | undefined;
}

/** What {@link ProtectedResource.authenticateHeaders} returns: the caller, or the refusal as plain values. */
export type HeaderAuthenticateResult =
  | { ok: true; principal: Principal }
  | { ok: false; status: number; headers: Record<string, string>; body: string | null };

/** The resource-server side of MCP authorization. */
export interface ProtectedResource {
  /** The PRM URL to advertise (`resource_metadata`): the path-based well-known URL of the resource. */
  readonly metadataUrl: string;
  /** The PRM document (RFC 9728 §2). */
  readonly metadata: ProtectedResourceMetadata;
  /** Answers GET/HEAD (and the CORS preflight, 204) for the PRM document at its well-known path(s); `undefined` for any other path. */
  handleMetadata(request: Request): Response | undefined;
  /** The PRM document's response to a GET or HEAD of `path` (a well-known path of it, no query), as `handleMetadata` sends it; `undefined` for anything else. For adapters that answer without Fetch objects. */
  prepared(method: string, path: string): PreparedResponse | undefined;
  /** Verifies the bearer token of a request: the principal, or a 400/401/403 with a correct `WWW-Authenticate` (and CORS headers when `cors` allows the request's origin). */
  authenticate(request: Request): Promise<AuthenticateResult>;
  /** The same check as `authenticate` on plain header values: same statuses, same `WWW-Authenticate`, no Fetch objects. */
  authenticateHeaders(parts: BearerRequestParts): Promise<HeaderAuthenticateResult>;
  /** `undefined` when the principal has every scope (hierarchy honoured), else the 403 `insufficient_scope` naming all of `scopes`; pass the request to get CORS headers on it. */
  requireScopes(principal: Principal, scopes: readonly string[], request?: Request): Response | undefined;
  /** The CORS headers to add to the host's own responses for this request, or for this `Origin` header value (`{}` when `cors` is off; only `Vary` when the origin is not allowed). */
  corsHeaders(request: Request | string | null | undefined): Record<string, string>;
  /** With `cors`: the 204 answer to an OPTIONS preflight at the resource's path (403 for an origin not allowed); `undefined` for anything else. */
  handlePreflight(request: Request): Response | undefined;
}

/**
 * Creates the protected-resource side: the PRM document and endpoint (R-PRM-1) and a bearer check
 * that answers exactly as RFC 6750 and RFC 9728 say: no credentials → 401 with `resource_metadata`
 * (and `scope`), an invalid, expired, revoked or foreign-audience token → 401 `invalid_token`,
 * conflicting token methods or an oversized header → 400 `invalid_request`, a missing scope → 403
 * `insufficient_scope`. Tokens in a query string are never accepted. `onReject` tells the server
 * why each refusal happened ({@link TokenRejectReason}).
 *
 * @throws {TypeError} for a missing verifier or authorization server, an invalid `cors` option, or an `onReject` that is not a function.
 * @throws {MetadataError} `InsecureUrl` for a resource that is not https (loopback http allowed).
 * @example
 * ```ts
 * import { createProtectedResource, type AuthorizationServer } from '@mcp-oauth/server-flow'
 * declare const as: AuthorizationServer
 * const rs = createProtectedResource({ resource: 'https://mcp.example.com/mcp', authorizationServers: [as.issuer], verifier: as.verifier() })
 * async function handleMcp(request: Request): Promise<Response> {
 *   const auth = await rs.authenticate(request)
 *   if (!auth.ok) return auth.response
 *   return Response.json({ hello: auth.principal.subject })
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5
 */
export function createProtectedResource(options: ProtectedResourceOptions): ProtectedResource {
  if (typeof options?.verifier !== 'function') throw new TypeError('verifier must be a function');
  const resource = options.resource;
  const metadata = protectedResourceMetadata({
    resource, authorization_servers: [...options.authorizationServers],
    ...(options.scopesSupported ? { scopes_supported: [...options.scopesSupported] } : {}),
    ...(options.resourceName ? { resource_name: options.resourceName } : {}),
  });
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname;
  const metadataPaths = new Set([`/.well-known/oauth-protected-resource${path}`]);
  if (path === '') metadataPaths.add('/.well-known/oauth-protected-resource');
  const metadataUrl = `${url.origin}/.well-known/oauth-protected-resource${path}`;
  const required = (options.requiredScopes ?? []).filter((s) => s !== 'offline_access');
  const maxHeader = options.maxAuthorizationBytes ?? 8192;
  const document = prepare(JSON.stringify(metadata), publicJson());
  const cors = resourceCors(options.cors);
  const origin = (request: Request | undefined): string | null => request?.headers.get('origin') ?? null;

  if (options.onReject !== undefined && typeof options.onReject !== 'function') throw new TypeError('onReject must be a function');
  const bearer = createBearerCheck({ resource, metadataUrl, verifier: options.verifier, required, maxHeader, cors, onReject: options.onReject });
  const toResponse = (d: Denial): Response => new Response(d.body, { status: d.status, headers: d.headers });
  const toResult = (r: HeaderAuthenticateResult): AuthenticateResult => (r.ok ? r : { ok: false, response: toResponse(r) });

  const requireScopes = (principal: Principal, scopes: readonly string[], request?: Request): Response | undefined => {
    if (missingScopes(principal.scopes, scopes).length === 0) return undefined;
    bearer.report({ target: request?.url ?? url.pathname, method: request?.method }, 403, 'insufficient_scope', principal);
    return toResponse(bearer.challenge(origin(request), 403, 'insufficient_scope', scopes));
  };

  return {
    metadataUrl,
    metadata,
    handleMetadata(request) {
      if (!metadataPaths.has(new URL(request.url).pathname)) return undefined;
      // A public document: any origin may read it, whatever `cors` says about the resource.
      if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: preflightHeaders('*', 'GET, HEAD', 'mcp-protocol-version') });
      if (!isRead(request.method)) return new Response(null, { status: 405, headers: { allow: 'GET, HEAD, OPTIONS' } });
      return new Response(document.body, { headers: document.headers });
    },
    prepared: (method, path) => (isRead(method) && metadataPaths.has(path) ? document : undefined),
    async authenticate(request) {
      const type = (request.headers.get('content-type') ?? '').toLowerCase();
      const authorization = request.headers.get('authorization');
      let formBody: string | undefined;
      if (type.startsWith('application/x-www-form-urlencoded') && request.body !== null && authorization !== null && authorization.length <= maxHeader) {
        // At most 64 KiB is read; a larger form body is refused as if it held a token (never buffered whole).
        formBody = await readBody(request.clone(), MAX_FORM).then((b) => new TextDecoder().decode(b), () => 'access_token');
      }
      const parts = { authorization, target: request.url, origin: origin(request), method: request.method };
      return toResult(await bearer.check(formBody === undefined ? parts : { ...parts, formBody }));
    },
    authenticateHeaders: bearer.check,
    requireScopes,
    corsHeaders: (request) => cors.response(typeof request === 'object' && request !== null ? origin(request) : request),
    handlePreflight(request) {
      if (options.cors === undefined || request.method !== 'OPTIONS' || new URL(request.url).pathname !== url.pathname) return undefined;
      const headers = cors.preflight(origin(request));
      return headers ? new Response(null, { status: 204, headers }) : new Response(null, { status: 403, headers: { vary: 'origin' } });
    },
  };
}
