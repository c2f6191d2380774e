// Authentication of `mcp-oauth proxy` toward the remote MCP server.
// A minimal stand-in: the branch `proxy-auth` owns this file (file token store, sign-in on 401 with a
// stable loopback port or the device grant, refresh under a cross-process lock, step-up, mcp-remote
// import) and replaces it at merge. Only the interface below is relied on by the relay.
import { createMcpOAuthClient, type FetchLike } from '@mcp-oauth/client-flow';
import { fileTokenStore, openBrowser, startLoopbackReceiver, type LoopbackReceiver } from '@mcp-oauth/node';
import { CliError } from '../errors';
import { defaultStoreDir } from '../default-store-dir';

export interface ProxyAuthOptions {
  readonly url: URL;
  /** `--header` pairs; when there is at least one, OAuth is never attempted. */
  readonly headers?: readonly (readonly [string, string])[];
  readonly scope?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly clientMetadataUrl?: string;
  readonly port?: number;
  readonly device?: boolean;
  readonly storeDir?: string;
  /** Tests: follow the authorization redirect with fetch (env MCP_OAUTH_CLI_HEADLESS_AUTHORIZE=1). */
  readonly headlessAuthorize?: boolean;
  /** Diagnostics (stderr). */
  readonly print: (line: string) => void;
  readonly fetch?: FetchLike;
}

export interface ProxyAuth {
  /** fetch for MCP requests to the remote: bearer token added; on 401 signs in (one sign-in at a time), refreshes, steps up on 403 insufficient_scope; the caller's signal and body are honoured. Throws ClientFlowError/CliError when sign-in fails. */
  readonly fetch: FetchLike;
  close(): Promise<void>;
}

export function createProxyAuth(options: ProxyAuthOptions): ProxyAuth {
  const base: FetchLike = options.fetch ?? ((i, init) => fetch(i, init));
  if (options.headers && options.headers.length > 0) {
    const pairs = options.headers;
    return {
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        for (const [k, v] of pairs) headers.set(k, v);
        return base(input, { ...init, headers });
      },
      close: async () => {},
    };
  }
  let receiver: LoopbackReceiver | undefined;
  let opening: Promise<LoopbackReceiver> | undefined;
  const open = (): Promise<LoopbackReceiver> => (opening ??= startLoopbackReceiver({ port: options.port ?? 0, timeoutMs: 300_000, keepOpen: true }).then((r) => (receiver = r)));
  let signingIn: Promise<unknown> = Promise.resolve();
  const client = createMcpOAuthClient({
    serverUrl: options.url, store: fileTokenStore(options.storeDir ?? defaultStoreDir()), fetch: base,
    redirectUri: async () => (await open()).redirectUri,
    registration: {
      clientName: 'mcp-oauth proxy',
      ...(options.clientMetadataUrl !== undefined ? { clientMetadataUrl: options.clientMetadataUrl } : {}),
      ...(options.clientId !== undefined ? {
        preRegistered: {
          client_id: options.clientId,
          ...(options.clientSecret !== undefined
            ? { client_secret: options.clientSecret, token_endpoint_auth_method: 'client_secret_basic' as const }
            : { token_endpoint_auth_method: 'none' as const }),
        },
      } : {}),
    },
    authorize: (authUrl) => {
      // One sign-in at a time.
      const run = signingIn.then(async () => {
        const r = await open();
        const waiting = r.waitForCallback(authUrl.searchParams.get('state') ?? '');
        waiting.catch(() => {});
        if (options.headlessAuthorize) {
          const res = await base(authUrl.href, { redirect: 'manual' });
          await res.body?.cancel();
          const location = res.headers.get('location');
          const to = location !== null && URL.canParse(location, authUrl) ? new URL(location, authUrl) : undefined;
          const back = new URL(r.redirectUri);
          if (!to || res.status < 300 || res.status >= 400 || to.origin !== back.origin || to.pathname !== back.pathname) {
            throw new CliError('AuthorizationFailed', 'the authorization server did not redirect back to the redirect URI');
          }
          await (await base(to.href)).body?.cancel();
        } else {
          options.print('mcp-oauth proxy: opening the browser to authorize; if it does not open, visit:');
          options.print(`  ${authUrl.href}`);
          await openBrowser(authUrl, { print: () => {} });
        }
        return waiting;
      });
      signingIn = run.catch(() => {});
      return run;
    },
  });
  return {
    fetch: client.fetch,
    close: async () => { await (receiver ?? (opening ? await opening.catch(() => undefined) : undefined))?.close(); },
  };
}
