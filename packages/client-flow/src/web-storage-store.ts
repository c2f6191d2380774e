import { storeKeyString } from './memory-store';
import type { StoredRecord, TokenStore } from './types';

/** The part of the Web Storage API the store uses (`localStorage`, `sessionStorage`). */
export interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * A {@link TokenStore} over `sessionStorage` (recommended: cleared with the tab) or `localStorage`
 * (survives restarts, readable by any script of the origin). Values are JSON under
 * `<prefix><server> <issuer>`; an unreadable value is treated as absent and overwritten on the next save.
 *
 * @example
 * ```ts
 * import { createMcpOAuthClient, webStorageStore, type WebStorageLike } from '@mcp-oauth/client-flow';
 * declare const sessionStorage: WebStorageLike; // the browser's
 *
 * const client = createMcpOAuthClient({ serverUrl: 'https://mcp.example.com/mcp', store: webStorageStore(sessionStorage) });
 * ```
 * @throws {TypeError} when `storage` lacks `getItem`/`setItem`/`removeItem`.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.13
 */
export function webStorageStore(storage: WebStorageLike, prefix: string = 'mcp-oauth:'): TokenStore {
  if (typeof storage?.getItem !== 'function' || typeof storage.setItem !== 'function' || typeof storage.removeItem !== 'function') {
    throw new TypeError('ClientFlowError: storage');
  }
  return {
    load: async (key) => {
      const raw = storage.getItem(prefix + storeKeyString(key));
      try {
        const v: unknown = raw === null ? undefined : JSON.parse(raw);
        return typeof v === 'object' && v !== null && typeof (v as StoredRecord).issuer === 'string' ? (v as StoredRecord) : undefined;
      } catch {
        return undefined;
      }
    },
    save: async (key, record) => storage.setItem(prefix + storeKeyString(key), JSON.stringify(record)),
    delete: async (key) => storage.removeItem(prefix + storeKeyString(key)),
  };
}
