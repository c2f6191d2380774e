import { guardedFetch, MetadataError, readJsonBody } from '@mcp-oauth/metadata';
import { assertClientIdUrl } from './assert-client-id-url';
import { type ClientIdMetadataDocumentCache, cacheState } from './create-client-id-metadata-document-cache';
import { DcrError, type DcrErrorCode, fail } from './errors';
import { freshness } from './internal/freshness';
import type { ClientRegistrationPolicy } from './types';
import { type ClientIdMetadataDocument, validateClientIdMetadataDocument } from './validate-client-id-metadata-document';

/** Options for {@link fetchClientIdMetadataDocument}. */
export interface FetchClientIdMetadataDocumentOptions {
  /** The `fetch` to use. Server side, pass one that pins the checked address at connect time (`@mcp-oauth/node`). */
  fetch?: typeof fetch;
  /**
   * Resolves the host to its addresses before anything is sent; any private, loopback,
   * link-local or otherwise reserved address refuses the fetch (`BlockedAddress`).
   */
  resolve?: (hostname: string) => Promise<readonly string[]>;
  /** Time limit in milliseconds covering the request and the whole body. Default 5000. */
  timeout?: number;
  /** Body cap in bytes, counted while streaming. Default 5120 (5 KiB). */
  maxBytes?: number;
  /** Caller's abort signal. With a cache it only stops this caller's wait: the shared fetch goes on for the others. */
  signal?: AbortSignal;
  /** Enables caching and coalescing: see {@link createClientIdMetadataDocumentCache}. */
  cache?: ClientIdMetadataDocumentCache;
  /** Rules for the document's metadata. */
  policy?: ClientRegistrationPolicy;
  /** Current time in milliseconds, for the cache. Default `Date.now`. */
  now?: () => number;
}

async function load(url: string, o: FetchClientIdMetadataDocumentOptions, ceiling: number, fallback: number, own?: AbortSignal) {
  const timeout = AbortSignal.timeout(o.timeout ?? 5000);
  const signal = own ? AbortSignal.any([timeout, own]) : timeout;
  let res: Response | undefined;
  let body: unknown;
  try {
    res = await guardedFetch(url, {
      ...(o.fetch && { fetch: o.fetch }),
      ...(o.resolve && { resolve: o.resolve }),
      allowLoopbackHttp: false,
      signal,
      init: { credentials: 'omit', headers: { accept: 'application/json' } },
    });
    if (res.status !== 200) throw 0;
    body = await readJsonBody(res, { maxBytes: o.maxBytes ?? 5120, signal });
  } catch (e) {
    void res?.body?.cancel().catch(() => {});
    fail(e instanceof MetadataError && e.code === 'PrivateAddress' ? 'BlockedAddress' : 'MetadataFetchFailed');
  }
  return { doc: validateClientIdMetadataDocument(body, url, o.policy), maxAge: freshness(res!.headers, ceiling, fallback) };
}

const abortable = <T>(p: Promise<T>, s?: AbortSignal): Promise<T> =>
  s
    ? new Promise((resolve, reject) => {
        const stop = () => reject(new DcrError('MetadataFetchFailed'));
        if (s.aborted) stop();
        s.addEventListener('abort', stop, { once: true });
        void p.then(resolve, reject).finally(() => s.removeEventListener('abort', stop));
      })
    : p;

/**
 * Authorization server side: fetches and validates the Client ID Metadata Document of a URL
 * `client_id` (A-CIMD-1). The URL is checked first ({@link assertClientIdUrl}); nothing is sent to
 * a loopback name, a private or reserved IP literal, or a host `resolve` answers with one (the address
 * policy of `guardedFetch` from `@mcp-oauth/metadata`). Redirects
 * are not followed, only 200 with a JSON content type is accepted, the body is capped while
 * streaming (5 KiB) and one time limit covers request and body. With a `cache`, documents are reused
 * for the lifetime their cache headers give (clamped to the cache's ceiling) and concurrent calls
 * for one URL share one fetch; failures are not cached (the next call refetches) unless the cache
 * has a `failureCooldown`.
 *
 * @throws {DcrError} `InvalidClientId`, `BlockedAddress`, `MetadataFetchFailed`,
 * `InvalidMetadataDocument`: all render as `invalid_client`.
 * @example
 * ```ts
 * import { createClientIdMetadataDocumentCache, fetchClientIdMetadataDocument } from '@mcp-oauth/dcr/cimd';
 * declare const params: URLSearchParams; // the authorization request
 * declare function resolveAll(hostname: string): Promise<readonly string[]>; // e.g. DNS A + AAAA lookup
 * const cache = createClientIdMetadataDocumentCache();
 * const doc = await fetchClientIdMetadataDocument(params.get('client_id') ?? '', { cache, resolve: (h) => resolveAll(h) });
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-client-id-metadata-document#section-8.6
 */
export async function fetchClientIdMetadataDocument(url: string, options: FetchClientIdMetadataDocumentOptions = {}): Promise<ClientIdMetadataDocument> {
  assertClientIdUrl(url);
  const st = options.cache && cacheState(options.cache);
  if (!st) return (await load(url, options, 0, 0, options.signal)).doc;
  const now = options.now ?? Date.now;
  const hit = st.entries.get(url);
  if (hit && hit.expires > now()) return typeof hit.doc === 'string' ? fail(hit.doc) : hit.doc;
  // Keeps a document or a failure code for `seconds`, dropping the oldest entry when full.
  const keep = (doc: ClientIdMetadataDocument | DcrErrorCode, seconds: number): void => {
    st.entries.delete(url);
    if (seconds > 0) {
      if (st.entries.size >= st.maxEntries) st.entries.delete(st.entries.keys().next().value as string);
      st.entries.set(url, { doc, expires: now() + seconds * 1000 });
    }
  };
  let p = st.inflight.get(url);
  if (!p) {
    p = load(url, options, st.maxAge, Math.min(st.defaultMaxAge, st.maxAge))
      .then(
        ({ doc, maxAge }) => (keep(doc, maxAge), doc),
        (e: unknown) => {
          if (e instanceof DcrError) keep(e.code, st.failureCooldown);
          throw e;
        },
      )
      .finally(() => st.inflight.delete(url));
    st.inflight.set(url, p);
  }
  return abortable(p, options.signal);
}
