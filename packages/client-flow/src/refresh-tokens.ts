import { tokenRequest, type TokenEndpointOptions } from './internal/token-request';
import type { AuthorizationServerMetadata, ClientCredentials, TokenSet } from './types';

/** Options of {@link refreshTokens}. */
export interface RefreshTokensOptions extends TokenEndpointOptions {
  readonly client: ClientCredentials;
  readonly refreshToken: string;
  /** The RFC 8707 resource the tokens are for (C-AUTH-4). */
  readonly resource?: string;
  /** A narrower scope, space-separated; omitted to keep the granted one. */
  readonly scope?: string;
}

/**
 * Uses a refresh token (RFC 6749 §6). When the server rotates refresh tokens the new one is
 * returned; when it does not, the old one is kept.
 *
 * @example
 * ```ts
 * import { refreshTokens, type AuthorizationServerMetadata, type ClientCredentials } from '@mcp-oauth/client-flow';
 * declare const as: AuthorizationServerMetadata;
 * declare const client: ClientCredentials;
 * declare const refreshToken: string;
 *
 * const fresh = await refreshTokens(as, { client, refreshToken, resource: 'https://mcp.example.com/mcp' });
 * ```
 * @throws {ClientFlowError} `InsecureUrl`, `TokenRequestFailed` (`invalid_grant`: sign in again), `InvalidResponse`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function refreshTokens(as: AuthorizationServerMetadata, options: RefreshTokensOptions): Promise<TokenSet> {
  return tokenRequest(as, {
    grant_type: 'refresh_token',
    refresh_token: options.refreshToken,
    resource: options.resource,
    scope: options.scope,
  }, options, { refreshToken: options.refreshToken });
}
