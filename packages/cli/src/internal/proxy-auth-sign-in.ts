// The proxy's sign-in as a client-flow grant: the authorization-code flow through a loopback
// receiver on a stable port and the browser, or the device grant (C-DEV-1) when the host has no
// browser. Registration, storage and refresh stay client-flow's.
import {
  buildAuthorizationUrl, ClientFlowError, exchangeCode, processCallback,
  type AuthorizationServerMetadata, type ClientCredentials, type FetchLike, type GrantFunction, type TokenEndpointOptions, type TokenSet,
} from '@mcp-oauth/client-flow';
import { DEVICE_CODE_GRANT_TYPE, pollDeviceToken, requestDeviceAuthorization } from '@mcp-oauth/client-flow/device';
import { NodeError, startLoopbackReceiver, type LoopbackReceiver } from '@mcp-oauth/node';
import { printable } from './proxy-auth-env';
import { followHeadless } from './sign-in';

/** The longest wait between two device polls, whatever the server says (also caps `slow_down` growth). */
export const MAX_POLL_INTERVAL_S = 60;
/** The longest a device code is polled, whatever its `expires_in`. */
export const MAX_DEVICE_WAIT_S = 1800;

export interface SignInOptions {
  /** Callback ports in the order tried; the last may be 0 (any free port). */
  readonly ports: readonly number[];
  /** The redirect URIs the client registers (the stable ports). */
  readonly registered: readonly string[];
  /** Print a warning when the callback cannot use a registered port. */
  readonly warnFallback: boolean;
  /** Scopes the user asked for (`--scope`), added to every sign-in. */
  readonly scope?: string;
  /** The user asked for the device grant. */
  readonly device: boolean;
  /** A browser can be shown here. */
  readonly browser: boolean;
  /** Opens a URL; resolves whether a browser was launched (throws for a URL it refuses). */
  readonly open: (url: URL) => Promise<boolean>;
  /** Tests: follow the authorization redirect with this fetch instead of a browser. */
  readonly headless?: FetchLike;
  readonly print: (line: string) => void;
  readonly timeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Aborted by `close()`. */
  readonly signal: AbortSignal;
  /** Called with the AS before the client registers, to choose the grant types it registers for. */
  readonly beforeRegistration: (as: AuthorizationServerMetadata) => void;
}

/** Whether the authorization server offers the device grant (RFC 8628 §4). */
export const offersDevice = (as: AuthorizationServerMetadata): boolean => typeof as['device_authorization_endpoint'] === 'string' &&
  (as.grant_types_supported === undefined || as.grant_types_supported.includes(DEVICE_CODE_GRANT_TYPE));

interface Ask { readonly as: AuthorizationServerMetadata; readonly resource: string; readonly scope?: string; readonly t: TokenEndpointOptions; readonly client: ClientCredentials }

/** The grant function for `createMcpOAuthClient`: device grant or authorization code, per sign-in. */
export function proxySignIn(o: SignInOptions): GrantFunction {
  return async ({ as, resource, scope, options: t, client: registered }) => {
    o.beforeRegistration(as);
    const wanted = [...new Set(`${o.scope ?? ''} ${scope ?? ''}`.split(' ').filter(Boolean))].join(' ');
    const ask: Ask = { as, resource, t, client: await registered(), ...(wanted ? { scope: wanted } : {}) };
    const device = offersDevice(as);
    if (device && (o.device || (!o.browser && !o.headless))) {
      const tokens = await deviceFlow(o, ask).catch((e: unknown) => {
        // a registration made without the device grant (e.g. by `login`): the browser flow still works
        if (e instanceof ClientFlowError && e.code === 'AuthorizationDenied' && e.oauthError === 'unauthorized_client') return undefined;
        throw e;
      });
      if (tokens) return tokens;
      o.print('This client is not registered for the device flow here; sign in through the URL below instead.');
      return codeFlow(o, ask, false);
    }
    if (o.device && !o.headless) o.print('The authorization server offers no device flow; sign in through the URL below (its callback goes to this machine).');
    return codeFlow(o, ask, device);
  };
}

/** The ports of a stored registration's `http://127.0.0.1:<port>/callback` redirect URIs (e.g. one `login` made). */
const portsOf = (uris: readonly string[] | undefined): number[] => (uris ?? []).flatMap((u) => {
  const m = /^http:\/\/127\.0\.0\.1:(\d{1,5})\/callback$/.exec(u);
  const port = m ? Number(m[1]) : 0;
  return port > 0 && port < 65536 ? [port] : [];
});

