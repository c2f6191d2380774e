import { toWebRequest } from './to-web-request';
import type { FetchHandler, NodeRequestLike, NodeResponseLike } from './types';

/** Options of {@link toNodeHandler}. */
export interface ToNodeHandlerOptions {
  /** Passed to `toWebRequest`: the public origin when behind a proxy. */
  origin?: string;
  /** As Express middleware: pass a 404 from the handler on to `next()` instead of sending it. Default true when `next` is given. */
  fallthrough?: boolean;
}

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
 * separate; the peer address is passed as `clientAddress` (for the registration rate limit). An
 * exception from the handler becomes a bare 500 (no details leave the process).
 *
 * @throws {TypeError} when `handler` is not a function.
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import express from 'express'
 * import { toNodeHandler } from '@mcp-oauth/node'
 * import type { AuthorizationServer } from '@mcp-oauth/server-flow'
 * declare const as: AuthorizationServer
 *
 * createServer(toNodeHandler((req) => as.handle(req))).listen(3000, '127.0.0.1')
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
  return async (req, res, next) => {
    const aborter = new AbortController();
    const onClose = (): void => { if (!res.writableFinished) aborter.abort(); };
    res.on('close', onClose);
    try {
      const request = toWebRequest(req, { signal: aborter.signal, ...(options.origin ? { origin: options.origin } : {}) });
      const address = req.socket?.remoteAddress;
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
