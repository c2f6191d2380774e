import type { UpstreamTokens } from './store';

/**
 * Delegation to an upstream OAuth provider: after our consent, the user signs in there (with our
 * own PKCE and `state`), the upstream tokens are kept with the grant on the server (sealed under
 * `encryptionKeys` when given), and the MCP client receives only our token. An expired upstream
 * access token is renewed with the upstream refresh token (one renewal per grant at a time, across
 * instances); the grant ends when the provider refuses it, or with the upstream token when the
 * provider gave no refresh token.
 *
 * @example
 * ```ts
 * import { createAuthorizationServer } from '@mcp-oauth/server-flow'
 * declare const idpSecret: string
 * createAuthorizationServer({
 *   issuer: 'https://auth.example.com', resources: ['https://mcp.example.com/mcp'], scopes: ['mcp:tools'],
 *   upstream: {
 *     authorizationEndpoint: 'https://idp.example.net/authorize', tokenEndpoint: 'https://idp.example.net/token',
 *     clientId: 'mcp-server', clientSecret: idpSecret, scopes: ['api'],
 *     identify: async (t) => {
 *       const me = await fetch('https://idp.example.net/me', { headers: { authorization: `Bearer ${t.accessToken}` } })
 *       return ((await me.json()) as { id: string }).id
 *     },
 *   },
 * })
 * ```
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/security_best_practices#confused-deputy-problem
 */
export interface UpstreamOptions {
  /** The upstream authorization endpoint (https). */
  authorizationEndpoint: string;
  /** The upstream token endpoint (https). */
  tokenEndpoint: string;
  /** Our client id at the upstream provider. */
  clientId: string;
  /** Our client secret there (sent with HTTP Basic); omit for a public client. */
  clientSecret?: string;
  /** Scopes to ask the upstream for. */
  scopes?: readonly string[];
  /** Extra authorization parameters (e.g. `resource`, `audience`, `prompt`). */
  extraParams?: Readonly<Record<string, string>>;
  /** Who the user is, from the upstream tokens (e.g. a userinfo call). Becomes our `sub`. */
  identify: (tokens: UpstreamTokens) => Promise<string>;
  /** Session lifetime in seconds when the upstream gives no `expires_in`. Default 3600. */
  defaultLifetime?: number;
  /**
   * The secret (at least 32 characters, random) from which the key that seals the pending consent
   * and the upstream `state` is derived: nothing is stored for a browser until the upstream sends it
   * back signed in (A-DOS-1). Give every instance behind one issuer the same value. Default: a random
   * key per server object (one instance only; a restart voids sign-ins in progress).
   */
  stateSecret?: string;
  /**
   * Keep the upstream access and refresh tokens in clear in the grant records of a persistent store
   * (anyone who reads the store can then call the provider as your users). Default false: with a
   * store other than `memoryStore()`, `encryptionKeys` is required.
   */
  storeTokensInClear?: boolean;
  /** The `fetch` used for the upstream token endpoint and `upstreamFetch`. Default global `fetch`. */
  fetch?: typeof fetch;
}
