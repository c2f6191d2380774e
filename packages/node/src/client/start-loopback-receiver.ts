import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeError } from '../errors';

/** Options of {@link startLoopbackReceiver}. */
export interface LoopbackReceiverOptions {
  /** A fixed port, so a cached registration's redirect URI stays valid; 0 (default) picks a free one. */
  readonly port?: number;
  /** The callback path; `/callback` by default. */
  readonly path?: string;
  /** How long each `waitForCallback` waits, in milliseconds; 5 minutes by default. */
  readonly timeoutMs?: number;
  /**
   * Keep listening after a callback or a timeout, for several authorizations on one port (one
   * redirect URI, no window in which another process can take the port): each `waitForCallback`
   * still takes exactly one callback for its state and times out on its own; `close()` ends it.
   * Default `false`: the receiver closes after its first callback or timeout.
   */
  readonly keepOpen?: boolean;
}

/** A running loopback redirect receiver. */
export interface LoopbackReceiver {
  /** `http://127.0.0.1:<port><path>`: register and send this as `redirect_uri`. */
  readonly redirectUri: string;
  readonly port: number;
  /**
   * Resolves the full callback URL of the first request to the path that carries exactly this
   * `state` (once: a second callback with it gets the 400 page), then closes the receiver unless
   * `keepOpen`. Requests for no pending state get a 400 page and are ignored. Several states may
   * be pending at once; waiting twice for the same one is a caller mistake (TypeError).
   */
  waitForCallback(state: string): Promise<string>;
  /** Closes the receiver (pending waits reject with `ReceiverClosed`). */
  close(): Promise<void>;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, status: number, text: string): void {
  const body = `<!doctype html><meta charset="utf-8"><title>Authorization</title><p>${escapeHtml(text)}</p>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(body);
}

/**
 * Starts an RFC 8252 loopback redirect receiver on 127.0.0.1. It accepts exactly one callback per
 * pending `state`, answers with a small static page (nothing from the request is echoed unescaped,
 * there is no redirect), and times out. By default it closes after its first callback; with
 * `keepOpen` it serves every authorization of a session on one port until `close()`. It listens
 * from the call on: a command that may not need to sign in (tokens stored) uses
 * `loopbackAuthorize`, which binds only when it must.
 *
 * @example
 * ```ts
 * import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
 * import { openBrowser, startLoopbackReceiver } from '@mcp-oauth/node';
 *
 * const receiver = await startLoopbackReceiver({ port: 8765, keepOpen: true });
 * const oauth = createMcpOAuthClient({ serverUrl: 'https://mcp.example.com/mcp', redirectUri: receiver.redirectUri,
 *   authorize: async (url) => {
 *     const callback = receiver.waitForCallback(url.searchParams.get('state')!); // listen before opening
 *     await openBrowser(url);
 *     return callback;
 *   } });
 * // ... every authorization (first sign-in, step-up) comes back to the same port
 * await receiver.close();
 * ```
 * @throws {NodeError} `PortInUse` when the fixed `port` is taken; `CallbackTimeout`, `ReceiverClosed` (from `waitForCallback`).
 * @throws {RangeError} for an invalid port or path.
 * @throws {TypeError} from `waitForCallback`, for an empty state or one already waited for.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export async function startLoopbackReceiver(options: LoopbackReceiverOptions = {}): Promise<LoopbackReceiver> {
  return (await openReceiver(options)).receiver;
}

/** {@link startLoopbackReceiver} plus its server (for `ref`/`unref`); internal to this package. */
export async function openReceiver(options: LoopbackReceiverOptions): Promise<{ receiver: LoopbackReceiver; server: Server }> {
  const path = options.path ?? '/callback';
  const port = options.port ?? 0;
  const keepOpen = options.keepOpen === true;
  if (!/^\/[\w\-./~]*$/.test(path)) throw new RangeError('startLoopbackReceiver: path');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError('startLoopbackReceiver: port');
  const pending = new Map<string, { resolve: (u: string) => void; reject: (e: unknown) => void }>();
  let closed = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== path) return page(res, 404, 'Not found.');
    if (pending.size === 0) return page(res, 400, 'No authorization is pending.');
    const states = url.searchParams.getAll('state');
    const state = states.length === 1 ? states[0]! : undefined;
    const done = state === undefined ? undefined : pending.get(state);
    if (!done || state === undefined) return page(res, 400, 'This response does not belong to a pending authorization; it was ignored.');
    pending.delete(state); // exactly one callback per pending state
    const error = url.searchParams.get('error');
    page(res, 200, error && /^[a-z_]{1,64}$/.test(error) ? `Authorization failed (${error}). You can close this window.` : error ? 'Authorization failed. You can close this window.' : 'Authorization complete. You can close this window.');
    done.resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}${req.url ?? ''}`);
    if (!keepOpen) void close();
  });
  const close = (): Promise<void> => new Promise((resolve) => {
    closed = true;
    for (const p of pending.values()) p.reject(new NodeError('ReceiverClosed'));
    pending.clear();
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new NodeError('PortInUse', { cause: e }) : e));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const receiver: LoopbackReceiver = {
    redirectUri: `http://127.0.0.1:${actual}${path}`,
    port: actual,
    waitForCallback(state: string): Promise<string> {
      if (typeof state !== 'string' || !state || pending.has(state)) throw new TypeError('waitForCallback: state');
      if (closed) return Promise.reject(new NodeError('ReceiverClosed'));
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(state);
          reject(new NodeError('CallbackTimeout'));
          if (!keepOpen) void close();
        }, options.timeoutMs ?? 300_000);
        pending.set(state, {
          resolve: (u) => { clearTimeout(timer); resolve(u); },
          reject: (e) => { clearTimeout(timer); reject(e); },
        });
      });
    },
    close,
  };
  return { receiver, server };
}
