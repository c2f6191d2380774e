import { createMcpMount, type McpMountOptions } from '@mcp-oauth/server-flow/mount';
import type { AuthorizationServer, Principal, ProtectedResource } from '@mcp-oauth/server-flow';
import { createClientUrlGuard } from '../client-url-guard';
import { nodeCryptoProvider } from './node-crypto-provider';
import { protectNodeHandler, type NodeResponseWithHeaders } from './protect-node-handler';
import { toNodeHandler, type ToNodeHandlerOptions } from './to-node-handler';
import type { NodeRequestLike } from './types';

/** The MCP handler behind {@link mcpAuth}: runs only for a request whose bearer token passed every check. */
export type McpAuthHandler<Req extends NodeRequestLike = NodeRequestLike, Res extends NodeResponseWithHeaders = NodeResponseWithHeaders> =
  (req: Req, res: Res, principal: Principal) => unknown;

/** The MCP server behind {@link mcpAuth} as a Fetch handler (e.g. 2.x `createMcpHandler(...).fetch`): the verified request, the principal and the bearer token. */
export type McpAuthFetchHandler = (request: Request, principal: Principal, token: string) => Response | Promise<Response>;

/**
 * Options of {@link mcpAuth}: the authorization server's options (`createAuthorizationServer`) plus
 * the MCP endpoint's. Give exactly one of `mcp` (Node objects) and `fetch` (a Fetch handler).
 * `clientUrlGuard` defaults to {@link createClientUrlGuard}`()` (DNS-pinning: CIMD documents and
 * `jwks_uri` are never fetched from a private, loopback or metadata-service address).
 *
 * @example
 * ```ts
 * import type { McpAuthOptions } from '@mcp-oauth/node'
 * const options: McpAuthOptions = {
 *   issuer: 'https://mcp.example.com', scopes: ['mcp:tools', 'mcp:exec:*'], requiredScopes: ['mcp:tools'],
 *   authenticate: async () => ({ subject: 'demo-user' }), // your login
 *   cors: { origins: ['https://app.example.com'] }, methods: ['POST'],
 *   fetch: async (request, principal) => Response.json({ hello: principal.subject }),
 * }
 * ```
 */
export interface McpAuthOptions<Req extends NodeRequestLike = NodeRequestLike, Res extends NodeResponseWithHeaders = NodeResponseWithHeaders>
  extends McpMountOptions {
  /** The MCP server on Node objects (1.x `StreamableHTTPServerTransport`, 2.x `NodeStreamableHTTPServerTransport`): called with the principal (and `req.auth`, see `authInfo`) once the token passed. Give this or `fetch`. */
  mcp?: McpAuthHandler<Req, Res>;
  /** The MCP server as a Fetch handler, e.g. `(request, principal, token) => handler.fetch(request, { authInfo: authInfoFromPrincipal(principal, token) })`. Give this or `mcp`. */
  fetch?: McpAuthFetchHandler;
  /** Builds `req.auth` for the SDK's server transports, e.g. `authInfoFromPrincipal` from `@mcp-oauth/mcp-sdk`. Default: `req.auth` untouched. */
  authInfo?: (principal: Principal, token: string) => unknown;
  /** More options for the `toNodeHandler` that serves the AS and PRM (e.g. how to find the caller's address behind a proxy); `origin` and `prepared` are the mount's, `bridge` defaults to `'lazy'` there. */
  nodeHandler?: Omit<ToNodeHandlerOptions, 'origin' | 'prepared'>;
}

/** An Express app (or router): anything with `use(middleware)`. */
export interface ExpressAppLike {
  use(handler: (req: never, res: never, next: (error?: unknown) => void) => unknown): unknown;
}
/** A `node:http` (or https, http2-compat) server: anything that emits `request`. */
export interface NodeServerLike {
  on(event: 'request', listener: (req: NodeRequestLike, res: NodeResponseWithHeaders) => void): unknown;
}

/** What {@link mcpAuth} mounted. */
export interface McpAuthMount<Req extends NodeRequestLike = NodeRequestLike, Res extends NodeResponseWithHeaders = NodeResponseWithHeaders> {
  readonly as: AuthorizationServer;
  readonly rs: ProtectedResource;
  /** The resource identifier of the MCP endpoint (`${origin}${path}`). */
  readonly resource: string;
  /** The one listener it installed (a `node:http` request listener that is also Express middleware). */
  readonly listener: (req: Req, res: Res, next?: (error?: unknown) => void) => Promise<void>;
}

const DEFAULT_METHODS = ['POST', 'GET', 'DELETE'] as const;

