import type { Principal } from '@mcp-oauth/server-flow';
import type { McpAuthInfo } from './types';

const PRINCIPAL = 'mcpOAuthPrincipal';

/** Options of {@link authInfoFromPrincipal}. */
export interface AuthInfoOptions {
  /** SDK 2.x: the PRM URL (`rs.metadataUrl`) that its per-tool `scopeChallenge` 403s advertise. */
  resourceMetadataUrl?: string;
}

/**
 * Turns a verified {@link Principal} into the SDK's `AuthInfo` (both lines), the object its server
 * transports pass to tool handlers (1.x `extra.authInfo`, 2.x `ctx.http.authInfo`): `clientId`,
 * `scopes`, `expiresAt`, `resource` (the token's audience), and in `extra` the `subject`, `hasUser`
 * (false when no user is behind the token, e.g. `client_credentials`: a tool acting for a person
 * refuses it), `issuer`, `grantId` and the principal itself (read it back with {@link principalOf}).
 * Use it with the SDK's Fetch entry points: 2.x `createMcpHandler(factory).fetch(request, { authInfo })`,
 * 1.x `WebStandardStreamableHTTPServerTransport.handleRequest(request, { authInfo })`.
 *
 * `token` is the inbound access token, as the SDK's type requires. It is meant for this server only:
 * never forward it to another service (R-TOK-3); with delegation, call the upstream API with
 * `as.upstreamFetch(principalOf(authInfo), url)`.
 *
 * @throws {TypeError} when `principal` is not a principal or `token` is empty.
 * @example
 * ```ts
 * import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
 * import { authInfoFromPrincipal } from '@mcp-oauth/mcp-sdk'
 * import type { ProtectedResource } from '@mcp-oauth/server-flow'
 * declare const rs: ProtectedResource
 * declare const transport: WebStandardStreamableHTTPServerTransport
 *
 * async function handle(request: Request): Promise<Response> {
 *   const auth = await rs.authenticate(request)
 *   if (!auth.ok) return auth.response
 *   const token = request.headers.get('authorization')!.slice(7)
 *   return transport.handleRequest(request, { authInfo: authInfoFromPrincipal(auth.principal, token) })
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 */
export function authInfoFromPrincipal(principal: Principal, token: string, options: AuthInfoOptions = {}): McpAuthInfo {
  if (typeof principal?.subject !== 'string' || typeof principal.resource !== 'string') throw new TypeError('principal must be a verified Principal');
  if (typeof token !== 'string' || token === '') throw new TypeError('token must be a non-empty string');
  return {
    token,
    clientId: principal.clientId,
    scopes: [...principal.scopes],
    expiresAt: principal.expiresAt,
    resource: new URL(principal.resource),
    ...(options.resourceMetadataUrl !== undefined ? { resourceMetadataUrl: options.resourceMetadataUrl } : {}),
    extra: {
      subject: principal.subject,
      hasUser: principal.hasUser === true,
      issuer: principal.issuer,
      ...(principal.grantId !== undefined ? { grantId: principal.grantId } : {}),
      [PRINCIPAL]: principal,
    },
  };
}

/**
 * The {@link Principal} behind an `AuthInfo` made by this package (by {@link bearerAuth},
 * {@link sdkTokenVerifier} or {@link authInfoFromPrincipal}), e.g. inside a tool handler to call
 * `as.upstreamFetch(principal, url)`; `undefined` for any other `AuthInfo` or none.
 *
 * @example
 * ```ts
 * import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
 * import { principalOf } from '@mcp-oauth/mcp-sdk'
 * import type { AuthorizationServer } from '@mcp-oauth/server-flow'
 * declare const server: McpServer
 * declare const as: AuthorizationServer
 *
 * server.registerTool('profile', {}, async (extra) => { // no inputSchema: the handler gets only `extra`
 *   const principal = principalOf(extra.authInfo)
 *   if (!principal) throw new Error('not authenticated')
 *   const res = await as.upstreamFetch(principal, 'https://api.example.com/me')
 *   return { content: [{ type: 'text', text: await res.text() }] }
 * })
 * ```
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 */
export function principalOf(authInfo: McpAuthInfo | undefined): Principal | undefined {
  const p = authInfo?.extra?.[PRINCIPAL];
  if (typeof p !== 'object' || p === null) return undefined;
  const q = p as Partial<Principal>;
  return typeof q.subject === 'string' && typeof q.clientId === 'string' && Array.isArray(q.scopes) && typeof q.resource === 'string'
    ? (p as Principal)
    : undefined;
}
