import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where `login` keeps tokens: `$MCP_OAUTH_STORE_DIR`, else `%APPDATA%\mcp-oauth\tokens` on
 * Windows, else `$XDG_CONFIG_HOME/mcp-oauth/tokens` (default `~/.config/mcp-oauth/tokens`).
 * The folder is created with mode 0700 by the file token store when tokens are first saved.
 *
 * @example
 * ```ts
 * import { defaultStoreDir } from '@mcp-oauth/cli';
 * import { fileTokenStore } from '@mcp-oauth/node';
 *
 * const store = fileTokenStore(defaultStoreDir());
 * ```
 * @throws Nothing.
 * @see https://specifications.freedesktop.org/basedir-spec/latest/
 */
export function defaultStoreDir(env: Record<string, string | undefined> = process.env, platform: string = process.platform): string {
  const set = env['MCP_OAUTH_STORE_DIR'];
  if (set) return set;
  if (platform === 'win32') return join(env['APPDATA'] || join(homedir(), 'AppData', 'Roaming'), 'mcp-oauth', 'tokens');
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'mcp-oauth', 'tokens');
}