async function bind(o: SignInOptions, client: ClientCredentials): Promise<LoopbackReceiver> {
  // a fixed --port stays exact; otherwise the client's registered ports come first, so an
  // authorization server that compares redirect URIs exactly accepts the one in use
  const ports = o.ports.length > 1 ? [...new Set([...portsOf(client.redirect_uris), ...o.ports])] : o.ports;
  for (const [i, port] of ports.entries()) {
    try {
      return await startLoopbackReceiver({ port, timeoutMs: o.timeoutMs });
    } catch (e) {
      if (!(e instanceof NodeError && e.code === 'PortInUse') || i === ports.length - 1) throw e;
    }
  }
  throw new RangeError('proxy: no callback port');
}

/** The authorization-code flow; `deviceFallback`: switch to the device grant when the browser cannot be launched. */
async function codeFlow(o: SignInOptions, a: Ask, deviceFallback: boolean): Promise<TokenSet> {
  const { as } = a;
  // C-AUTH-5: offline_access when the AS lists it, to get a refresh token
  const wanted = (a.scope ?? '').split(' ').filter((s) => s && s !== 'offline_access')
    .concat(as.scopes_supported?.includes('offline_access') ? ['offline_access'] : []).join(' ');
  if (o.signal.aborted) throw new NodeError('ReceiverClosed');
  const receiver = await bind(o, a.client);
  const onClose = (): void => void receiver.close();
  o.signal.addEventListener('abort', onClose);
  try {
    if (o.warnFallback && !(a.client.redirect_uris ?? o.registered).includes(receiver.redirectUri)) {
      o.print(`The callback ports are busy; using port ${receiver.port}, which works only with an authorization server that accepts any loopback port (RFC 8252 §7.3). If it refuses, close the other program or pass --port.`);
    }
    // A29: the authorization URL is refused (InsecureUrl) unless https (or loopback http) and free of script or shell syntax
    const { url, transaction } = await buildAuthorizationUrl(as, { client: a.client, redirectUri: receiver.redirectUri, resource: a.resource, ...(wanted ? { scope: wanted } : {}) });
    const waiting = receiver.waitForCallback(transaction.state);
    waiting.catch(() => {}); // awaited below
    if (o.headless) await followHeadless(o.headless, url, receiver.redirectUri, (i) => fetch(i));
    else {
      o.print('Sign in to the MCP server in your browser; if it does not open, visit:');
      o.print(`  ${url.href}`);
      // a URL the opener refuses (TypeError) or cannot launch stays printed for the user to open
      const launch = o.browser && !o.device;
      const opened = launch ? await o.open(url).catch(() => false) : false;
      if (launch && !opened && deviceFallback) {
        o.print('No browser could be opened; using the device flow instead.');
        await receiver.close();
        return await deviceFlow(o, a);
      }
      o.print(`Waiting for the sign-in (up to ${Math.round(o.timeoutMs / 1000)} s)...`);
    }
    const code = processCallback(await waiting, transaction);
    const tokens = await exchangeCode(as, { ...a.t, client: a.client, transaction, code });
    if (!o.headless) o.print(`Signed in${tokens.scope ? ` (scope: ${printable(tokens.scope, 200)})` : ''}; continuing.`);
    return tokens;
  } finally {
    o.signal.removeEventListener('abort', onClose);
    await receiver.close();
  }
}

/** C-DEV-1: show where to go and the code (never opened, printed as inert text), poll within bounds. */
async function deviceFlow(o: SignInOptions, a: Ask): Promise<TokenSet> {
  const base = { ...a.t, client: a.client, resource: a.resource, signal: o.signal };
  const d = await requestDeviceAuthorization(a.as, { ...base, ...(a.scope !== undefined ? { scope: a.scope } : {}) });
  const bounded = { ...d, interval: Math.min(d.interval, MAX_POLL_INTERVAL_S), expiresIn: Math.min(d.expiresIn, MAX_DEVICE_WAIT_S) };
  o.print('To sign in, open this page on any device with a browser:');
  o.print(`  ${printable(d.verificationUri, 2048)}`);
  o.print(`and enter the code: ${printable(d.userCode, 64)}`);
  if (d.verificationUriComplete !== undefined) o.print(`(or open ${printable(d.verificationUriComplete, 2048)}, which has the code filled in)`);
  o.print(`Waiting for the approval (up to ${Math.round(bounded.expiresIn / 60)} min)...`);
  const tokens = await pollDeviceToken(a.as, {
    ...base, deviceAuthorization: bounded,
    sleep: (ms) => o.sleep(Math.min(ms, MAX_POLL_INTERVAL_S * 1000)),
  });
  o.print('Approved; continuing.');
  return tokens;
}
