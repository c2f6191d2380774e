import type { Server } from 'node:http';
import { NodeError } from '../errors';
import { openBrowser } from './open-browser';
import { openReceiver, type LoopbackReceiver } from './start-loopback-receiver';

/** Options of {@link loopbackAuthorize}. */
export interface LoopbackAuthorizeOptions {
  /** A fixed port, so a registration made for `http://127.0.0.1:<port>/callback` stays valid; 0 (default) takes a free one. */
  readonly port?: number;
  /** The callback path; `/callback` by default. */
  readonly path?: string;
  /** How long one authorization may take, from binding to callback, in milliseconds; 5 minutes by default. */
  readonly timeoutMs?: number;
  /**
   * When the fixed `port` is taken (another instance is signing in), listen on a free port instead
   * of failing with `PortInUse`. Safe only when the authorization server matches loopback redirect
   * URIs on any port, as RFC 8252 §7.3 requires of it (server-flow does) and the registration was
   * made for the `127.0.0.1` IP literal; a server that compares ports exactly then refuses the
   * authorization request instead. Off by default.
   */
  readonly anyPort?: boolean;
  /** Shows the authorization URL to the user; {@link openBrowser} by default. */
  readonly open?: (url: URL) => unknown;
}

/** What {@link loopbackAuthorize} returns: the two options of `createMcpOAuthClient` it fills. */
export interface LoopbackAuthorize {
  /** Pass as `redirectUri`: called only when an authorization is needed; binds the receiver and resolves its URI. */
  readonly redirectUri: () => Promise<string>;
  /** Pass as `authorize`: opens the URL, waits for its callback, then closes the receiver. */
  readonly authorize: (url: URL) => Promise<string>;
  /** Closes a receiver that is still bound (nothing to do otherwise). */
  close(): Promise<void>;
}

/**
 * A loopback redirect receiver that exists only while an authorization needs it (RFC 8252 §7.3):
 * nothing listens until the client asks for the redirect URI, that is until the user must sign in;
 * it closes after the callback or the timeout. A run with valid stored tokens never binds a port
 * and exits as soon as its work is done, and two instances on one fixed port only collide when both
 * sign in at once (`PortInUse`, or a free port with `anyPort`). While no authorization is waiting
 * the bound receiver does not keep the process alive.
 *
 * @example
 * ```ts
 * import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
 * import { fileTokenStore, loopbackAuthorize } from '@mcp-oauth/node/client';
 *
 * const loopback = loopbackAuthorize({ port: 8765, anyPort: true });
 * const oauth = createMcpOAuthClient({
 *   serverUrl: 'https://mcp.example.com/mcp',
 *   redirectUri: loopback.redirectUri,
 *   authorize: loopback.authorize,
 *   store: fileTokenStore('.tokens'),
 * });
 * ```
 * @throws {RangeError} for an invalid port or path.
 * @throws {NodeError} `PortInUse` (from `redirectUri`, fixed port taken and `anyPort` off); `CallbackTimeout`, `ReceiverClosed` (from `authorize`).
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export function loopbackAuthorize(options: LoopbackAuthorizeOptions = {}): LoopbackAuthorize {
  const port = options.port ?? 0;
  const path = options.path ?? '/callback';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError('loopbackAuthorize: port');
  if (!/^\/[\w\-./~]*$/.test(path)) throw new RangeError('loopbackAuthorize: path');
  const timeoutMs = options.timeoutMs ?? 300_000;
  let bound: Promise<{ receiver: LoopbackReceiver; server: Server }> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const close = async (): Promise<void> => {
    const b = bound;
    bound = undefined;
    clearTimeout(timer);
    if (b) await (await b.catch(() => undefined))?.receiver.close();
  };
  const bind = (): Promise<{ receiver: LoopbackReceiver; server: Server }> => {
    bound ??= (async () => {
      const base = { path, timeoutMs, keepOpen: true };
      const opened = await openReceiver({ ...base, port }).catch((e: unknown) => {
        if (options.anyPort && e instanceof NodeError && e.code === 'PortInUse') return openReceiver({ ...base, port: 0 });
        throw e;
      });
      opened.server.unref(); // idle: a flow that fails before `authorize` does not hold the process
      timer = setTimeout(() => void close(), timeoutMs);
      timer.unref();
      return opened;
    })().catch((e: unknown) => { bound = undefined; throw e; });
    return bound;
  };

  return {
    redirectUri: async () => (await bind()).receiver.redirectUri,
    async authorize(url) {
      const { receiver, server } = await bind();
      const state = url.searchParams.get('state');
      if (!state) throw new TypeError('loopbackAuthorize: the authorization URL has no state');
      const callback = receiver.waitForCallback(state); // listen before opening
      server.ref(); // waiting for the user now
      try {
        await (options.open ?? openBrowser)(url);
        return await callback;
      } finally {
        await close();
      }
    },
    close,
  };
}
