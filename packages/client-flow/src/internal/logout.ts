import { revokeToken } from '../revoke-token';
import type { Context, Session } from './session';

/** A kind of stored token, by its RFC 7009 `token_type_hint`. */
export type TokenKind = 'refresh_token' | 'access_token';

/** What `McpOAuthClient.logout()` did. */
export interface LogoutResult {
  /** False when no tokens were stored for the server (or discovery was not possible). */
  readonly hadTokens: boolean;
  /** True when the authorization server confirmed the revocation of every stored token (RFC 7009). */
  readonly revoked: boolean;
  /** False when the authorization server has no `revocation_endpoint`. */
  readonly revocationSupported: boolean;
  /** The stored tokens the authorization server confirmed revoked (the refresh token is sent first). */
  readonly revokedTokens: readonly TokenKind[];
  /**
   * The stored tokens that stay valid at the server until they expire: the server has no
   * revocation endpoint, or it answered `unsupported_token_type` for the access token (RFC 7009
   * §2.2.1; e.g. JWT access tokens at node-oidc-provider). Not a failure.
   */
  readonly leftToExpire: readonly TokenKind[];
  /** The stored tokens whose revocation failed (any other answer, no answer, or no client to send). */
  readonly failedTokens: readonly TokenKind[];
  /** Unix seconds when the stored access token expires, when known. */
  readonly accessTokenExpiresAt?: number;
}

/** Options of `McpOAuthClient.logout()`. */
export interface LogoutOptions {
  /** Also forget the client registration: the whole stored record is deleted. Default `false`. */
  readonly forgetClient?: boolean;
}

/**
 * Revokes the stored refresh token (first: that ends the grant at most servers) and access token,
 * then forgets them, whatever the revocation gave: no credential outlives a logout locally.
 */
export async function logout(s: Session, ctx: Context | undefined, options: LogoutOptions): Promise<LogoutResult> {
  const revocationSupported = ctx?.as.revocation_endpoint !== undefined;
  const record = ctx && (await s.load(ctx));
  const t = record?.tokens;
  const client = record?.client;
  const revokedTokens: TokenKind[] = [], leftToExpire: TokenKind[] = [], failedTokens: TokenKind[] = [];
  for (const [token, hint] of [[t?.refresh_token, 'refresh_token'], [t?.access_token, 'access_token']] as const) {
    if (!token) continue;
    if (!revocationSupported) leftToExpire.push(hint);
    else if (!client) failedTokens.push(hint);
    else {
      await revokeToken(ctx!.as, { ...s.tokenOptions(), client, token, tokenTypeHint: hint }).then(
        () => revokedTokens.push(hint),
        // RFC 7009 §2.2.1: the server does not revoke access tokens of this kind; it expires at `exp`.
        // A refresh token must be revocable (§2.1): for it the same answer is a failure.
        (e: { oauthError?: unknown } | undefined) => (hint === 'access_token' && e?.oauthError === 'unsupported_token_type' ? leftToExpire : failedTokens).push(hint),
      );
    }
  }
  if (ctx && options.forgetClient) await s.store.delete(ctx.key);
  else if (ctx && record) await s.update(ctx, {}, 'tokens', 'pending');
  return {
    hadTokens: t !== undefined, revoked: t !== undefined && !leftToExpire.length && !failedTokens.length, revocationSupported,
    revokedTokens, leftToExpire, failedTokens, ...(t?.expires_at !== undefined ? { accessTokenExpiresAt: t.expires_at } : {}),
  };
}
