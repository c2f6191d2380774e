import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeClientError } from './errors';

/** Options of {@link startLoopbackReceiver}. */
export interface LoopbackReceiverOptions {
  /** A fixed port, so a cached registration's redirect URI stays valid; 0 (default) picks a free one. */
  readonly port?: number;
  /** The callback path; `/callback` by default. */
  readonly path?: string;
  /** How long `waitForCallback` waits, in milliseconds; 5 minutes by default. */
  readonly timeoutMs?: number;
}

/** A running loopback redirect receiver. */
export interface LoopbackReceiver {
  /** `http://127.0.0.1:<port><path>`: register and send this as `redirect_uri`. */
  readonly redirectUri: string;
  readonly port: number;
  /**
   * Resolves the full callback URL of the first request to the path that carries exactly this
   * `state`, then closes the receiver. Other requests get a 400 page and are ignored.
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
 * Starts an RFC 8252 loopback redirect receiver on 127.0.0.1. It accepts exactly one callback for
 * the pending `state`, answers with a small static page (nothing from the request is echoed
 * unescaped, there is no redirect), times out, and closes.
 *
 * @example
 * ```ts
 * const receiver = await startLoopbackReceiver({ port: 8765 });
 * const oauth = createMcpOAuthClient({ serverUrl, redirectUri: receiver.redirectUri,
 *   authorize: async (url) => {
 *     const callback = receiver.waitForCallback(url.searchParams.get('state')!); // listen before opening
 *     await openBrowser(url);
 *     return callback;
 *   } });
 * ```
 * @throws {NodeClientError} `CallbackTimeout`, `ReceiverClosed` (from `waitForCallback`).
 * @throws {RangeError} for an invalid port or path.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export async function startLoopbackReceiver(options: LoopbackReceiverOptions = {}): Promise<LoopbackReceiver> {
  const path = options.path ?? '/callback';
  const port = options.port ?? 0;
  if (!/^\/[\w\-./~]*$/.test(path)) throw new RangeError('startLoopbackReceiver: path');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError('startLoopbackReceiver: port');
  let pending: { state: string; resolve: (u: string) => void; reject: (e: unknown) => void } | undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== path) return page(res, 404, 'Not found.');
    const states = url.searchParams.getAll('state');
    const full = `http://127.0.0.1:${(server.address() as AddressInfo).port}${req.url ?? ''}`;
    if (!pending) return page(res, 400, 'No authorization is pending.');
    if (states.length !== 1 || states[0] !== pending.state) return page(res, 400, 'This response does not belong to the pending authorization; it was ignored.');
    const done = pending;
    pending = undefined;
    const error = url.searchParams.get('error');
    page(res, 200, error && /^[a-z_]{1,64}$/.test(error) ? `Authorization failed (${error}). You can close this window.` : error ? 'Authorization failed. You can close this window.' : 'Authorization complete. You can close this window.');
    done.resolve(full);
    void close();
  });
  const close = (): Promise<void> => new Promise((resolve) => {
    pending?.reject(new NodeClientError('ReceiverClosed'));
    pending = undefined;
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    redirectUri: `http://127.0.0.1:${actual}${path}`,
    port: actual,
    waitForCallback(state: string): Promise<string> {
      if (typeof state !== 'string' || !state) throw new TypeError('waitForCallback: state');
      if (!server.listening) return Promise.reject(new NodeClientError('ReceiverClosed'));
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => { pending = undefined; reject(new NodeClientError('CallbackTimeout')); void close(); }, options.timeoutMs ?? 300_000);
        pending = {
          state,
          resolve: (u) => { clearTimeout(timer); resolve(u); },
          reject: (e) => { clearTimeout(timer); reject(e); },
        };
      });
    },
    close,
  };
}
