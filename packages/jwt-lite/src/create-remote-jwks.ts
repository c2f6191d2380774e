import { fail, JwtError } from './errors';
import { importKeySet, selectKeys } from './internal/jwk-set';
import { parseJsonObject } from './internal/json';
import { readBody } from './internal/read-body';
import type { JwksResolver, JwtKey } from './types';

/** Options of {@link createRemoteJwks}. Durations in seconds unless named `...Ms`. */
export interface RemoteJwksOptions {
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Deadline for the request and its body, in milliseconds (default 5000). */
  timeoutMs?: number;
  /** Minimum seconds between two fetches, whatever triggers them (unknown `kid`, failure); default 30. */
  cooldown?: number;
  /** Seconds after which the set is stale and is fetched again before use; default 600. */
  maxAge?: number;
  /** Largest body accepted, in bytes (default 65536). */
  maxBytes?: number;
  /** Clock in seconds (default `Date.now() / 1000`). */
  now?: () => number;
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/;

/**
 * A JWK Set fetched from `url` (RFC 7517 §5, e.g. the AS metadata `jwks_uri`) with an injected `fetch`.
 * The request has a deadline, does not follow redirects, and its body is size-capped before parsing.
 * The set is fetched on first use and again when older than `maxAge`; a token whose `kid` is unknown
 * triggers a refetch at most once per `cooldown`; concurrent refetches share one request. Keys with
 * `use` other than `sig`, `key_ops` without `verify`, private members or symmetric keys are never used,
 * and keys that cannot be imported are skipped. Header `jku`/`x5u` are never fetched.
 *
 * @throws {TypeError} when `url` is not https (http only for loopback hosts) or an option is invalid.
 * The resolver throws JwtError `JwksFetchFailed` when no usable set can be obtained.
 * @example
 * ```ts
 * import { createRemoteJwks, verifyAccessToken } from '@mcp-oauth/jwt-lite';
 * import { guardedFetch } from '@mcp-oauth/metadata';
 * declare const jwksUri: string; // the AS metadata jwks_uri
 * declare const token: string, issuer: string, audience: string;
 * declare function resolve(hostname: string): Promise<readonly string[]>; // e.g. DNS A + AAAA lookup
 * // A fetch that refuses private and loopback addresses (SSRF), keeping the signal and headers.
 * const safeFetch: typeof fetch = (input, init) =>
 *   guardedFetch(input instanceof Request ? input.url : input, {
 *     resolve,
 *     ...(init?.signal ? { signal: init.signal } : {}),
 *     init: { headers: init?.headers ?? {} },
 *   });
 * const jwks = createRemoteJwks(jwksUri, { fetch: safeFetch });
 * await verifyAccessToken(token, jwks, { issuer, audience, algorithms: ['ES256'] });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function createRemoteJwks(url: string | URL, options: RemoteJwksOptions = {}): JwksResolver {
  const target = new URL(url);
  if (!(target.protocol === 'https:' || (target.protocol === 'http:' && LOOPBACK.test(target.hostname)))) {
    throw new TypeError('jwt-lite: url');
  }
  const { fetch: doFetch = globalThis.fetch, timeoutMs = 5000, cooldown = 30, maxAge = 600, maxBytes = 65536 } = options;
  for (const n of [timeoutMs, cooldown, maxAge, maxBytes]) {
    if (!(typeof n === 'number' && n >= 0 && n < Infinity)) throw new TypeError('jwt-lite: options');
  }
  const now = options.now ?? (() => Date.now() / 1000);
  let keys: JwtKey[] | undefined;
  let fetchedAt = -Infinity;
  let attemptAt = -Infinity;
  let failedAt = -Infinity;
  let inflight: Promise<void> | undefined;

  async function load(): Promise<JwtKey[]> {
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ctrl.abort();
        reject(new JwtError('JwksFetchFailed'));
      }, timeoutMs);
    });
    const run = async (): Promise<JwtKey[]> => {
      const res = await doFetch(target.href, {
        headers: { accept: 'application/jwk-set+json, application/json' },
        redirect: 'manual',
        signal: ctrl.signal,
      });
      if (res.status !== 200) {
        await res.body?.cancel().catch(() => {});
        fail('JwksFetchFailed');
      }
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await readBody(res, maxBytes));
      const set = parseJsonObject(text, 'JwksFetchFailed');
      if (!Array.isArray(set.keys)) fail('JwksFetchFailed');
      return importKeySet(set.keys, false);
    };
    try {
      return await Promise.race([run(), deadline]);
    } catch (e) {
      throw e instanceof JwtError ? e : new JwtError('JwksFetchFailed');
    } finally {
      clearTimeout(timer);
    }
  }

  function refresh(t: number): Promise<void> {
    if (!inflight) {
      attemptAt = t;
      inflight = load()
        .then(
          (k) => {
            keys = k;
            fetchedAt = now();
          },
          (e: unknown) => {
            failedAt = t;
            throw e;
          },
        )
        .finally(() => {
          inflight = undefined;
        });
    }
    return inflight;
  }

  return {
    async getKeys(header) {
      const t = now();
      if (!keys || t - fetchedAt >= maxAge) {
        // After a failure, wait for the cooldown instead of fetching again on every token.
        if (!inflight && t - failedAt < cooldown) fail('JwksFetchFailed');
        await refresh(t);
      }
      let found = selectKeys(keys!, header);
      if (found.length === 0 && t - attemptAt >= cooldown) {
        await refresh(t);
        found = selectKeys(keys!, header);
      }
      return found;
    },
  };
}
