import type { AuthorizationServer } from '@mcp-oauth/server-flow';
import { forwardedAddress, normalizeAddress } from '../internal/forwarded-address';
import { lazyWebRequest } from './lazy-request';
import { toWebRequest } from './to-web-request';
import type { FetchHandler, NodeRequestLike, NodeResponseLike } from './types';

/** Options of {@link toNodeHandler}. */
export interface ToNodeHandlerOptions {
  /** Passed to `toWebRequest`: the public origin when behind a proxy. */
  origin?: string;
  /** As Express middleware: pass a 404 from the handler on to `next()` instead of sending it. Default `true` (it applies only when Express gives a `next`; as a `node:http` listener a 404 is always sent); `false` sends the handler's 404 as is. */
  fallthrough?: boolean;
  /**
   * Sources of responses ready before the request, asked first for GET and HEAD (server-flow's
   * `as` and `rs`: the metadata documents): a hit is written at once, without building a Fetch
   * `Request` or `Response`; anything else goes to `handler`. They must answer as `handler` would.
   */
  prepared?: readonly PreparedSource[];
  /**
   * Reverse proxies in front of this server (A82). When the socket peer is one of `addresses`, the
   * `clientAddress` passed on is the rightmost hop of `header` (default `x-forwarded-for`; or
   * `forwarded`, RFC 7239 `for=`) that is not one of them; from any other peer the header is ignored,
   * so a caller cannot pick its own address. Without this option the socket peer is passed: behind a
   * proxy that would be the proxy's address for every caller. Exact IP addresses only.
   */
  trustProxy?: { addresses: readonly string[]; header?: 'x-forwarded-for' | 'forwarded' };
  /**
   * How the handler's `Request` is made (issue #16). `'web'` (default): a Fetch `Request` built at
   * once by `toWebRequest`. `'lazy'`: a Request-compatible object (`instanceof Request`) whose
   * `method`, `url`, `headers` and `signal` are read from the node request when used, the real
   * `Request` (body stream included) being built only if the handler touches anything else; a method
   * or target that the URL parser would normalize takes the `'web'` path. Same Fetch semantics, with
   * one exception: `new Request(request)` and `fetch(request)` refuse the lazy object (brand check);
   * pass `request.clone()` there.
   */
  bridge?: 'web' | 'lazy';
}

/** Something that may hold the response to a GET or HEAD of a path, ready to send (`AuthorizationServer`, `ProtectedResource`). */
export type PreparedSource = Pick<AuthorizationServer, 'prepared'>;

const MORE = Symbol('more');
/** Resolves after a few microtask turns: long enough for an in-memory body to report its end. */
const soon = async (): Promise<typeof MORE> => {
  for (let i = 0; i < 4; i++) await undefined;
  return MORE;
};

function head(response: Response, length?: number): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of response.headers) if (k !== 'set-cookie') headers[k] = v;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (length !== undefined && headers['content-length'] === undefined) headers['content-length'] = String(length);
  return headers;
}

