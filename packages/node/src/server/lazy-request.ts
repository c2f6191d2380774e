// The lazy half of the Node bridge (issue #16): a Request-compatible object read from node:http on use.
import { toWebRequest } from './to-web-request';
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

/**
 * A Request-compatible stand-in: `method`, `url`, `headers` and `signal` are answered from the node
 * request; every other member of `Request.prototype` (body, clone, text, ...) is forwarded to a real
 * `Request` built on first use. Its prototype chain includes `Request.prototype`, so `instanceof
 * Request` holds.
 */
class LazyRequest {
  [NODE]: NodeRequestLike;
  [METHOD]: string;
  [ORIGIN]: string;
  [URL_]: string;
  [SIGNAL]: AbortSignal;
  [HEADERS]: Headers | undefined = undefined;
  [REAL]: Request | undefined = undefined;

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
  get headers(): Headers {
    const r = this[REAL];
    if (r !== undefined) return r.headers;
    let h = this[HEADERS];
    if (h === undefined) {
      const init: [string, string][] = [];
      const raw = this[NODE].headers;
      for (const name of Object.keys(raw)) {
        const value = raw[name];
        if (value === undefined || name.startsWith(':')) continue;
        if (Array.isArray(value)) for (const v of value) init.push([name, v]);
        else init.push([name, value]);
      }
      h = this[HEADERS] = new Headers(init);
    }
    return h;
  }
}

/** The real `Request`, built once, on the first use of anything but `method`, `url`, `headers` and `signal`. */
function real(self: LazyRequest): Request {
  let r = self[REAL];
  if (r === undefined) {
    // Built as the web bridge builds it (same body stream, same signal); headers already read (and
    // possibly changed) through the lazy object are carried over.
    r = toWebRequest(self[NODE], { signal: self[SIGNAL], origin: self[ORIGIN] });
    const h = self[HEADERS];
    if (h !== undefined) {
      for (const k of [...r.headers.keys()]) r.headers.delete(k);
      for (const [k, v] of h) r.headers.append(k, v);
    }
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
 * normalization: `method`, `url`, `headers` and `signal` are read from the node request on use, and
 * the real `Request` (with the body stream) is built only if the handler touches anything else.
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
