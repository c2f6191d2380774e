import type { LogoutResult } from '@mcp-oauth/client-flow';
import { CliError } from './errors';
import { storedClient } from './internal/stored-client';
import type { StoredTokenOptions } from './token';

export type { LogoutResult } from '@mcp-oauth/client-flow';

/**
 * Logs out of an MCP server with client-flow's `logout()`: revokes the stored refresh token (which
 * ends the grant) and access token at the authorization server (RFC 7009), then deletes the stored
 * record (tokens and client registration). The record is deleted even when revocation fails, so no
 * credential stays on disk; the failure is then reported with `RevocationFailed`. A server that
 * answers `unsupported_token_type` for the access token (RFC 7009 §2.2.1; node-oidc-provider does
 * for JWT access tokens) does not revoke that kind of token: it stays valid until it expires, the
 * result lists it in `leftToExpire`, and that is not a failure.
 *
 * @example
 * ```ts
 * import { logout } from '@mcp-oauth/cli';
 *
 * await logout('https://mcp.example.com/mcp');
 * ```
 * @throws {CliError} `RevocationFailed` (after deleting the local record).
 * @throws {ClientFlowError} `DiscoveryFailed`, `IssuerMismatch`, `PkceUnsupported`, `InsecureUrl`, `InvalidResponse`.
 * @throws {NodeError} `StoreUnreadable`, `StoreCorrupt`.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function logout(url: string | URL, options: StoredTokenOptions = {}): Promise<LogoutResult> {
  const client = await storedClient(url, options);
  const result = await client.logout({ forgetClient: true });
  if (result.failedTokens.length) throw new CliError('RevocationFailed');
  return result;
}
