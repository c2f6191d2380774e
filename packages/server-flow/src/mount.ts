/**
 * `@mcp-oauth/server-flow/mount`: the authorization server and a protected MCP endpoint on one
 * origin, as Fetch handlers, for framework adapters (`mcpAuth`, `mcpAuthHono`).
 * @packageDocumentation
 */
import { createAuthorizationServer, type AuthorizationServer, type RequestContext } from './authorization-server';
import type { AuthorizationServerOptions } from './options';
import type { Principal } from './principal';
import { createProtectedResource, type ProtectedResource, type ResourceCorsOptions } from './protected-resource';

/**
 * Options of {@link createMcpMount}: the authorization server's options plus the MCP endpoint's.
 *
 * @example
 * ```ts
 * import type { McpMountOptions } from '@mcp-oauth/server-flow/mount'
 * const options: McpMountOptions = {
 *   issuer: 'https://mcp.example.com', scopes: ['mcp:tools'], requiredScopes: ['mcp:tools'],
 *   authenticate: async () => ({ subject: 'demo-user' }), // your login
 *   methods: ['POST'],
 * }
 * ```
 */
export interface McpMountOptions extends Omit<AuthorizationServerOptions, 'issuer' | 'resources'> {
  /** The public origin (https, or http on loopback): the issuer, and the origin of the MCP endpoint. */
  issuer: string;
  /** The MCP endpoint's path. Default `/mcp`; the resource identifier is `issuer`'s origin + this path. */
  path?: string;
  /** Scopes every request to the endpoint needs; named in the first 401's `scope` (R-PRM-2). Default none. */
  requiredScopes?: readonly string[];
  /** `scopes_supported` of the PRM document. Default: `scopes` without `prefix:*` entries. */
  scopesSupported?: readonly string[];
  /** `resource_name` of the PRM document. */
  resourceName?: string;
  /** CORS on the MCP endpoint (off by default; the AS endpoints and PRM always allow `*`). */
  cors?: ResourceCorsOptions;
  /** Methods the MCP endpoint takes; any other gets 405 with `Allow` after the token check. Default POST, GET, DELETE. */
  methods?: readonly string[];
  /** Use this authorization server instead of creating one (the options above for it are then ignored). */
  authorizationServer?: AuthorizationServer;
}

/** The MCP server behind {@link McpMount.guard}: the verified request, its principal and bearer token. */
export type McpMountHandler = (request: Request, principal: Principal, token: string) => Response | Promise<Response>;

/** What {@link createMcpMount} built: the pieces a framework adapter mounts. */
export interface McpMount {
  readonly as: AuthorizationServer;
  readonly rs: ProtectedResource;
  /** `issuer`'s origin: build every URL on it, never on the `Host` header. */
  readonly origin: string;
  /** The MCP endpoint's path. */
  readonly path: string;
  /** The resource identifier of the MCP endpoint (`${origin}${path}`). */
  readonly resource: string;
  /** The methods the MCP endpoint takes (upper case). */
  readonly methods: ReadonlySet<string>;
  /** The `Allow` header of a 405: `methods` joined. */
  readonly allow: string;
  /** The authorization server's endpoints and the PRM document; 404 for any other path. */
  handle(request: Request, context?: RequestContext): Promise<Response>;
  /**
   * The MCP endpoint: a CORS preflight answered, no or a bad token → 401 / 403 / 503 from the
   * protected resource, a method outside `methods` → 405 with `Allow`, else `handler`'s response
   * with the CORS headers added.
   */
  guard(request: Request, handler: McpMountHandler): Promise<Response>;
}

const withHeaders = (response: Response, headers: Record<string, string>): Response => {
  const entries = Object.entries(headers);
  if (entries.length === 0) return response;
  const out = new Response(response.body, response);
  for (const [k, v] of entries) out.headers.set(k, v);
  return out;
};

/**
 * The authorization server and the protected MCP endpoint on one origin, as Fetch handlers: what
 * `mcpAuth` (Express, `node:http`) and `mcpAuthHono` mount. Creates the authorization server
 * (unless `authorizationServer` is given) with the one resource `${origin}${path}`, and its
 * protected resource with `verifier: as.verifier()`.
 *
 * @throws {TypeError} for a `path` that is not an absolute path, an `issuer` that is not an absolute URL, or an invalid option (see `createAuthorizationServer`).
 * @example
 * ```ts
 * import { createMcpMount } from '@mcp-oauth/server-flow/mount'
 * const mount = createMcpMount({
 *   issuer: 'https://mcp.example.com', scopes: ['mcp:tools'], requiredScopes: ['mcp:tools'],
 *   autoApprove: { subject: 'test-user' }, // tests only
 * })
 * export default {
 *   fetch: (request: Request): Promise<Response> => new URL(request.url).pathname === mount.path
 *     ? mount.guard(request, (_req, principal) => Response.json({ hello: principal.subject }))
 *     : mount.handle(request),
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 */
export function createMcpMount(options: McpMountOptions): McpMount {
  const { path = '/mcp', requiredScopes, scopesSupported, resourceName, cors, methods = ['POST', 'GET', 'DELETE'], authorizationServer, ...asOptions } = options;
  if (typeof path !== 'string' || !path.startsWith('/') || /[?#]/.test(path)) throw new TypeError('path must be an absolute path');
  if (typeof asOptions.issuer !== 'string' || !URL.canParse(asOptions.issuer)) throw new TypeError('issuer must be an absolute URL');
  const origin = new URL(asOptions.issuer).origin;
  const resource = origin + path;
  const as = authorizationServer ?? createAuthorizationServer({ ...asOptions, resources: [resource] });
  const rs = createProtectedResource({
    resource, authorizationServers: [as.issuer], verifier: as.verifier(),
    scopesSupported: scopesSupported ?? (asOptions.scopes ?? []).filter((s) => !s.endsWith('*')),
    ...(requiredScopes ? { requiredScopes } : {}),
    ...(resourceName ? { resourceName } : {}),
    ...(cors ? { cors } : {}),
  });
  const allowed = new Set(methods.map((m) => m.toUpperCase()));
  const allow = [...allowed].join(', ');
  return {
    as, rs, origin, path, resource, methods: allowed, allow,
    handle: async (request, context) => rs.handleMetadata(request) ?? as.handle(request, context),
    async guard(request, handler) {
      const preflight = rs.handlePreflight(request);
      if (preflight) return preflight;
      const auth = await rs.authenticate(request);
      if (!auth.ok) return auth.response;
      const corsHeaders = rs.corsHeaders(request);
      if (!allowed.has(request.method.toUpperCase())) return new Response(null, { status: 405, headers: { allow, ...corsHeaders } });
      const header = request.headers.get('authorization') ?? '';
      return withHeaders(await handler(request, auth.principal, header.slice(header.indexOf(' ') + 1).trim()), corsHeaders);
    },
  };
}
