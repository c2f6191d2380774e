import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { StoreKey, StoredRecord } from '@mcp-oauth/client-flow';

async function json(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const v: unknown = JSON.parse(await readFile(path, 'utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the tokens mcp-remote saved for this server (newest `mcp-remote-<version>` folder first):
 * `<md5(server URL)>_tokens.json` and `_client_info.json`. `expires_at` is derived from the file's
 * modification time plus `expires_in`. A file is used only when it records the `issuer` it came
 * from (mcp-remote ≥ 0.15) and that is, as an exact string, the issuer discovered now (C-REG-6,
 * A87): tokens or a registration that cannot be tied to this authorization server are never sent
 * to it. Returns `undefined` when there is nothing usable.
 */
export async function importMcpRemote(key: StoreKey, where: true | string): Promise<StoredRecord | undefined> {
  const base = typeof where === 'string' ? where : (process.env['MCP_REMOTE_CONFIG_DIR'] ?? join(homedir(), '.mcp-auth'));
  const hash = createHash('md5').update(key.server).digest('hex');
  const dirs = await readdir(base).catch(() => [] as string[]);
  const found: { dir: string; mtime: number }[] = [];
  for (const d of dirs.filter((n) => n.startsWith('mcp-remote-'))) {
    const s = await stat(join(base, d, `${hash}_tokens.json`)).catch(() => undefined);
    if (s?.isFile()) found.push({ dir: join(base, d), mtime: s.mtimeMs });
  }
  found.sort((a, b) => b.mtime - a.mtime);
  const newest = found[0];
  if (!newest) return undefined;
  const ours = (v: Record<string, unknown> | undefined): Record<string, unknown> | undefined => (v?.['issuer'] === key.issuer ? v : undefined);
  const t = ours(await json(join(newest.dir, `${hash}_tokens.json`)));
  const c = ours(await json(join(newest.dir, `${hash}_client_info.json`)));
  if (typeof t?.['access_token'] !== 'string') return undefined;
  const expiresIn = t['expires_in'];
  const tokens = {
    access_token: t['access_token'],
    token_type: typeof t['token_type'] === 'string' ? t['token_type'] : 'Bearer',
    issuer: key.issuer,
    ...(typeof t['refresh_token'] === 'string' ? { refresh_token: t['refresh_token'] } : {}),
    ...(typeof t['scope'] === 'string' ? { scope: t['scope'] } : {}),
    ...(typeof expiresIn === 'number' ? { expires_at: Math.floor(newest.mtime / 1000) + expiresIn } : {}),
  };
  const id = c?.['client_id'];
  const secret = c?.['client_secret'];
  const method = c?.['token_endpoint_auth_method'];
  const client = typeof id === 'string' ? {
    client_id: id,
    token_endpoint_auth_method: (method === 'client_secret_basic' || method === 'client_secret_post' || method === 'none'
      ? method : typeof secret === 'string' ? 'client_secret_basic' : 'none') as 'none',
    ...(typeof secret === 'string' ? { client_secret: secret } : {}),
  } : undefined;
  return { issuer: key.issuer, tokens, ...(client ? { client } : {}) };
}
