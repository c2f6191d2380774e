import { revokeToken } from '@mcp-oauth/client-flow';
import { fileTokenStore } from '@mcp-oauth/node';
import { CliError } from './errors';
import { defaultStoreDir } from './default-store-dir';
import { resolveServer } from './internal/server-context';
import type { StoredTokenOptions } from './token';

/** What {@link logout} did. */
export interface LogoutResult {
  /** False when nothing was stored for the server. */
  readonly hadTokens: boolean;
  /** True when the authorization server confirmed the revocation of every stored token. */
  readonly revoked: boolean;
  /** False when the authorization server has no revocation endpoint. */
  readonly revocationSupported: boolean;
}

/**
 * Logs out of an MCP server: revokes the stored refresh token (which ends the grant) and access
 * token at the authorization server (RFC 7009), then deletes the stored record (tokens and client
 * registration). The record is deleted even when revocation fails, so no credential stays on disk;
 * the failure is then reported with `RevocationFailed`.
 *
 * @example
 * ```ts
 * await logout('https://mcp.example.com/mcp');
 * ```
 * @throws {CliError} `RevocationFailed` (after deleting the local record).
 * @throws {ClientFlowError} `DiscoveryFailed`, `IssuerMismatch`, `PkceUnsupported`, `InsecureUrl`, `InvalidResponse`.
 * @throws {NodeClientError} `StoreUnreadable`, `StoreCorrupt`.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function logout(url: string | URL, options: StoredTokenOptions = {}): Promise<LogoutResult> {
  const fetchFn = options.fetch ?? ((i, init) => fetch(i, init));
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const ctx = await resolveServer(new URL(url), fetchFn, signal);
  const store = fileTokenStore(options.storeDir ?? defaultStoreDir());
  const record = await store.load(ctx.key);
  const revocationSupported = ctx.as.revocation_endpoint !== undefined;
  if (!record?.tokens) {
    if (record) await store.delete(ctx.key);
    return { hadTokens: false, revoked: false, revocationSupported };
  }
  let failure: unknown;
  let revoked = revocationSupported;
  if (record.client && revocationSupported) {
    const pairs = [[record.tokens.refresh_token, 'refresh_token'], [record.tokens.access_token, 'access_token']] as const;
    for (const [t, hint] of pairs) {
      if (t === undefined) continue;
      try { await revokeToken(ctx.as, { fetch: fetchFn, signal, client: record.client, token: t, tokenTypeHint: hint }); } catch (e) { failure ??= e; revoked = false; }
    }
  }
  await store.delete(ctx.key);
  if (failure !== undefined) throw new CliError('RevocationFailed', undefined, { cause: failure });
  return { hadTokens: true, revoked, revocationSupported };
}
