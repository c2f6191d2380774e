import type { ClientUrlGuard } from '@mcp-oauth/server-flow';
import { createPinnedFetch, type PinnedFetchOptions } from './pinned-fetch';

/** Options of {@link createClientUrlGuard}: those of the pinning fetch, plus the guard's bounds. */
export interface ClientUrlGuardOptions extends PinnedFetchOptions, Pick<ClientUrlGuard, 'timeout' | 'cooldown' | 'maxEntries'> {}

/**
 * The `clientUrlGuard` of server-flow's `createAuthorizationServer` on Node (A-SSRF-1): every URL
 * a client supplies (Client ID Metadata Documents, `jwks_uri`) is fetched through
 * {@link createPinnedFetch}, which resolves the host once, refuses any loopback, private,
 * link-local or reserved answer and connects to exactly the address it checked (no DNS rebinding).
 * Server-flow adds the https rule, redirect refusal, size and time bounds and bounded caches
 * with a failure cooldown. Giving a guard turns CIMD on (unless `clientIdMetadataDocuments: false`)
 * and lets registration accept `jwks_uri`.
 *
 * @returns `{ fetch: createPinnedFetch(options), pinned: true }` plus `timeout`, `cooldown` and
 * `maxEntries` when given.
 * @throws {RangeError} when `connectTimeout` is not a positive number of milliseconds.
 * @throws {TypeError} when `resolve` is not a function.
 * @example
 * ```ts
 * import { createAuthorizationServer } from '@mcp-oauth/server-flow';
 * import { createClientUrlGuard } from '@mcp-oauth/node';
 * const as = createAuthorizationServer({
 *   issuer: 'https://auth.example.com', resources: ['https://mcp.example.com/mcp'], scopes: ['mcp:tools'],
 *   authenticate: async () => ({ subject: 'demo-user' }), // your login
 *   clientUrlGuard: createClientUrlGuard({ connectTimeout: 3000 }),
 * });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.13 (OAuth endpoints and SSRF)
 */
export function createClientUrlGuard(options: ClientUrlGuardOptions = {}): ClientUrlGuard {
  const { timeout, cooldown, maxEntries, ...pinned } = options;
  return {
    fetch: createPinnedFetch(pinned),
    pinned: true,
    ...(timeout !== undefined && { timeout }),
    ...(cooldown !== undefined && { cooldown }),
    ...(maxEntries !== undefined && { maxEntries }),
  };
}
