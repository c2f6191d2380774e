// `mcp-oauth proxy`: the authenticated fetch the relay sends MCP requests through (issue #15).
import { createMcpOAuthClient, type AuthorizationServerMetadata, type FetchLike, type TraceEvent } from '@mcp-oauth/client-flow';
import { DEVICE_CODE_GRANT_TYPE } from '@mcp-oauth/client-flow/device';
import { debugTrace, fileTokenStore, openBrowser } from '@mcp-oauth/node';
import { defaultStoreDir } from '../default-store-dir';
import { browserAvailable, stablePorts } from './proxy-auth-env';
import { offersDevice, proxySignIn } from './proxy-auth-sign-in';
import { preRegisteredClient } from './sign-in';

/** How `mcp-oauth proxy` signs in (or sends fixed headers instead); part of `ProxyOptions`. */
export interface ProxySignInOptions {
  /** Headers sent with every request (`--header`); with at least one, OAuth is never attempted. */
  readonly headers?: readonly (readonly [string, string])[];
  /** Scopes to ask for at sign-in, besides what the server's challenge names. */
  readonly scope?: string;
  /** A client registered by hand with the authorization server (tried first). */
  readonly clientId?: string;
  /** The secret of `clientId` (confidential clients). */
  readonly clientSecret?: string;
  /** The https URL of this client's Client ID Metadata Document, used where the server supports CIMD. */
  readonly clientMetadataUrl?: string;
  /** A fixed callback port (no fallback: `PortInUse` when taken); 0 takes any free port. Default: the stored registration's loopback ports, two ports derived from the server URL, then any free port. */
  readonly port?: number;
  /** Sign in with the device authorization grant (RFC 8628) instead of a browser redirect. */
  readonly device?: boolean;
  /** Token folder; default `defaultStoreDir()` (shared with `mcp-oauth login`). */
  readonly storeDir?: string;
  /** Tests and CI only: follow the authorization redirect with fetch, for an auto-approving server (env MCP_OAUTH_CLI_HEADLESS_AUTHORIZE=1). */
  readonly headlessAuthorize?: boolean;
}

export interface ProxyAuthOptions extends ProxySignInOptions {
  readonly url: URL;
  /** Diagnostics (stderr). */
  readonly print: (line: string) => void;
  readonly fetch?: FetchLike;
  /** Import mcp-remote's tokens when the store has none (only those recording the same issuer); a folder, or `false`. Default `~/.mcp-auth`. */
  readonly importMcpRemote?: boolean | string;
  /** Whether a browser can be shown; default: detected (macOS, Windows, or `DISPLAY`/`WAYLAND_DISPLAY`). */
  readonly browser?: boolean;
  /** Opens the authorization URL; resolves whether a browser was launched. Default: `openBrowser` (no shell, http(s) only). */
  readonly open?: (url: URL) => Promise<boolean>;
  /** How long a browser sign-in may take, in milliseconds; default 5 minutes. */
  readonly timeoutMs?: number;
  /** Tests: the clock (milliseconds) and the wait between device polls. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Debug events (never a secret); default: stderr when `MCP_OAUTH_DEBUG=1`. */
  readonly trace?: (event: TraceEvent) => void;
}

export interface ProxyAuth {
  /** fetch for MCP requests to the remote: bearer token added; on 401 signs in (one sign-in at a time, concurrent requests wait for it), refreshes, steps up on 403 insufficient_scope; the caller's signal and body are honoured. Throws ClientFlowError/CliError when sign-in fails. */
  readonly fetch: FetchLike;
  close(): Promise<void>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Registration = Mutable<NonNullable<Parameters<typeof createMcpOAuthClient>[0]['registration']>>;

/** Rejects with the caller's abort reason as soon as `signal` aborts, even while a sign-in holds the request. */
function honour<T>(work: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/**
 * The proxy's access to the remote MCP server: with `--header`, those headers and nothing else;
 * otherwise an OAuth client (discovery, registration pre-registered → CIMD → DCR, PKCE, refresh,
 * step-up) whose tokens live in the shared token folder (the one `mcp-oauth login` uses), so a
 * login, a restart or another proxy for the same server reuse them, and two processes refresh
 * once (the store's lock). Sign-in uses the browser through a loopback callback on a port derived
 * from the server URL, or the device grant when the host has no browser or `device` is set.
 */
export function createProxyAuth(options: ProxyAuthOptions): ProxyAuth {
  const url = new URL(options.url);
  const base: FetchLike = options.fetch ?? ((i, init) => fetch(i, init));
  if (options.headers && options.headers.length > 0) {
    const headers = options.headers;
    return {
      fetch: (input, init) => {
        const req = new Request(input, init);
        for (const [k, v] of headers) req.headers.set(k, v);
        return base(req);
      },
      close: async () => {},
    };
  }
  const port = options.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new RangeError('createProxyAuth: port');
  const stable = stablePorts(url);
  const uri = (p: number): string => `http://127.0.0.1:${p}/callback`;
  const registered = port ? [uri(port)] : stable.map(uri);
  const controller = new AbortController();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    controller.signal.addEventListener('abort', () => { clearTimeout(t); reject(controller.signal.reason); }, { once: true });
  }));
  const preRegistered = options.clientId === undefined ? undefined : preRegisteredClient(options.clientId, options.clientSecret);
  // DCR registers both stable callback URIs, so an authorization server that compares ports exactly
  // accepts either; the device grant type is added when the server offers it (set per sign-in)
  const registration: Registration = {
    clientName: 'mcp-oauth proxy',
    redirectUris: registered,
    ...(options.clientMetadataUrl !== undefined ? { clientMetadataUrl: options.clientMetadataUrl } : {}),
    ...(preRegistered ? { preRegistered } : {}),
  };
  const beforeRegistration = (as: AuthorizationServerMetadata): void => {
    if (offersDevice(as)) registration.grantTypes = ['authorization_code', DEVICE_CODE_GRANT_TYPE, 'refresh_token'];
    else delete registration.grantTypes;
  };
  const trace = options.trace ?? debugTrace(); // MCP_OAUTH_DEBUG=1
  const client = createMcpOAuthClient({
    serverUrl: url, fetch: base, registration,
    store: fileTokenStore(options.storeDir ?? defaultStoreDir(), { importMcpRemote: options.importMcpRemote ?? true }),
    grant: proxySignIn({
      ports: port !== undefined ? [port] : [...stable, 0],
      registered,
      warnFallback: port !== 0,
      ...(options.scope !== undefined ? { scope: options.scope } : {}),
      device: options.device === true,
      browser: options.browser ?? browserAvailable(),
      open: options.open ?? ((u) => openBrowser(u, { print: () => {} })),
      ...(options.headlessAuthorize ? { headless: base } : {}),
      print: options.print,
      timeoutMs: options.timeoutMs ?? 300_000,
      sleep,
      signal: controller.signal,
      beforeRegistration,
    }),
    ...(options.now ? { now: options.now } : {}),
    ...(trace ? { trace } : {}),
  });
  return {
    fetch: (input, init) => {
      if (controller.signal.aborted) return Promise.reject(new TypeError('createProxyAuth: closed'));
      return honour(client.fetch(input, init), init?.signal ?? (input instanceof Request ? input.signal : undefined));
    },
    close: async () => { controller.abort(new TypeError('createProxyAuth: closed')); },
  };
}
