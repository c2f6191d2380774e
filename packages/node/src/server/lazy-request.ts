// The lazy half of the Node bridge (issue #16): a Request-compatible object read from node:http on use.
import { bodyStream, headerList, toWebRequest } from './to-web-request';
import type { NodeRequestLike } from './types';

// Methods the Fetch `Request` constructor normalizes to upper case and accepts as is; anything else
// (custom methods, TRACE, CONNECT...) takes the full path so the constructor's own checks apply.
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
// A target the URL parser leaves unchanged: absolute path and query in printable ASCII that needs no
// percent-encoding, no backslash, no fragment, no `.`/`..` segment (nor `%2e` forms of them).
const PLAIN_TARGET = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*$/;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:[/?]|$)/i;
// Origins (scheme + Host) checked to be what the URL parser would print, by their raw text: bounded,
// because the Host header is the caller's.
const canonical = new Map<string, boolean>();

function isCanonicalOrigin(origin: string): boolean {
  let ok = canonical.get(origin);
  if (ok === undefined) {
    // The shape toWebRequest accepts, and what the URL parser prints back unchanged.
    try { ok = /^https?:\/\/[^/]+$/.test(origin) && new URL(`${origin}/`).href === `${origin}/`; } catch { ok = false; }
    if (canonical.size >= 64) canonical.clear();
    canonical.set(origin, ok);
  }
  return ok;
}

const NODE = Symbol('node');
const METHOD = Symbol('method');
const ORIGIN = Symbol('origin');
const URL_ = Symbol('url');
const SIGNAL = Symbol('signal');
const HEADERS = Symbol('headers');
const REAL = Symbol('request');
const BODY = Symbol('body');
const TOUCHED = Symbol('touched');
const MIRROR = Symbol('mirror');

/**
 * A Request-compatible stand-in: `method`, `url`, `headers`, `signal` and `body` are answered from
 * the node request (`body`: the stream `toWebRequest` would give); every other member of
 * `Request.prototype` (clone, text, bodyUsed, ...) is forwarded to a real `Request` built on first
 * use, which takes over that body stream. Its prototype chain includes `Request.prototype`, so
 * `instanceof Request` holds.
 */
class LazyRequest {
  [NODE]: NodeRequestLike;
  [METHOD]: string;
  [ORIGIN]: string;
  [URL_]: string;
  [SIGNAL]: AbortSignal;
  [HEADERS]: Headers | undefined = undefined;
  [REAL]: Request | undefined = undefined;
  /** The body stream handed out by `body` (null: GET or HEAD), and whether it was read or cancelled. */
  [BODY]: ReadableStream<Uint8Array> | null | undefined = undefined;
  [TOUCHED] = false;
  /** The real Request holds an empty stand-in for a body already read here (see `real`). */
  [MIRROR] = false;

  constructor(req: NodeRequestLike, method: string, origin: string, url: string, signal: AbortSignal) {
    this[NODE] = req;
    this[METHOD] = method;
    this[ORIGIN] = origin;
    this[URL_] = url;
    this[SIGNAL] = signal;
  }

  get method(): string { return this[METHOD]; }
  get url(): string { return this[URL_]; }
  get signal(): AbortSignal { return this[SIGNAL]; }
  get body(): ReadableStream<Uint8Array> | null {
    const r = this[REAL];
    if (r !== undefined && !this[MIRROR]) return r.body;
    let b = this[BODY];
    if (b === undefined) b = this[BODY] = this[METHOD] === 'GET' || this[METHOD] === 'HEAD' ? null : bodyStream(this[NODE], () => { this[TOUCHED] = true; });
    return b;
  }
  get headers(): Headers {
    const r = this[REAL];
    if (r !== undefined) return r.headers;
    let h = this[HEADERS];
    if (h === undefined) h = this[HEADERS] = new Headers(headerList(this[NODE]));
    return h;
  }
}

/** The real `Request`, built once, on the first use of anything but `method`, `url`, `headers` and `signal`. */
function real(self: LazyRequest): Request {
  let r = self[REAL];
  if (r === undefined) {
    // Built as the web bridge builds it (same URL, body stream and signal); headers already read
    // (and possibly changed) through the lazy object are carried over, and so is the body stream
    // handed out by `body`. A Request cannot take a stream already read or locked: it then gets an
    // empty one brought to the same state (read, locked), so that `bodyUsed`, `clone()` and `text()`
    // answer as the web bridge's Request would, while `body` keeps answering the stream handed out.
    const init: RequestInit & { duplex?: 'half' } = { method: self[METHOD], headers: self[HEADERS] ?? headerList(self[NODE]), signal: self[SIGNAL] };
    let body = self[BODY];
    if (body === undefined) body = self[BODY] = self[METHOD] === 'GET' || self[METHOD] === 'HEAD' ? null : bodyStream(self[NODE], () => { self[TOUCHED] = true; });
    const mirror = body !== null && (body.locked || self[TOUCHED]);
    if (body !== null) {
      init.body = mirror ? new ReadableStream({ pull: (c) => c.close() }, { highWaterMark: 0 }) : body;
      init.duplex = 'half';
    }
    r = new Request(self[URL_], init);
    if (mirror) {
      const reader = r.body!.getReader();
      if (self[TOUCHED]) reader.read().catch(() => {});
      if (!body!.locked) reader.releaseLock();
    }
    self[MIRROR] = mirror;
    self[REAL] = r;
  }
  return r;
}

const proto = LazyRequest.prototype;
Object.setPrototypeOf(proto, Request.prototype);
for (const key of Reflect.ownKeys(Request.prototype)) {
  if (key === 'constructor' || key === Symbol.toStringTag || Object.hasOwn(proto, key)) continue;
  const d = Object.getOwnPropertyDescriptor(Request.prototype, key)!;
  if (typeof d.value === 'function') {
    const method = d.value as (...args: unknown[]) => unknown;
    Object.defineProperty(proto, key, { ...d, value: function (this: LazyRequest, ...args: unknown[]) { return method.apply(real(this), args); } });
  } else if (d.get) {
    const get = d.get;
    Object.defineProperty(proto, key, { configurable: true, enumerable: d.enumerable ?? false, get(this: LazyRequest) { return get.call(real(this)); } });
  }
}

/**
 * A Fetch `Request` for a node request, or a lazy stand-in for one when its method and target need no
 * normalization: `method`, `url`, `headers`, `signal` and `body` are read from the node request on
 * use, and the real `Request` is built only if the handler touches anything else.
 * `instanceof Request` holds; Fetch semantics are those of {@link toWebRequest}. One difference stays:
 * `new Request(lazy)` and `fetch(lazy)` do not accept it as a Request (their brand check): pass
 * `lazy.clone()` (a real Request) there.
 *
 * @param origin - the public origin (`ToNodeHandlerOptions.origin`); default: scheme + `Host` as `toWebRequest` builds it.
 */
export function lazyWebRequest(req: NodeRequestLike, signal: AbortSignal, origin?: string): Request {
  const method = (req.method ?? 'GET').toUpperCase();
  const target = req.originalUrl ?? req.url ?? '/';
  if (origin === undefined) {
    const host = req.headers['host'];
    origin = `${req.socket?.encrypted ? 'https' : 'http'}://${typeof host === 'string' && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? host : 'localhost'}`;
  }
  if (!METHODS.has(method) || !PLAIN_TARGET.test(target) || DOT_SEGMENT.test(target) || !isCanonicalOrigin(origin)) {
    return toWebRequest(req, { signal, origin });
  }
  return new LazyRequest(req, method, origin, origin + target, signal) as unknown as Request;
}
