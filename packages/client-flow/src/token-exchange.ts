import { tokenRequest, type TokenEndpointOptions } from './internal/token-request';
import type { AuthorizationServerMetadata, TokenSet } from './types';

/** Options of {@link tokenExchange}. */
export interface TokenExchangeOptions extends TokenEndpointOptions {
  readonly subjectToken: string;
  /** e.g. `urn:ietf:params:oauth:token-type:id_token`. */
  readonly subjectTokenType: string;
  /** e.g. `urn:ietf:params:oauth:token-type:id-jag`. */
  readonly requestedTokenType?: string;
  /** The issuer of the authorization server the issued token is for. */
  readonly audience?: string;
  readonly resource?: string;
  readonly scope?: string;
}

/**
 * OAuth 2.0 Token Exchange (RFC 8693 §2.1), used at an enterprise IdP to turn the user's ID token
 * into an Identity Assertion JWT Authorization Grant (ID-JAG) for an MCP server's authorization
 * server. The issued token is `access_token`, its type `issued_token_type`.
 *
 * @example
 * ```ts
 * import { tokenExchange, type AuthorizationServerMetadata, type ClientCredentials } from '@mcp-oauth/client-flow';
 * declare const idp: AuthorizationServerMetadata;
 * declare const as: AuthorizationServerMetadata;
 * declare const client: ClientCredentials;
 * declare const idToken: string;
 * declare const resource: string;
 *
 * const { access_token: idJag } = await tokenExchange(idp, { subjectToken: idToken,
 *   subjectTokenType: 'urn:ietf:params:oauth:token-type:id_token',
 *   requestedTokenType: 'urn:ietf:params:oauth:token-type:id-jag', audience: as.issuer, resource, client });
 * ```
 * @throws {ClientFlowError} `InsecureUrl`, `TokenRequestFailed`, `InvalidResponse`.
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 */
export function tokenExchange(as: AuthorizationServerMetadata, options: TokenExchangeOptions): Promise<TokenSet & { issued_token_type?: string }> {
  return tokenRequest(as, {
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: options.subjectToken,
    subject_token_type: options.subjectTokenType,
    requested_token_type: options.requestedTokenType,
    audience: options.audience,
    resource: options.resource,
    scope: options.scope,
  }, options);
}
