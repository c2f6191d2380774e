import { request as httpRequest, type ClientRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { networkError, pinAddress, type Pin, type Resolver, systemResolve } from './internal/pin-address';
import { toWebResponse, type WebResponse } from './internal/web-response';

/** Options of {@link createPinnedFetch}. */
export interface PinnedFetchOptions {
  /** Connect to loopback, private, link-local and reserved addresses too (tests, intranet tools). Default `false`. */
  allowPrivateAddresses?: boolean;
  /**
   * Resolves a hostname to its IP addresses. Default: the system resolver (`dns.lookup` with
   * `all: true`). Every answer must be an IP literal (and a public one); the first is dialled.
   */
  resolve?: (hostname: string) => Promise<readonly string[]>;
  /** Milliseconds allowed for resolving and connecting (TCP, and the TLS handshake for https). Default 10000. */
  connectTimeout?: number;
  /** Extra trusted CA certificates (PEM) for https, replacing the default roots (a private PKI, tests). */
  ca?: string | readonly string[];
}

const pinnedLookup = (pin: Pin): LookupFunction => (_hostname, options, callback) => {
  if (options.all) callback(null, [pin]);
  else callback(null, pin.address, pin.family);
};

function check(options: PinnedFetchOptions): void {
  const { connectTimeout: t, resolve } = options;
  if (t !== undefined && !(typeof t === 'number' && t > 0 && t <= 2 ** 31 - 1)) throw new RangeError('connectTimeout must be a number of milliseconds in (0, 2^31 - 1]');
  if (resolve !== undefined && typeof resolve !== 'function') throw new TypeError('resolve must be a function');
}

/**
 * A `fetch` for servers that fetch URLs chosen by others (CIMD documents, metadata, JWKS): the
 * host is resolved once, the request is refused with `BlockedAddress` before any socket opens if
 * ANY answer is loopback, private, link-local (`169.254.169.254`), reserved or an IPv4-embedding
 * IPv6 form (`isPrivateAddress` of `@mcp-oauth/metadata`), and the socket connects to exactly the
 * checked address: a DNS answer that changes between check and connect (rebinding) never reaches
 * a socket. TLS still verifies the certificate and sends SNI for the original hostname.
 *
 * Unlike the global `fetch` it never follows a redirect (a 3xx is returned as is, whatever
 * `redirect` says, except `'error'`, which rejects), never reuses or pools a connection, sends no
 * `accept-encoding` and does not decode bodies, and ignores proxy settings. The body is a
 * `ReadableStream` pulled from the socket, so `readJsonBody`'s byte cap stops a huge body early.
 * Pass it as `fetch` to `guardedFetch` or `fetchClientIdMetadataDocument`; for server-flow use
 * {@link createClientUrlGuard}, which wraps it as the server's `clientUrlGuard`.
 *
 * @returns a function with the signature of `fetch` (`string | URL | Request` input; method,
 * headers, any body `Request` accepts; `signal`).
 * @throws {RangeError} when `connectTimeout` is not a positive number of milliseconds.
 * @throws {TypeError} when `resolve` is not a function.
 * The returned function rejects with {@link NodeError} `BlockedAddress`; with a `TypeError`
 * ("fetch failed", `cause` set) for a bad URL or scheme, a failed lookup, a connect timeout, a
 * connection or TLS error, or a redirect under `redirect: 'error'`; with the signal's reason when
 * `signal` aborts (the body stream then errors with it too).
 * @example
 * ```ts
 * import { createPinnedFetch } from '@mcp-oauth/node';
 * import { guardedFetch, readJsonBody } from '@mcp-oauth/metadata';
 *
 * const pinned = createPinnedFetch({ connectTimeout: 3000 });
 * const url = 'https://as.example.com/.well-known/oauth-authorization-server';
 * const res = await guardedFetch(url, { fetch: pinned, signal: AbortSignal.timeout(5000) });
 * const doc = await readJsonBody(res, { maxBytes: 5120 });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.13 (OAuth endpoints and SSRF)
 * @see https://www.rfc-editor.org/rfc/rfc6890 (special-purpose address registries)
 */
export function createPinnedFetch(options: PinnedFetchOptions = {}): typeof fetch {
  check(options);
  const resolve: Resolver = options.resolve ?? systemResolve;
  const allowPrivate = options.allowPrivateAddresses === true;
  const connectTimeout = options.connectTimeout ?? 10_000;
  const ca = typeof options.ca === 'string' ? options.ca : options.ca && [...options.ca];

  async function pinnedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const { signal } = request;
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw networkError(new Error('only http: and https: URLs are fetched'));
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    signal.throwIfAborted();
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    headers['accept'] ??= '*/*';
    if (body) headers['content-length'] = String(body.byteLength);
    else if (/^(POST|PUT|PATCH)$/.test(request.method)) headers['content-length'] = '0';
    const tls = url.protocol === 'https:';

    return new Promise<Response>((resolvePromise, reject) => {
      let req: ClientRequest | undefined;
      let web: WebResponse | undefined;
      let settled = false;
      const timer = setTimeout(() => fail(networkError(new Error('connect timeout'))), connectTimeout);
      const onAbort = (): void => (web ? web.abort(signal.reason) : fail(signal.reason));
      const cleanup = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      function fail(e: unknown): void {
        if (settled) return;
        settled = true;
        cleanup();
        req?.destroy();
        reject(e);
      }
      signal.addEventListener('abort', onAbort, { once: true });

      const connect = (pin: Pin): void => {
        if (settled) return;
        const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
        const opts: RequestOptions & { ca?: string | string[] } = {
          host, port: url.port || (tls ? 443 : 80), path: url.pathname + url.search, method: request.method, headers,
          agent: false, lookup: pinnedLookup(pin), ...(tls && ca ? { ca } : {}),
        };
        req = (tls ? httpsRequest : httpRequest)(opts);
        req.once('socket', (socket: Socket) => socket.once(tls ? 'secureConnect' : 'connect', () => clearTimeout(timer)));
        req.on('error', (e) => (web ? web.abort(networkError(e)) : fail(networkError(e))));
        req.once('response', (res) => {
          if (settled) return void res.destroy();
          if (request.redirect === 'error' && res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location !== undefined) {
            return fail(networkError(new Error('redirect refused (redirect: error)')));
          }
          clearTimeout(timer);
          try {
            web = toWebResponse(res, request.method, url.href, cleanup);
          } catch (e) {
            return fail(e);
          }
          settled = true;
          resolvePromise(web.response);
        });
        req.end(body);
      };
      pinAddress(url.hostname, resolve, allowPrivate).then((pin) => {
        try {
          connect(pin);
        } catch (e) {
          fail(networkError(e));
        }
      }, fail);
    });
  }
  return pinnedFetch as typeof fetch;
}
