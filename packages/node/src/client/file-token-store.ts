import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreKey, StoredRecord, TokenStore } from '@mcp-oauth/client-flow';
import { NodeError } from '../errors';
import { importMcpRemote } from './mcp-remote';

/** Options of {@link fileTokenStore}. */
export interface FileTokenStoreOptions {
  /**
   * When the store has no record for a server, import the tokens a user obtained with mcp-remote
   * (`~/.mcp-auth/mcp-remote-<version>/<md5(server)>_tokens.json`). `true` uses `~/.mcp-auth`
   * (or `MCP_REMOTE_CONFIG_DIR`); a string is that folder. Off by default. Only files that record
   * the `issuer` they came from (mcp-remote ≥ 0.15), equal to the issuer discovered now, are used:
   * anything else is never sent to this authorization server (C-REG-6).
   */
  readonly importMcpRemote?: boolean | string;
  /** How long `lock` waits for another process, in milliseconds (default 10 s). */
  readonly lockTimeoutMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const code = (e: unknown): unknown => (e as { code?: unknown }).code;

/**
 * The file name {@link fileTokenStore} uses for one MCP server and issuer:
 * `<host>-<first 32 hex digits of SHA-256(server \n issuer)>.json` (`server-…` for a key without a
 * host, such as client-flow's record of the issuer a pre-registered client is bound to).
 *
 * @example
 * ```ts
 * import { tokenFileName } from '@mcp-oauth/node';
 *
 * tokenFileName({ server: 'https://mcp.example.com/mcp', issuer: 'https://as.example.com' }); // 'mcp.example.com-…json'
 * ```
 * @throws never.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.13
 */
export function tokenFileName(key: StoreKey): string {
  const host = (URL.canParse(key.server) && new URL(key.server).hostname.replace(/[^\w.-]/g, '_')) || 'server';
  return `${host}-${createHash('sha256').update(`${key.server}\n${key.issuer}`).digest('hex').slice(0, 32)}.json`;
}

/**
 * A {@link TokenStore} on disk (C-TOK-4): one JSON file per MCP server and issuer, mode 0600 in a
 * folder of mode 0700, written atomically (temp file + rename), with a lock file so that two
 * processes refreshing at once do one refresh. A file that cannot be read or parsed is reported as
 * an error, never silently discarded. Records hold `access_token`, `refresh_token`, `expires_at`,
 * `token_type`, `scope`, the issuer and the client registration.
 *
 * @example
 * ```ts
 * import { homedir } from 'node:os';
 * import { join } from 'node:path';
 * import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
 * import { fileTokenStore } from '@mcp-oauth/node';
 *
 * const store = fileTokenStore(join(homedir(), '.config', 'my-tool', 'tokens'), { importMcpRemote: true });
 * const oauth = createMcpOAuthClient({ serverUrl: 'https://mcp.example.com/mcp', store });
 * ```
 * @throws {NodeError} `StoreUnreadable`, `StoreCorrupt`, `LockTimeout` (from its methods).
 * @throws {TypeError} when `dir` is not a non-empty string.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.13
 */
export function fileTokenStore(dir: string, options: FileTokenStoreOptions = {}): TokenStore {
  if (typeof dir !== 'string' || !dir) throw new TypeError('fileTokenStore: dir');
  let ready: Promise<void> | undefined;
  const folder = (): Promise<void> => (ready ??= mkdir(dir, { recursive: true, mode: 0o700 }).then(() => chmod(dir, 0o700)));
  const file = (key: StoreKey): string => join(dir, tokenFileName(key));

  async function load(key: StoreKey): Promise<StoredRecord | undefined> {
    const path = file(key);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if (code(e) !== 'ENOENT') throw new NodeError('StoreUnreadable', { cause: e, path });
      return options.importMcpRemote ? importMcpRemote(key, options.importMcpRemote) : undefined;
    }
    let v: unknown;
    try { v = JSON.parse(text); } catch { throw new NodeError('StoreCorrupt', { path }); }
    if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof (v as StoredRecord).issuer !== 'string') {
      throw new NodeError('StoreCorrupt', { path });
    }
    return v as StoredRecord;
  }

  async function save(key: StoreKey, record: StoredRecord): Promise<void> {
    await folder();
    const path = file(key);
    const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const h = await open(tmp, 'wx', 0o600);
    try {
      await h.writeFile(JSON.stringify(record));
      await h.sync();
    } finally {
      await h.close();
    }
    await rename(tmp, path);
  }

  async function lock<T>(key: StoreKey, fn: () => Promise<T>): Promise<T> {
    await folder();
    const path = `${file(key)}.lock`;
    const deadline = Date.now() + (options.lockTimeoutMs ?? 10_000);
    for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
      try {
        const h = await open(path, 'wx', 0o600);
        await h.writeFile(String(process.pid));
        await h.close();
        break;
      } catch (e) {
        if (code(e) !== 'EEXIST') throw new NodeError('StoreUnreadable', { cause: e, path });
        const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > 30_000) { await unlink(path).catch(() => {}); continue; } // a crashed holder
        if (Date.now() > deadline) throw new NodeError('LockTimeout', { path });
        await sleep(wait);
      }
    }
    try {
      return await fn();
    } finally {
      await unlink(path).catch(() => {});
    }
  }

  return {
    load,
    save,
    delete: async (key) => { await unlink(file(key)).catch((e: unknown) => { if (code(e) !== 'ENOENT') throw e; }); },
    lock,
  };
}
