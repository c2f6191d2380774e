import { createMcpOAuthClient, type FetchLike, type TokenSet } from '@mcp-oauth/client-flow';
import { debugTrace, fileTokenStore, openBrowser, startLoopbackReceiver, tokenFileName } from '@mcp-oauth/node';
import { join } from 'node:path';
import { CliError } from './errors';
import { defaultStoreDir } from './default-store-dir';
import { followHeadless, preRegisteredClient } from './internal/sign-in';

/** Options of {@link login}. */
export interface LoginOptions {
  /** Token folder; default {@link defaultStoreDir}. */
  readonly storeDir?: string;
  /** Loopback port of the redirect URI; 0 (default) picks a free one (RFC 8252 §7.3 lets it vary). */
  readonly port?: number;
  /** Scopes to ask for; default: the server's challenge, else its `scopes_supported`. */
  readonly scope?: string;
  /** `client_name` for dynamic registration; default `mcp-oauth CLI`. */
  readonly clientName?: string;
  /**
   * A client registered by hand with the authorization server (used first, C-REG-1); needed when
   * the server offers neither CIMD nor DCR. Its redirect URI must be `http://127.0.0.1/callback`
   * (any port) or the one `port` gives.
   */
  readonly clientId?: string;
  /** The secret of `clientId`, for a confidential client (sent with `client_secret_basic`). */
  readonly clientSecret?: string;
  /**
   * The issuer of the authorization server `clientId` was registered with: the client is sent
   * there only. Without it, the client binds to the first issuer it is used with (recorded in the
   * token folder) and is never sent to another: if the server moves to another authorization
   * server, `login` fails with `ClientIssuerMismatch` before anything is sent to it (C-REG-6).
   */
  readonly clientIssuer?: string;
  /** The https URL of this client's Client ID Metadata Document, used when the server supports CIMD. */
  readonly clientMetadataUrl?: string;
  /**
   * For tests and CI only: follow the authorization redirect with `fetch` instead of opening a
   * browser (works only against an authorization server that approves without a page, such as
   * the demo's). The command line sets it with `MCP_OAUTH_CLI_HEADLESS_AUTHORIZE=1`.
   */
  readonly headlessAuthorize?: boolean;
  /** Progress lines; default: stderr. */
  readonly print?: (line: string) => void;
  /** How long to wait for the browser, in milliseconds; default 5 minutes. */
  readonly timeoutMs?: number;
  readonly fetch?: FetchLike;
}

/** What {@link login} resolves (no token in it). */
export interface LoginResult {
  readonly issuer: string;
  readonly scope?: string;
  /** Unix seconds. */
  readonly expiresAt?: number;
  readonly refreshable: boolean;
  /** The file that holds the tokens (mode 0600). */
  readonly file: string;
}

/**
 * Signs in to an MCP server with the authorization-code flow: a loopback redirect receiver on
 * 127.0.0.1, the browser opened on the authorization URL (the URL is printed as well, for headless
 * machines), and the tokens and registration saved in a file token store (0600 files in a 0700
 * folder). The first request goes to the server itself, so its 401 challenge drives discovery and
 * scope selection as in any MCP client.
 *
 * @example
 * ```ts
 * import { login } from '@mcp-oauth/cli';
 *
 * const { issuer, scope } = await login('https://mcp.example.com/mcp');
 * ```
 * @throws {ClientFlowError} for every protocol failure (discovery, registration, state, issuer, token).
 * @throws {NodeError} `CallbackTimeout` when the browser never came back.
 * @throws {CliError} `AuthorizationFailed` (headless mode: the server did not redirect straight back to the
 * redirect URI), `NotLoggedIn` when the server let the request through without any authorization.
 * @throws {ClientFlowError} `ClientIssuerMismatch` when `clientId` is bound to another authorization server.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export async function login(url: string | URL, options: LoginOptions = {}): Promise<LoginResult> {
  const serverUrl = new URL(url);
  const print = options.print ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const dir = options.storeDir ?? defaultStoreDir();
  const store = fileTokenStore(dir);
  const fetchFn = options.fetch ?? ((i, init) => fetch(i, init));
  const timeoutMs = options.timeoutMs ?? 300_000;
  // One receiver for every authorization of this login (the first, and any step-up): one port.
  const receiver = await startLoopbackReceiver({ port: options.port ?? 0, timeoutMs, keepOpen: true });
  let authorized = false;
  const trace = debugTrace(); // MCP_OAUTH_DEBUG=1
  try {
    const client = createMcpOAuthClient({
      serverUrl, redirectUri: receiver.redirectUri, store, fetch: fetchFn, ...(trace ? { trace } : {}),
      registration: {
        clientName: options.clientName ?? 'mcp-oauth CLI',
        ...(options.clientMetadataUrl !== undefined ? { clientMetadataUrl: options.clientMetadataUrl } : {}),
        ...(options.clientId !== undefined ? { preRegistered: preRegisteredClient(options.clientId, options.clientSecret, options.clientIssuer) } : {}),
      },
      authorize: async (authUrl) => {
        authorized = true;
        const waiting = receiver.waitForCallback(authUrl.searchParams.get('state') ?? '');
        waiting.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled
        if (options.headlessAuthorize) {
          await followHeadless(fetchFn, authUrl, receiver.redirectUri);
        } else {
          print('Opening the browser to authorize; if it does not open, visit:');
          print(`  ${authUrl.href}`);
          await openBrowser(authUrl, { print: () => {} });
          print(`Waiting for the authorization (up to ${Math.round(timeoutMs / 1000)} s)…`);
        }
        return waiting;
      },
    });
    let tokens: TokenSet | undefined;
    if (options.scope !== undefined) tokens = await client.authorize(options.scope);
    else {
      const res = await client.fetch(serverUrl, {
        method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'mcp-oauth', version: '0' } } }),
      });
      await res.body?.cancel();
      tokens = await client.tokens();
      if (!tokens) throw new CliError('NotLoggedIn', `the server answered ${res.status} without asking for authorization; nothing to log in to`);
      if (!authorized) print('Already logged in; the stored tokens are still valid (run `mcp-oauth logout` first to sign in again).');
    }
    const { server } = await client.discover(); // remembered from the login: no request
    return {
      issuer: tokens.issuer, refreshable: tokens.refresh_token !== undefined,
      ...(tokens.scope !== undefined ? { scope: tokens.scope } : {}), ...(tokens.expires_at !== undefined ? { expiresAt: tokens.expires_at } : {}),
      file: join(dir, tokenFileName({ server, issuer: tokens.issuer })),
    };
  } finally {
    await receiver.close();
  }
}