/**
 * Protects an MCP server on Express or `node:http` in one call. Mounts, on `app` (Express: one
 * `app.use`) or `server` (`node:http`: one `request` listener): the authorization server's
 * metadata (RFC 8414) and every endpoint of it (`/authorize`, `/token`, `/register`, `/revoke`,
 * `/introspect`, `/jwks`), the PRM document (RFC 9728) at its well-known path, and the bearer guard
 * on the MCP endpoint for every method: no or a bad token → server-flow's 401 with
 * `resource_metadata` and `scope`, missing scope → 403 `insufficient_scope`, a method outside
 * `methods` → 405 with `Allow`, a CORS preflight answered when `cors` is set. A verified request
 * goes to `mcp(req, res, principal)` (Node objects) or `fetch(request, principal, token)` (a Fetch
 * handler such as the 2.x SDK's `createMcpHandler(...).fetch`). URLs are built on `issuer`'s
 * origin, never on the `Host` header; the peer address feeds the registration rate limit. Mount
 * it before any body parser. With Express, a path it does not serve falls through to the next
 * middleware.
 *
 * @throws {TypeError} for an invalid option (see `createAuthorizationServer`), not exactly one of `mcp` and `fetch`, a `path` not starting with `/`, or a target that is neither an Express app nor a server.
 * @example
 * ```ts
 * import express from 'express'
 * import { mcpAuth } from '@mcp-oauth/node'
 * declare function handleMcp(req: express.Request, res: express.Response): Promise<void>
 *
 * const app = express()
 * mcpAuth(app, {
 *   issuer: 'https://mcp.example.com', scopes: ['mcp:tools'], requiredScopes: ['mcp:tools'],
 *   authenticate: async () => ({ subject: 'demo-user' }), // your login
 *   mcp: (req: express.Request, res: express.Response) => handleMcp(req, res),
 * })
 * app.listen(3000, '127.0.0.1')
 * ```
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 */
export function mcpAuth<Req extends NodeRequestLike = NodeRequestLike, Res extends NodeResponseWithHeaders = NodeResponseWithHeaders>(
  target: ExpressAppLike | NodeServerLike,
  options: McpAuthOptions<Req, Res>,
): McpAuthMount<Req, Res> {
  const { mcp, fetch: fetchHandler, methods = DEFAULT_METHODS, authInfo, nodeHandler, ...mountOptions } = options ?? ({} as McpAuthOptions<Req, Res>);
  if ((typeof mcp === 'function') === (typeof fetchHandler === 'function')) throw new TypeError('give one of mcp and fetch, a function');
  // On Node the DNS-pinning guard is the default for client-supplied URLs (CIMD, jwks_uri): A-SSRF-1.
  // On Node, hashes, random values and signatures run on node:crypto (issue #16); `crypto` overrides it.
  const { as, rs, origin, path, resource, methods: allowed, allow, handle } = createMcpMount({ clientUrlGuard: createClientUrlGuard(), crypto: nodeCryptoProvider(), ...mountOptions, methods });
  const guarded = protectNodeHandler<Req, Res>(rs, async (req, res, principal) => {
    if (!allowed.has((req.method ?? 'GET').toUpperCase())) {
      res.writeHead(405, { allow, 'content-length': '0' });
      res.end();
      return;
    }
    const header = req.headers['authorization'];
    const value = (Array.isArray(header) ? header[0] : header) ?? '';
    const token = value.slice(value.indexOf(' ') + 1).trim();
    if (authInfo) (req as Req & { auth?: unknown }).auth = authInfo(principal, token);
    if (mcp) await mcp(req, res, principal);
    else await toNodeHandler((request) => fetchHandler!(request, principal, token), { origin })(req, res);
  });
  // The AS and PRM get the lazy bridge (issue #16): only server-flow reads those requests. The MCP
  // `fetch` handler above keeps the web bridge: it may pass its request on to `fetch()`.
  const rest = toNodeHandler(handle, { bridge: 'lazy', ...nodeHandler, origin, prepared: [as, rs] });
  const listener = (req: Req, res: Res, next?: (error?: unknown) => void): Promise<void> => {
    const url = req.originalUrl ?? req.url ?? '/';
    const q = url.search(/[?#]/);
    return (q < 0 ? url : url.slice(0, q)) === path ? guarded(req, res, next) : rest(req, res, next);
  };
  const t = target as Partial<ExpressAppLike & NodeServerLike>;
  if (typeof t?.use === 'function') t.use(listener as never);
  else if (typeof t?.on === 'function') t.on('request', ((req: Req, res: Res) => void listener(req, res)) as never);
  else throw new TypeError('target must be an Express app or a node:http server');
  return { as, rs, resource, listener };
}
