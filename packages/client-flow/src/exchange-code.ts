import { tokenRequest, type TokenEndpointOptions } from './internal/token-request';
import type { AuthorizationServerMetadata, AuthorizationTransaction, ClientCredentials, TokenSet } from './types';

/** Options of {@link exchangeCode}. */
export interface ExchangeCodeOptions extends TokenEndpointOptions {
  readonly client: ClientCredentials;
  /** The transaction {@link buildAuthorizationUrl} returned for this code. */
  readonly transaction: AuthorizationTransaction;
  /** The code {@link processCallback} returned. */
  readonly code: string;
}

/**
 * Redeems an authorization code (RFC 6749 §4.1.3) with the PKCE verifier (C-AUTH-1), the same
 * `redirect_uri` and `resource` as the authorization request (C-AUTH-4), and client authentication
 * as registered (C-REG-5). The token endpoint must be https (loopback http allowed) before anything
 * is sent (C-AUTH-7).
 *
 * @example
 * ```ts
 * import { exchangeCode, type AuthorizationServerMetadata, type AuthorizationTransaction, type ClientCredentials } from '@mcp-oauth/client-flow';
 * declare const as: AuthorizationServerMetadata;
 * declare const client: ClientCredentials;
 * declare const transaction: AuthorizationTransaction; // from buildAuthorizationUrl
 * declare const code: string; // from processCallback
 *
 * const tokens = await exchangeCode(as, { client, transaction, code });
 * ```
 * @throws {ClientFlowError} `InsecureUrl`, `TokenRequestFailed` (see `oauthError`), `InvalidResponse`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export function exchangeCode(as: AuthorizationServerMetadata, options: ExchangeCodeOptions): Promise<TokenSet> {
  const t = options.transaction;
  return tokenRequest(as, {
    grant_type: 'authorization_code',
    code: options.code,
    redirect_uri: t.redirect_uri,
    code_verifier: t.code_verifier,
    resource: t.resource,
  }, options, { scope: t.scope });
}
