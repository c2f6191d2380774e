import { revokeToken } from '../revoke-token';
import type { Context, Session } from './session';

/** What `McpOAuthClient.logout()` did. */
export interface LogoutResult {
  /** False when no tokens were stored for the server (or discovery was not possible). */
  readonly hadTokens: boolean;
  /** True when the authorization server confirmed the revocation of every stored token (RFC 7009). */
  readonly revoked: boolean;
  /** False when the authorization server has no `revocation_endpoint`. */
  readonly revocationSupported: boolean;
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
  if (!ctx) return { hadTokens: false, revoked: false, revocationSupported };
  const record = await s.load(ctx);
  const t = record?.tokens;
  const client = record?.client;
  let revoked = revocationSupported && client !== undefined;
  for (const [token, hint] of [[t?.refresh_token, 'refresh_token'], [t?.access_token, 'access_token']] as const) {
    if (!token || !client || !revocationSupported) continue;
    const ok = await revokeToken(ctx.as, { ...s.tokenOptions(), client, token, tokenTypeHint: hint }).catch(() => false);
    revoked &&= ok;
  }
  if (options.forgetClient) await s.store.delete(ctx.key);
  else if (record) await s.update(ctx, {}, 'tokens', 'pending');
  return { hadTokens: t !== undefined, revoked: t !== undefined && revoked, revocationSupported };
}
