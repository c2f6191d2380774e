import type { DcrErrorCode } from './errors';
import type { ClientIdMetadataDocument } from './validate-client-id-metadata-document';

/** Options for {@link createClientIdMetadataDocumentCache}. */
export interface ClientIdMetadataDocumentCacheOptions {
  /** Most documents (and remembered failures) kept; the oldest entry is dropped first. Default 1000. */
  maxEntries?: number;
  /** Ceiling, in seconds, on any lifetime the document's cache headers ask for. Default 3600. */
  maxAge?: number;
  /** Lifetime in seconds when the response has no `max-age`. Default 300 (clamped to `maxAge`). */
  defaultMaxAge?: number;
  /**
   * Seconds a failed fetch (status, redirect, size, time, blocked address, bad document) is
   * remembered: within it the same error is thrown again without a request. Default 0 (failures are
   * not cached).
   */
  failureCooldown?: number;
}

/** A cache of validated documents plus the fetches in flight, shared by {@link fetchClientIdMetadataDocument} calls. */
export interface ClientIdMetadataDocumentCache {
  /** Forgets a URL's document, so the next use refetches it. */
  delete(url: string): void;
}

interface State {
  /** A document, or the code of a failure remembered for `failureCooldown`. */
  entries: Map<string, { doc: ClientIdMetadataDocument | DcrErrorCode; expires: number }>;
  inflight: Map<string, Promise<ClientIdMetadataDocument>>;
  maxEntries: number;
  maxAge: number;
  defaultMaxAge: number;
  failureCooldown: number;
}

const states = new WeakMap<ClientIdMetadataDocumentCache, State>();

/** Internal: the state behind a cache object. */
export const cacheState = (c: ClientIdMetadataDocumentCache): State | undefined => states.get(c);

/**
 * Authorization server side: creates the cache that makes {@link fetchClientIdMetadataDocument}
 * reuse documents for as long as their cache headers allow (clamped to `maxAge`) and coalesce
 * concurrent fetches of one URL into one request. Failures are cached only with a
 * `failureCooldown`; documents and failures share the `maxEntries` bound.
 *
 * @throws {RangeError} when an option is not a non-negative integer (`maxEntries` ≥ 1).
 * @example
 * ```ts
 * import { createClientIdMetadataDocumentCache, fetchClientIdMetadataDocument } from '@mcp-oauth/dcr/cimd';
 * declare const clientId: string;
 * declare function resolve(hostname: string): Promise<readonly string[]>; // e.g. DNS A + AAAA lookup
 * const cache = createClientIdMetadataDocumentCache({ maxAge: 600 });
 * const doc = await fetchClientIdMetadataDocument(clientId, { cache, resolve });
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-client-id-metadata-document#section-5
 */
export function createClientIdMetadataDocumentCache(options: ClientIdMetadataDocumentCacheOptions = {}): ClientIdMetadataDocumentCache {
  const { maxEntries = 1000, maxAge = 3600, defaultMaxAge = 300, failureCooldown = 0 } = options;
  for (const n of [maxEntries - 1, maxAge, defaultMaxAge, failureCooldown]) if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('cache options');
  const state: State = { entries: new Map(), inflight: new Map(), maxEntries, maxAge, defaultMaxAge, failureCooldown };
  const cache: ClientIdMetadataDocumentCache = { delete: (url) => void state.entries.delete(url) };
  states.set(cache, state);
  return cache;
}
