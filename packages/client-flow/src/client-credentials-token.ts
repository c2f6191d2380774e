import { tokenRequest, type TokenEndpointOptions } from './internal/token-request';
import type { AuthorizationServerMetadata, ClientCredentials, TokenSet } from './types';

/** Options of {@link clientCredentialsToken}. */
export interface ClientCredentialsOptions extends TokenEndpointOptions {
  /** A confidential client: `client_secret_basic`, `client_secret_post` or `private_key_jwt` (with `privateKey`). */
  readonly client: ClientCredentials;
  /** The RFC 8707 resource (the MCP server) the token is for. */
  readonly resource?: string;
  readonly scope?: string;
}

/**
 * Machine-to-machine access with the client_credentials grant (RFC 6749 §4.4), authenticating with
 * a client secret or an RFC 7523 assertion signed by `privateKey` (`aud` = the AS issuer), and
 * carrying `resource` and `scope` (C-CC-1).
 *
 * @example
 * ```ts
 * import { clientCredentialsToken, discoverAuthorizationServer } from '@mcp-oauth/client-flow';
 * declare const client_id: string;
 * declare const client_secret: string;
 *
 * const as = await discoverAuthorizationServer('https://auth.example.com');
 * const tokens = await clientCredentialsToken(as, {
 *   client: { client_id, client_secret, token_endpoint_auth_method: 'client_secret_basic' },
 *   resource: 'https://mcp.example.com/mcp',
 * });
 * ```
 * @throws {ClientFlowError} `InsecureUrl`, `TokenRequestFailed`, `InvalidResponse`.
 * @throws {TypeError} for `private_key_jwt` without `privateKey`.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export function clientCredentialsToken(as: AuthorizationServerMetadata, options: ClientCredentialsOptions): Promise<TokenSet> {
  return tokenRequest(as, { grant_type: 'client_credentials', resource: options.resource, scope: options.scope }, options);
}
