import type { NodeRequestLike } from './types';

/** Options of {@link toWebRequest}. */
export interface ToWebRequestOptions {
  /**
   * The origin to build the URL on (e.g. `https://mcp.example.com` behind a TLS-terminating proxy).
   * Default: `http(s)://` + the `Host` header (`localhost` when absent).
   */
  origin?: string;
  /** Aborts the request's `signal` (e.g. when the client disconnects). */
  signal?: AbortSignal;
}

const NO_BODY = new Set(['GET', 'HEAD']);

/**
 * Turns a Node `IncomingMessage` (or an Express request) into a Fetch `Request`: method, URL,
 * every header (repeated ones appended, HTTP/2 pseudo-headers dropped), and a body streamed on
 * demand from the socket (nothing is buffered ahead of the reader: backpressure is preserved).
 * Express's `originalUrl` is used when present, so handlers see the full path.
 *
 * @throws {TypeError} when `origin` is not an absolute http(s) URL.
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { toWebRequest } from '@mcp-oauth/node'
 * import type { ProtectedResource } from '@mcp-oauth/server-flow'
 * declare const rs: ProtectedResource
 *
 * createServer(async (req, res) => {
 *   const request = toWebRequest(req, { origin: 'https://mcp.example.com' })
 *   const auth = await rs.authenticate(request)
 * })
 * ```
 * @see https://fetch.spec.whatwg.org/#request-class
 */
export function toWebRequest(req: NodeRequestLike, options: ToWebRequestOptions = {}): Request {
  const method = (req.method ?? 'GET').toUpperCase();
  let origin = options.origin;
  if (origin === undefined) {
    const host = typeof req.headers['host'] === 'string' && /^[A-Za-z0-9.\-:[\]]+$/.test(req.headers['host']) ? req.headers['host'] : 'localhost';
    origin = `${req.socket?.encrypted ? 'https' : 'http'}://${host}`;
  } else if (!/^https?:\/\/[^/]+$/.test(origin)) throw new TypeError('origin must be an absolute http(s) origin');
  // Concatenate, never resolve: `GET //evil.example/x` stays on this origin (path `//evil.example/x`);
  // an absolute-form target (`GET http://host/x`, RFC 9112 §3.2.2) keeps only its path.
  let target = req.originalUrl ?? req.url ?? '/';
  if (!target.startsWith('/')) {
    target = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
    if (!target.startsWith('/')) target = `/${target}`;
  }
  const url = origin + target;
  const init: RequestInit & { duplex?: 'half' } = { method, headers: headerList(req) };
  if (options.signal) init.signal = options.signal;
  if (!NO_BODY.has(method)) {
    init.body = bodyStream(req);
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/** Every header of a node request as name/value pairs: repeated ones each, HTTP/2 pseudo-headers dropped. @internal */
export function headerList(req: NodeRequestLike): [string, string][] {
  const headers: [string, string][] = [];
  for (const name of Object.keys(req.headers)) {
    const value = req.headers[name];
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const v of value) headers.push([name, v]);
    else headers.push([name, value]);
  }
  return headers;
}

/**
 * The body of a node request as a byte stream read from the socket on demand (nothing buffered
 * ahead of the reader); `touched` runs on the first read or cancel (the stream is then disturbed). @internal
 */
export function bodyStream(req: NodeRequestLike, touched?: () => void): ReadableStream<Uint8Array> {
  const iterator = req[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      touched?.();
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    async cancel() { touched?.(); await iterator.return?.(); },
  }, { highWaterMark: 0 });
}
