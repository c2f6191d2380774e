import { formatBearerChallenge, protectedResourceMetadata } from '@mcp-oauth/metadata';
import type { ProtectedResourceMetadata } from '@mcp-oauth/metadata';
import { ServerFlowError } from './errors';
import type { Principal, TokenVerifier } from './principal';
import { missingScopes } from './scopes';

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
}

/** What {@link ProtectedResource.authenticate} returns: the caller, or the exact response to send. */
export type AuthenticateResult = { ok: true; principal: Principal } | { ok: false; response: Response };

/** The resource-server side of MCP authorization. */
export interface ProtectedResource {
  /** The PRM URL to advertise (`resource_metadata`): the path-based well-known URL of the resource. */
  readonly metadataUrl: string;
  /** The PRM document (RFC 9728 §2). */
  readonly metadata: ProtectedResourceMetadata;
  /** Answers GET for the PRM document at its well-known path(s); `undefined` for any other path. */
  handleMetadata(request: Request): Response | undefined;
  /** Verifies the bearer token of a request: the principal, or a 400/401/403 with a correct `WWW-Authenticate`. */
  authenticate(request: Request): Promise<AuthenticateResult>;
  /** `undefined` when the principal has every scope (hierarchy honoured), else the 403 `insufficient_scope` naming all of `scopes`. */
  requireScopes(principal: Principal, scopes: readonly string[]): Response | undefined;
}

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Creates the protected-resource side: the PRM document and endpoint (R-PRM-1) and a bearer check
 * that answers exactly as RFC 6750 and RFC 9728 say: no credentials → 401 with `resource_metadata`
 * (and `scope`), an invalid, expired, revoked or foreign-audience token → 401 `invalid_token`,
 * conflicting token methods or an oversized header → 400 `invalid_request`, a missing scope → 403
 * `insufficient_scope`. Tokens in a query string are never accepted.
 *
 * @throws {TypeError} for a missing verifier or authorization server.
 * @throws {MetadataError} `InsecureUrl` for a resource that is not https (loopback http allowed).
 * @example
 * ```ts
 * const rs = createProtectedResource({ resource: 'https://mcp.example.com/mcp', authorizationServers: [as.issuer], verifier: as.verifier() })
 * const auth = await rs.authenticate(request)
 * if (!auth.ok) return auth.response
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
  const body = JSON.stringify(metadata);

  const challenge = (status: number, error?: string, scopes: readonly string[] = required): Response => {
    const scope = scopes.filter((s) => s !== 'offline_access').join(' ');
    const header = formatBearerChallenge({ resourceMetadata: metadataUrl, ...(scope ? { scope } : {}), ...(error ? { error } : {}) });
    const payload = error ? JSON.stringify({ error }) : null;
    return new Response(payload, { status, headers: { 'www-authenticate': header, 'cache-control': 'no-store', ...(payload ? { 'content-type': 'application/json' } : {}) } });
  };

  const requireScopes = (principal: Principal, scopes: readonly string[]): Response | undefined =>
    missingScopes(principal.scopes, scopes).length === 0 ? undefined : challenge(403, 'insufficient_scope', scopes);

  return {
    metadataUrl,
    metadata,
    handleMetadata(request) {
      if (!metadataPaths.has(new URL(request.url).pathname)) return undefined;
      if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
      return new Response(body, { headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' } });
    },
    async authenticate(request) {
      const header = request.headers.get('authorization');
      const inQuery = request.url.includes('access_token') && new URL(request.url).searchParams.has('access_token');
      if (header === null) return { ok: false, response: challenge(401) };
      if (header.length > maxHeader) return { ok: false, response: challenge(400, 'invalid_request') };
      const type = (request.headers.get('content-type') ?? '').toLowerCase();
      let inBody = false;
      if (type.startsWith('application/x-www-form-urlencoded') && request.body !== null) {
        const text = await request.clone().text().catch(() => '');
        inBody = text.length <= 65_536 ? new URLSearchParams(text).has('access_token') : true;
      }
      if (inQuery || inBody) return { ok: false, response: challenge(400, 'invalid_request') };
      const space = header.indexOf(' ');
      const scheme = space < 0 ? header : header.slice(0, space);
      if (scheme.toLowerCase() !== 'bearer') return { ok: false, response: challenge(401) };
      const token = header.slice(space + 1);
      if (space < 0 || !TOKEN68.test(token)) return { ok: false, response: challenge(401, 'invalid_token') };
      let principal: Principal;
      try { principal = await options.verifier(token, resource); } catch (e) {
        if (e instanceof ServerFlowError && e.code === 'UpstreamFailed') {
          return { ok: false, response: new Response(JSON.stringify({ error: 'temporarily_unavailable' }), { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '5' } }) };
        }
        return { ok: false, response: challenge(401, 'invalid_token') };
      }
      if (principal.resource !== resource) return { ok: false, response: challenge(401, 'invalid_token') };
      const denied = requireScopes(principal, required);
      return denied ? { ok: false, response: denied } : { ok: true, principal };
    },
    requireScopes,
  };
}
