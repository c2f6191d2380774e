import { refused, safeUrl } from './internal/leaf';
import { postForm, type TokenEndpointOptions } from './internal/token-request';
import type { AuthorizationServerMetadata, ClientCredentials } from './types';

/** Options of {@link revokeToken}. */
export interface RevokeTokenOptions extends TokenEndpointOptions {
  readonly client: ClientCredentials;
  readonly token: string;
  readonly tokenTypeHint?: 'access_token' | 'refresh_token';
}

/**
 * Revokes a token (RFC 7009 §2.1). Resolves `false` when the authorization server has no
 * `revocation_endpoint` (nothing was sent), `true` when it accepted the request.
 *
 * @example
 * ```ts
 * import { revokeToken, type AuthorizationServerMetadata, type ClientCredentials } from '@mcp-oauth/client-flow';
 * declare const as: AuthorizationServerMetadata;
 * declare const client: ClientCredentials;
 * declare const refreshToken: string;
 *
 * await revokeToken(as, { client, token: refreshToken, tokenTypeHint: 'refresh_token' });
 * ```
 * @throws {ClientFlowError} `InsecureUrl`, `TokenRequestFailed` (with `oauthError`, e.g. `unsupported_token_type`
 * when the server does not revoke that kind of token, RFC 7009 §2.2.1; `url`, `status`).
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function revokeToken(as: AuthorizationServerMetadata, options: RevokeTokenOptions): Promise<boolean> {
  if (as.revocation_endpoint === undefined) return false;
  const res = await postForm(as, as.revocation_endpoint, { token: options.token, token_type_hint: options.tokenTypeHint }, options);
  if (!res.ok) throw await refused('TokenRequestFailed', res, safeUrl(as.revocation_endpoint));
  await res.body?.cancel();
  return true;
}
