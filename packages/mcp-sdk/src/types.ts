// Structural types shared with both lines of the official SDK: the package imports no SDK type, so
// it type-checks and runs with `@modelcontextprotocol/sdk` 1.x, the 2.x packages, or neither.

/**
 * The SDK's `AuthInfo` (1.x `@modelcontextprotocol/sdk/server/auth/types.js`, 2.x
 * `@modelcontextprotocol/server`), structurally: what the server transports hand to tools
 * (1.x `extra.authInfo`, 2.x `ctx.http.authInfo`). Assignable to both lines' type.
 *
 * @example
 * ```ts
 * import type { McpAuthInfo } from '@mcp-oauth/mcp-sdk'
 * const info: McpAuthInfo = { token: 't', clientId: 'c', scopes: ['mcp:tools'], expiresAt: 1_900_000_000 }
 * ```
 */
export interface McpAuthInfo {
  /** The access token (for this server only: never forward it, R-TOK-3). */
  token: string;
  clientId: string;
  scopes: string[];
  /** Seconds since the epoch. */
  expiresAt?: number;
  /** The RFC 8707 resource the token was issued for. */
  resource?: URL;
  /** 2.x: the PRM URL its scope challenges (`scopeChallenge`) advertise. */
  resourceMetadataUrl?: string;
  extra?: Record<string, unknown>;
}

/**
 * The `fetch` the SDK's HTTP client transports take (`FetchLike` in 1.x and 2.x).
 *
 * @example
 * ```ts
 * import type { FetchLike } from '@mcp-oauth/mcp-sdk'
 * const f: FetchLike = (url, init) => fetch(url, init)
 * ```
 */
export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;