async function send(res: NodeResponseLike, response: Response): Promise<void> {
  if (response.body === null) {
    res.writeHead(response.status, head(response, 0));
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const first = await reader.read();
  if (first.done) {
    res.writeHead(response.status, head(response, 0));
    res.end();
    return;
  }
  // A body that is complete at once (JSON, HTML) goes out in one write with Content-Length; a
  // stream that has nothing more yet (SSE) is flushed now and streamed.
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined = reader.read();
  const second = await Promise.race([pending, soon()]);
  if (second !== MORE && second.done) {
    res.writeHead(response.status, head(response, first.value.byteLength));
    res.end(first.value);
    return;
  }
  res.writeHead(response.status, head(response));
  let closed = false;
  const onClose = (): void => { closed = true; void reader.cancel().catch(() => {}); };
  res.on('close', onClose);
  const write = async (chunk: Uint8Array): Promise<void> => {
    if (res.write(chunk)) return;
    // backpressure: wait until the socket drains (or goes away)
    await new Promise<void>((resolve) => {
      const go = (): void => { res.off('drain', go); res.off('close', go); resolve(); };
      res.on('drain', go);
      res.on('close', go);
    });
  };
  try {
    await write(first.value);
    if (second !== MORE) { await write(second.value); pending = undefined; }
    for (;;) {
      const { done, value } = await (pending ?? reader.read());
      pending = undefined;
      if (done || closed) break;
      await write(value);
    }
  } finally {
    res.off('close', onClose);
  }
  if (!closed) res.end();
}

/**
 * Wraps a Fetch handler (such as `as.handle`) as a `node:http` request listener or Express
 * middleware. The request's `signal` aborts when the client goes away before the response is
 * finished; the response is streamed with backpressure; several `Set-Cookie` headers stay
 * separate; the peer address is passed as `clientAddress` (for the registration rate limit; behind
 * a reverse proxy, list it in `trustProxy` so each caller's own address is passed instead). An
 * exception from the handler becomes a bare 500 (no details leave the process). With `prepared`,
 * a GET or HEAD that one of those sources holds ready (the metadata documents) skips the Fetch objects.
 *
 * @throws {TypeError} when `handler` is not a function, `prepared` lists something without a `prepared()` method, `trustProxy` lists a non-address, or `bridge` is neither `web` nor `lazy`.
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import express from 'express'
 * import { toNodeHandler } from '@mcp-oauth/node'
 * import type { AuthorizationServer } from '@mcp-oauth/server-flow'
 * declare const as: AuthorizationServer
 *
 * createServer(toNodeHandler((req) => as.handle(req), { prepared: [as] })).listen(3000, '127.0.0.1')
 * const app = express()
 * app.use(toNodeHandler(as.handle)) // Express: a 404 falls through to the next middleware
 * ```
 * @see https://nodejs.org/api/http.html#event-request
 */
export function toNodeHandler(
  handler: FetchHandler,
  options: ToNodeHandlerOptions = {},
): (req: NodeRequestLike, res: NodeResponseLike, next?: (error?: unknown) => void) => Promise<void> {
  if (typeof handler !== 'function') throw new TypeError('handler must be a function');
  const sources = [...(options.prepared ?? [])];
  const trusted = new Set<string>();
  const proxyHeader = options.trustProxy?.header ?? 'x-forwarded-for';
  if (options.trustProxy !== undefined) {
    if (proxyHeader !== 'x-forwarded-for' && proxyHeader !== 'forwarded') throw new TypeError('trustProxy.header must be x-forwarded-for or forwarded');
    for (const a of options.trustProxy.addresses ?? []) {
      const n = typeof a === 'string' ? normalizeAddress(a) : undefined;
      if (n === undefined) throw new TypeError('trustProxy.addresses must list IP addresses');
      trusted.add(n);
    }
  }
  if (!sources.every((s) => typeof s?.prepared === 'function')) throw new TypeError('prepared must list objects with a prepared() method');
  const bridge = options.bridge ?? 'web';
  if (bridge !== 'web' && bridge !== 'lazy') throw new TypeError('bridge must be web or lazy');
  return async (req, res, next) => {
    if (sources.length > 0 && (req.method === 'GET' || req.method === 'HEAD')) {
      // Only an origin-form target (`/path?query`) is looked up, by its path as sent.
      const target = req.originalUrl ?? req.url ?? '';
      const q = target.indexOf('?');
      const path = q < 0 ? target : target.slice(0, q);
      if (path.startsWith('/')) {
        for (const s of sources) {
          const r = s.prepared(req.method, path);
          if (r !== undefined) {
            res.writeHead(r.status, { ...r.headers });
            res.end(r.body);
            return;
          }
        }
      }
    }
    const aborter = new AbortController();
    const onClose = (): void => { if (!res.writableFinished) aborter.abort(); };
    res.on('close', onClose);
    try {
      const request = bridge === 'lazy'
        ? lazyWebRequest(req, aborter.signal, options.origin || undefined)
        : toWebRequest(req, { signal: aborter.signal, ...(options.origin ? { origin: options.origin } : {}) });
      const address = forwardedAddress(req.socket?.remoteAddress, req.headers, trusted, proxyHeader);
      const response = await handler(request, address ? { clientAddress: address } : {});
      if (next && response.status === 404 && options.fallthrough !== false) {
        await response.body?.cancel();
        next();
        return;
      }
      await send(res, response);
    } catch {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.write(new TextEncoder().encode('{"error":"server_error"}'));
        res.end();
      } else res.destroy();
    } finally {
      res.off('close', onClose);
    }
  };
}
