// What `mcp-oauth logout` tells the user: which tokens the server revoked and which stay valid there
// until they expire (no token value, only the kinds and the expiry time).
import type { LogoutResult, TokenKind } from '@mcp-oauth/client-flow';

const name = (k: TokenKind): string => (k === 'refresh_token' ? 'refresh token' : 'access token');
const list = (ks: readonly TokenKind[]): string => ks.map(name).join(' and ');

/** The lines `logout` prints on stderr for a logout that did not fail. */
export function logoutLines(url: URL, r: LogoutResult): string[] {
  if (!r.hadTokens) return [`Not logged in to ${url.href}; nothing to do.`];
  if (!r.revocationSupported) return [`Logged out of ${url.href}: tokens deleted. The server offers no revocation, so they stay valid there until they expire.`];
  if (!r.leftToExpire.length) return [`Logged out of ${url.href}: tokens revoked and deleted.`];
  const until = r.accessTokenExpiresAt !== undefined ? `until ${new Date(r.accessTokenExpiresAt * 1000).toISOString()}` : 'until it expires';
  return [
    `Logged out of ${url.href}: ${r.revokedTokens.length ? `${list(r.revokedTokens)} revoked, ` : ''}tokens deleted.`,
    `The server does not revoke its ${list(r.leftToExpire)} (RFC 7009 unsupported_token_type): it stays valid there ${until}.`,
  ];
}
