import { ClientFlowError, refreshTokens, type FetchLike, type TokenSet } from '@mcp-oauth/client-flow';
import { fileTokenStore } from '@mcp-oauth/node';
import { CliError } from './errors';
import { defaultStoreDir } from './default-store-dir';
import { resolveServer } from './internal/server-context';

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
 * saved; a refresh is done under the store's lock, so parallel scripts refresh once).
 *
 * @example
 * ```ts
 * const accessToken = await token('https://mcp.example.com/mcp');
 * await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
 * ```
 * @throws {CliError} `NotLoggedIn` (no tokens, expired without refresh token, or the refresh was refused: log in again).
 * @throws {ClientFlowError} `DiscoveryFailed`, `IssuerMismatch`, `PkceUnsupported`, `InsecureUrl`, `InvalidResponse`.
 * @throws {NodeClientError} `StoreUnreadable`, `StoreCorrupt`, `LockTimeout`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function token(url: string | URL, options: StoredTokenOptions = {}): Promise<string> {
  const fetchFn = options.fetch ?? ((i, init) => fetch(i, init));
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const ctx = await resolveServer(new URL(url), fetchFn, signal);
  const store = fileTokenStore(options.storeDir ?? defaultStoreDir());
  const now = (): number => (options.now?.() ?? Date.now()) / 1000;
  const fresh = (t: TokenSet): boolean => t.expires_at === undefined || t.expires_at - (options.leewaySeconds ?? 60) > now();
  const stored = (await store.load(ctx.key))?.tokens;
  if (!stored) throw new CliError('NotLoggedIn');
  if (fresh(stored)) return stored.access_token;
  if (!stored.refresh_token) throw new CliError('NotLoggedIn', 'the access token expired and there is no refresh token; run `mcp-oauth login <url>` again');
  const run = async (): Promise<string> => {
    const record = await store.load(ctx.key);
    if (record?.tokens && fresh(record.tokens)) return record.tokens.access_token; // another process refreshed meanwhile
    if (!record?.client || !record.tokens?.refresh_token) throw new CliError('NotLoggedIn');
    let tokens: TokenSet;
    try {
      tokens = await refreshTokens(ctx.as, { fetch: fetchFn, signal, client: record.client, refreshToken: record.tokens.refresh_token, resource: ctx.resource });
    } catch (e) {
      if (!(e instanceof ClientFlowError) || e.code !== 'TokenRequestFailed') throw e;
      const { tokens: _, ...rest } = record;
      await store.save(ctx.key, rest);
      throw new CliError('NotLoggedIn', 'the authorization server refused the refresh token; run `mcp-oauth login <url>` again', { cause: e });
    }
    await store.save(ctx.key, { ...record, tokens });
    return tokens.access_token;
  };
  return store.lock ? store.lock(ctx.key, run) : run();
}
