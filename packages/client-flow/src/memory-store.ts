import type { StoreKey, StoredRecord, TokenStore } from './types';

/**
 * The string a store may use for a key: server and issuer joined by a space (URLs have none).
 *
 * @example
 * ```ts
 * storeKeyString({ server: 'https://mcp.example.com/mcp', issuer: 'https://as.example.com' });
 * ```
 * @throws never.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function storeKeyString(key: StoreKey): string {
  return `${key.server} ${key.issuer}`;
}

/**
 * An in-memory {@link TokenStore}, the default: records live as long as the process or page.
 *
 * @example
 * ```ts
 * import { createMcpOAuthClient, memoryStore } from '@mcp-oauth/client-flow';
 *
 * const client = createMcpOAuthClient({ serverUrl: 'https://mcp.example.com/mcp', store: memoryStore() });
 * ```
 * @throws never.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.13
 */
export function memoryStore(): TokenStore {
  const map = new Map<string, StoredRecord>();
  return {
    load: async (key) => map.get(storeKeyString(key)),
    save: async (key, record) => void map.set(storeKeyString(key), record),
    delete: async (key) => void map.delete(storeKeyString(key)),
  };
}
