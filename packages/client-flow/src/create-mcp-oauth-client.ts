import type { DpopSession } from './create-dpop-session';
import { dpopProof, rememberNonce } from './create-dpop-session';
import { ClientFlowError } from './errors';
import { fetchOf, scopes } from './internal/http';
import { parseChallenge, type SigningKey } from './internal/leaf';
import { authorize, complete, deliver } from './internal/authorization';
import { Session } from './internal/session';
import type { TokenEndpointOptions } from './internal/token-request';
import { memoryStore } from './memory-store';
import { logout, type LogoutOptions, type LogoutResult } from './internal/logout';
import type { Discovery } from './discover';
import type { RegistrationOptions } from './register-client';
import type { AuthorizationServerMetadata, ClientCredentials, FetchLike, TokenSet, TokenStore, TraceEvent } from './types';

/** A custom grant (client credentials with extra steps, enterprise ID-JAG, workload identity). */
export type GrantFunction = (input: {
  as: AuthorizationServerMetadata;
  resource: string;
  scope?: string;
  /** fetch, clock, random, DPoP and private key as configured, for the token functions. */
  options: TokenEndpointOptions;
  /** This issuer's client registration (registering when there is none), for grants that authenticate a client. */
  client: () => Promise<ClientCredentials>;
}) => Promise<TokenSet>;

/** Options of {@link createMcpOAuthClient}. */
export interface McpOAuthClientOptions {
  /** The MCP endpoint, e.g. `https://mcp.example.com/mcp`. */
  readonly serverUrl: string | URL;
  /**
   * Loopback http or https redirect URI (C-AUTH-6); required for the authorization-code grant. A
   * function is called only when an authorization needs it (e.g. `loopbackAuthorize` of
   * `@mcp-oauth/node/client`, which binds its port then).
   */
  readonly redirectUri?: string | (() => string | Promise<string>);
  /**
   * Pre-registered credentials, CIMD URL and DCR metadata (C-REG-1). A pre-registered client
   * without `issuer` is bound to the first issuer it is used with (recorded in `store`) and never
   * sent to another: `ClientIssuerMismatch` (C-REG-6).
   */
  readonly registration?: Omit<RegistrationOptions, 'fetch' | 'signal' | 'allowUrl'>;
  /**
   * Opens the authorization URL (browser, printed link, headless test) and resolves the callback
   * URL, or resolves nothing and lets the app call `handleCallback` later.
   */
  readonly authorize?: (url: URL) => Promise<string | URL | void> | string | URL | void;
  /** `authorization_code` (default), `client_credentials`, or a custom grant function. */
  readonly grant?: 'authorization_code' | 'client_credentials' | GrantFunction;
  /** Where registrations and tokens live; defaults to {@link memoryStore}. */
  readonly store?: TokenStore;
  /** The key for `private_key_jwt` client authentication. */
  readonly privateKey?: SigningKey;
  /** Sender-constrain tokens with DPoP (see `createDpopSession`). */
  readonly dpop?: DpopSession;
  /** Ask for `offline_access` when the AS lists it (default `true`). */
  readonly offlineAccess?: boolean;
  /** Refresh this many seconds before expiry (default 60). */
  readonly refreshLeewaySeconds?: number;
  /** Sent as `MCP-Protocol-Version` on discovery requests. */
  readonly protocolVersion?: string;
  /** Picks among the PRM's authorization servers (RFC 9728 §7.6); the first by default. */
  readonly chooseAuthorizationServer?: (issuers: readonly string[]) => string | undefined;
  readonly fetch?: FetchLike;
  /** Address policy applied to every OAuth URL before it is fetched (see `HttpOptions.allowUrl`). */
  readonly allowUrl?: (url: URL) => boolean | Promise<boolean>;
  /** Clock in milliseconds. */
  readonly now?: () => number;
  readonly random?: (n: number) => Uint8Array;
  /**
   * Debug hook: called with a {@link TraceEvent} for every request (URL without query, status) and
   * decision (registration path, why a refresh, the scopes of an authorization). Events never
   * carry a token, code, verifier, secret or assertion. `@mcp-oauth/node/client`'s `debugTrace()`
   * prints them when `MCP_OAUTH_DEBUG=1`.
   */
  readonly trace?: (event: TraceEvent) => void;
}

/** What {@link createMcpOAuthClient} returns. */
export interface McpOAuthClient {
  /** An authenticated `fetch` for any MCP transport. */
  readonly fetch: FetchLike;
  /** Runs discovery and authorization now (e.g. at startup); resolves the tokens. */
  authorize(scope?: string): Promise<TokenSet>;
  /** Completes an authorization whose hook resolved nothing, with the redirect URL it came back to. */
  handleCallback(url: string | URL): Promise<TokenSet>;
  /**
   * What discovery found (the remembered result, else it runs now). Pass the `WWW-Authenticate`
   * header of a 401 from the server to run it again from that challenge (its `resource_metadata`
   * is then the only PRM URL tried, C-PRM-1). `tokens()` and `logout()` use the result, so a
   * command that only needs the stored tokens of a server calls this first.
   */
  discover(wwwAuthenticate?: string | null): Promise<Discovery>;
  /** The stored tokens for the server, refreshed when expiring; `undefined` before authorization or discovery. */
  tokens(): Promise<TokenSet | undefined>;
  /**
   * Revokes the stored tokens at the authorization server when it can (RFC 7009: refresh token
   * first) and forgets them, even when revocation fails; the registration is kept unless
   * `forgetClient`. Never throws for a failed revocation: the result says which tokens were
   * revoked, which stay valid until they expire (no revocation endpoint, or `unsupported_token_type`
   * for the access token, RFC 7009 §2.2.1) and which failed.
   */
  logout(options?: LogoutOptions): Promise<LogoutResult>;
}

