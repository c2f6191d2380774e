/**
 * `@mcp-oauth/mcp-sdk/hono`: protect an MCP server on Hono (any runtime) in one call.
 * @packageDocumentation
 */
import { createMcpMount, type McpMountOptions } from '@mcp-oauth/server-flow/mount';
import type { AuthorizationServer, Principal, ProtectedResource } from '@mcp-oauth/server-flow';
import { authInfoFromPrincipal } from './auth-info';
import type { McpAuthInfo } from './types';

/** The parts of a Hono `Context` the mount reads. */
export interface HonoContextLike {
  req: { raw: Request };
}

/** A Hono app, structurally: anything with `use(middleware)` (the package never imports hono). */
export interface HonoAppLike {
  use(...handlers: never[]): unknown;
}

/** The MCP server behind {@link mcpAuthHono}: gets the verified request, the SDK's `AuthInfo` and the principal. */
export type McpFetchHandler = (request: Request, authInfo: McpAuthInfo, principal: Principal) => Response | Promise<Response>;

/**
 * Options of {@link mcpAuthHono}: the authorization server's options (`createAuthorizationServer`)
 * plus the MCP endpoint's.
 *
 * @example
 * ```ts
 * import type { Context } from 'hono'
 * import type { McpAuthHonoOptions } from '@mcp-oauth/mcp-sdk/hono'
 * declare const remoteAddress: (c: Context) => string | undefined // getConnInfo(c).remote.address
 * const options: McpAuthHonoOptions<Context> = {
 *   issuer: 'https://mcp.example.com', scopes: ['mcp:tools'], requiredScopes: ['mcp:tools'],
 *   authenticate: async () => ({ subject: 'demo-user' }),
 *   clientAddress: remoteAddress, methods: ['POST'],
 *   mcp: () => new Response(null, { status: 204 }),
 * }
 * ```
 */
export interface McpAuthHonoOptions<C extends HonoContextLike = HonoContextLike> extends McpMountOptions {
  /** The MCP server, e.g. `(request, authInfo) => handler.fetch(request, { authInfo })` with 2.x `createMcpHandler`. */
  mcp: McpFetchHandler;
  /** The peer address, for the registration rate limit, e.g. `(c: Context) => getConnInfo(c).remote.address` (`hono/<runtime>` or `@hono/node-server/conninfo`). */
  clientAddress?: (c: C) => string | undefined;
}

/** What {@link mcpAuthHono} mounted. */
export interface McpAuthHonoMount {
  readonly as: AuthorizationServer;
  readonly rs: ProtectedResource;
  readonly resource: string;
  /** The whole thing as one Fetch handler (a 404 for paths it does not serve), for Deno, Bun or a worker without Hono. */
  fetch(request: Request, context?: { clientAddress?: string }): Promise<Response>;
}

/**
 * Protects an MCP server on Hono in one call: one `app.use` middleware that serves the
 * authorization server's metadata (RFC 8414) and endpoints, the PRM document (RFC 9728), and guards
 * the MCP endpoint for every method: no or a bad token → server-flow's 401 with `resource_metadata`
 * and `scope`, missing scope → 403 `insufficient_scope`, a method outside `methods` → 405 with
 * `Allow`, a CORS preflight answered when `cors` is set (and CORS headers added to the MCP
 * responses). A verified request goes to `mcp(request, authInfo, principal)`. URLs are built on
 * `issuer`'s origin, never on the `Host` header. Other paths fall through to the app's routes.
 *
 * @throws {TypeError} for an invalid option (see `createAuthorizationServer`), a `path` not starting with `/`, an `app` without `use`, or registration on without `clientAddress` (nor `trustedProxyHeader`).
 * @example
 * ```ts
 * import { Hono, type Context } from 'hono'
 * import { getConnInfo } from '@hono/node-server/conninfo'
 * import { createMcpHandler, McpServer } from '@modelcontextprotocol/server'
 * import { mcpAuthHono } from '@mcp-oauth/mcp-sdk/hono'
 *
 * const handler = createMcpHandler(() => new McpServer({ name: 'demo', version: '1.0.0' }))
 * const app = new Hono()
 * mcpAuthHono(app, {
 *   issuer: 'https://mcp.example.com', scopes: ['mcp:tools'], requiredScopes: ['mcp:tools'],
 *   authenticate: async () => ({ subject: 'demo-user' }), // your login
 *   clientAddress: (c: Context) => getConnInfo(c).remote.address, // per-caller registration rate limit
 *   mcp: (request, authInfo) => handler.fetch(request, { authInfo }),
 * })
 * export default app
 * ```
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 */
export function mcpAuthHono<C extends HonoContextLike = HonoContextLike>(app: HonoAppLike, options: McpAuthHonoOptions<C>): McpAuthHonoMount {
  const { mcp, clientAddress, ...mountOptions } = options ?? ({} as McpAuthHonoOptions<C>);
  if (typeof mcp !== 'function') throw new TypeError('mcp must be a function');
  if (typeof app?.use !== 'function') throw new TypeError('app must be a Hono app');
  // A82: registration is rate-limited per caller; without an address every caller would share a bucket.
  if (!mountOptions.authorizationServer && mountOptions.registration !== false && clientAddress === undefined && mountOptions.trustedProxyHeader === undefined) {
    throw new TypeError('clientAddress (or trustedProxyHeader) is required while registration is on: the registration rate limit is per caller');
  }
  const { as, rs, origin, path, resource, handle, guard } = createMcpMount(mountOptions);
  const toMcp = (request: Request, principal: Principal, token: string): Response | Promise<Response> =>
    mcp(request, authInfoFromPrincipal(principal, token, { resourceMetadataUrl: rs.metadataUrl }), principal);

  // Requests are re-based on the public origin: the issuer and PRM never follow a forged Host header.
  const rebase = (request: Request): { request: Request; path: string } => {
    const url = new URL(request.url);
    if (url.origin === origin) return { request, path: url.pathname };
    const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers: request.headers, signal: request.signal };
    if (request.body !== null) { init.body = request.body; init.duplex = 'half'; }
    return { request: new Request(origin + url.pathname + url.search, init), path: url.pathname };
  };

  async function fetch(incoming: Request, context: { clientAddress?: string } = {}): Promise<Response> {
    const { request, path: p } = rebase(incoming);
    return p === path ? guard(request, toMcp) : handle(request, context);
  }

  app.use((async (c: C, next: () => Promise<void>): Promise<Response | undefined> => {
    const address = clientAddress?.(c);
    const response = await fetch(c.req.raw, address ? { clientAddress: address } : {});
    if (response.status === 404 && new URL(c.req.raw.url).pathname !== path) {
      await response.body?.cancel();
      await next();
      return undefined;
    }
    return response;
  }) as never);
  return { as, rs, resource, fetch };
}
