/**
 * The verified caller of a protected resource: who, through which client, with which scopes,
 * for which resource, and the grant (whose upstream token, with delegation, tool handlers may use).
 *
 * @example
 * ```ts
 * import type { ProtectedResource } from '@mcp-oauth/server-flow'
 * declare const rs: ProtectedResource
 * declare const request: Request
 * const auth = await rs.authenticate(request)
 * if (auth.ok && !auth.principal.hasUser) console.log('no user behind this token: refuse user-only tools')
 * if (auth.ok) console.log(auth.principal.subject, auth.principal.scopes)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 */
export interface Principal {
  /** The user (`sub`); for client_credentials, the client id. */
  subject: string;
  /**
   * Whether a user authorized this token (authorization code, then refresh). `false` when a client
   * acts alone (`client_credentials`): `subject` is then the client, not a person, and a tool that
   * acts for a user must refuse it (A79). For this server's tokens it is recorded with the grant;
   * for other tokens it follows RFC 9068 §2.2: `sub` equal to `client_id`, or a `gty` claim naming
   * another grant than `authorization_code`/`refresh_token`, means no user.
   */
  hasUser: boolean;
  clientId: string;
  scopes: string[];
  /** The resource (`aud`) the token is bound to. */
  resource: string;
  /** The grant id (`sid` claim): the handle for revocation and for the upstream token. */
  grantId?: string;
  /** The token id (`jti`). */
  tokenId?: string;
  /** Expiry in seconds since the epoch. */
  expiresAt: number;
  /** The issuer. */
  issuer: string;
}

/**
 * Checks a bearer token for `resource` and returns its {@link Principal}, or throws a
 * `ServerFlowError` `InvalidToken` (401). Implementations: the authorization server's own
 * `verifier()`, `jwtVerifier` (local or remote keys), `introspectionVerifier`.
 *
 * @example
 * ```ts
 * import { ServerFlowError, type Principal, type TokenVerifier } from '@mcp-oauth/server-flow'
 * declare function myLookup(token: string, resource: string): Promise<Principal | undefined>
 * const verifier: TokenVerifier = async (token, resource) => {
 *   const principal = await myLookup(token, resource)
 *   if (!principal) throw new ServerFlowError('InvalidToken')
 *   return principal
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export type TokenVerifier = (token: string, resource: string) => Promise<Principal>;