const MAX_AUTHORIZATIONS = 3;

/**
 * The MCP OAuth client. Its `fetch` sends `Authorization: Bearer` (or DPoP) on every request
 * (C-TOK-1) and handles the protocol around it: a 401 starts discovery and authorization (or a
 * refresh on `invalid_token`), a 403 `insufficient_scope` re-authorizes with the union of granted
 * and challenged scopes (C-TOK-3; at most 3 authorizations per request), tokens are refreshed ahead
 * of expiry with one refresh in flight per credential (C-TOK-2). A request that already carries an
 * `Authorization` header passes through untouched.
 *
 * @example
 * ```ts
 * import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
 * import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
 * declare function openBrowser(url: URL): void;
 * declare const receiver: Promise<{ url: URL }>; // the loopback redirect receiver
 *
 * const serverUrl = 'https://mcp.example.com/mcp';
 * const oauth = createMcpOAuthClient({
 *   serverUrl,
 *   redirectUri: 'http://127.0.0.1:8765/callback',
 *   registration: { clientName: 'My tool' },
 *   authorize: async (url) => { openBrowser(url); return (await receiver).url },
 * });
 * const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { fetch: oauth.fetch });
 * ```
 * @throws {ClientFlowError} from `fetch` and `authorize`: every code of the package.
 * @throws {TypeError} when `serverUrl` or `redirectUri` is not acceptable.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 */
export function createMcpOAuthClient(options: McpOAuthClientOptions): McpOAuthClient {
  const s = new Session(options, options.store ?? memoryStore());
  const f = fetchOf(options);

  const send = async (req: Request, tokens: TokenSet | undefined): Promise<Response> => {
    const r = new Request(req.clone(), {});
    if (tokens) {
      const dpop = tokens.token_type === 'DPoP' ? options.dpop : undefined;
      r.headers.set('authorization', `${dpop ? 'DPoP' : 'Bearer'} ${tokens.access_token}`);
      if (dpop) r.headers.set('dpop', await dpopProof(dpop, r.method, r.url, tokens.access_token, options.now?.(), options.random));
    }
    return f(r);
  };

  const authenticatedFetch: FetchLike = async (input, init) => {
    const req = new Request(input, init);
    if (req.headers.has('authorization')) return f(input, init);
    let tokens = await s.current();
    const bare = req.url.split(/[?#]/)[0]!;
    let res = await send(req, tokens);
    let authorizations = 0, refreshed = false, nonceRetried = false;
    for (;;) {
      options.trace?.({ type: 'http', method: req.method, url: bare, status: res.status });
      const www = res.headers.get('www-authenticate');
      const ch = parseChallenge(www);
      if ((res.status === 401 || res.status === 400) && ch?.error === 'use_dpop_nonce' && !nonceRetried && rememberNonce(options.dpop, req.url, res)) {
        nonceRetried = true;
      } else if (res.status === 401) {
        const sent = tokens;
        tokens = undefined;
        if (sent?.refresh_token && ch?.error === 'invalid_token' && !refreshed && s.ctx) {
          refreshed = true;
          tokens = await s.refresh(s.ctx, sent, 'invalid_token');
        }
        if (!tokens) {
          const ctx = await s.discover(www);
          const stored = await s.current();
          if (stored && stored.access_token !== sent?.access_token) tokens = stored;
          else if (++authorizations > MAX_AUTHORIZATIONS) return res;
          else tokens = await authorize(s, ctx, s.initialScope(ctx, www), '401');
        }
      } else if (res.status === 403 && ch?.error === 'insufficient_scope') {
        if (++authorizations > MAX_AUTHORIZATIONS) {
          await res.body?.cancel();
          throw new ClientFlowError('StepUpLimit', { url: bare, status: 403 });
        }
        const ctx = s.ctx ?? (await s.discover(www));
        const union = [...new Set([...scopes(tokens?.scope), ...scopes(ch.scope)])].join(' ');
        tokens = await authorize(s, ctx, union || undefined, '403');
      } else {
        return res;
      }
      await res.body?.cancel();
      res = await send(req, tokens);
    }
  };

  return {
    fetch: authenticatedFetch,
    async authorize(scope) {
      const ctx = await s.context();
      return authorize(s, ctx, scope ?? s.initialScope(ctx), 'call');
    },
    async handleCallback(url) {
      const href = String(url);
      return deliver(s, href) ?? complete(s, await s.context(), href);
    },
    async discover(wwwAuthenticate) {
      const ctx = wwwAuthenticate ? await s.discover(wwwAuthenticate) : await s.context();
      return { resource: ctx.resource, server: ctx.key.server, authorizationServer: ctx.as, ...(ctx.prm ? { protectedResource: ctx.prm } : {}) };
    },
    tokens: () => s.current(),
    async logout(options = {}) {
      return logout(s, s.ctx ?? (await s.context().catch(() => undefined)), options);
    },
  };
}
