import type { FetchLike } from '@mcp-oauth/client-flow';
import { CliError } from './errors';
import { storedClient } from './internal/stored-client';

/** Options of {@link token} and {@link logout}. */
export interface StoredTokenOptions {
  /** Token folder; default {@link defaultStoreDir}. */
  readonly storeDir?: string;
  /** Refresh when the access token expires within this many seconds (default 60). */
  readonly leewaySeconds?: number;
  /** Per-command time limit in milliseconds (default 30 s). */
  readonly timeoutMs?: number;
  readonly fetch?: FetchLike;
  /** Clock in milliseconds. */
  readonly now?: () => number;
}

/**
 * A fresh access token for an MCP server the user logged in to with {@link login}: the stored one
 * when it is valid for longer than the leeway, else a refreshed one (the rotated refresh token is
 * saved; the refresh runs under the store's lock, so parallel scripts refresh once). Without a
 * refresh token, the stored one until it expires. Discovery and refresh are client-flow's.
 *
 * @example
 * ```ts
 * import { token } from '@mcp-oauth/cli';
 *
 * const url = 'https://mcp.example.com/mcp';
 * const accessToken = await token(url);
 * await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
 * ```
 * @throws {CliError} `NotLoggedIn` (no tokens, expired without refresh token, or the refresh was refused: log in again).
 * @throws {ClientFlowError} `DiscoveryFailed`, `IssuerMismatch`, `PkceUnsupported`, `InsecureUrl`, `InvalidResponse`.
 * @throws {NodeError} `StoreUnreadable`, `StoreCorrupt`, `LockTimeout`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function token(url: string | URL, options: StoredTokenOptions = {}): Promise<string> {
  const client = await storedClient(url, options);
  const tokens = await client.tokens(); // refreshed by client-flow when expiring; undefined when the refresh was refused
  if (!tokens) throw new CliError('NotLoggedIn');
  if (tokens.expires_at !== undefined && tokens.expires_at <= (options.now?.() ?? Date.now()) / 1000) {
    throw new CliError('NotLoggedIn', 'the access token expired and there is no refresh token; run `mcp-oauth login <url>` again');
  }
  return tokens.access_token;
}
