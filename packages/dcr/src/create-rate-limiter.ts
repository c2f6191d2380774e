/** Options for {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Requests allowed per key and window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /** Most keys tracked at once; when full, the key whose window started first is dropped. Default 10,000. */
  maxKeys?: number;
  /** Current time in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** The answer of {@link RateLimiter.hit}. */
export interface RateLimitResult {
  /** Whether this request is within the limit. */
  allowed: boolean;
  /** Seconds until the key's window ends: the `Retry-After` value to send with a 429. */
  retryAfter: number;
}

/** A fixed-window counter per key (e.g. the client IP at the registration endpoint). */
export interface RateLimiter {
  /** Counts one request for `key` and says whether it is allowed. */
  hit(key: string): RateLimitResult;
  /** Keys currently tracked (never more than `maxKeys`). */
  readonly size: number;
}

/**
 * Creates a small in-memory, fixed-window rate limiter for the registration endpoint (A-DCR-1):
 * at most `limit` hits per key per `windowMs`; the key table never holds more than `maxKeys`
 * entries (expired windows are dropped first, then the oldest), so a flood of distinct keys
 * cannot grow memory. Refused hits do not extend the window. One process only: behind several
 * instances, use a shared store.
 *
 * @throws {RangeError} when `limit`, `windowMs` or `maxKeys` is not a positive integer.
 * @example
 * ```ts
 * import { createRateLimiter } from '@mcp-oauth/dcr';
 * const limiter = createRateLimiter({ limit: 1000, windowMs: 60_000 });
 * function rateLimit(clientIp: string): Response | undefined {
 *   const { allowed, retryAfter } = limiter.hit(clientIp);
 *   if (!allowed) return new Response(null, { status: 429, headers: { 'retry-after': String(retryAfter) } });
 *   return undefined;
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-5
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { limit, windowMs, maxKeys = 10_000, now = Date.now } = options;
  for (const n of [limit, windowMs, maxKeys]) if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('limit, windowMs, maxKeys');
  const table = new Map<string, { start: number; count: number }>();
  return {
    get size() {
      return table.size;
    },
    hit(key) {
      const t = now();
      let e = table.get(key);
      if (!e || t - e.start >= windowMs) {
        table.delete(key);
        // the table is in window-start order, so expired windows are at its front: O(1) amortised
        for (const [k, v] of table) {
          if (t - v.start < windowMs && table.size < maxKeys) break;
          table.delete(k);
        }
        table.set(key, (e = { start: t, count: 0 }));
      }
      const allowed = ++e.count <= limit;
      if (!allowed) e.count = limit + 1;
      return { allowed, retryAfter: allowed ? 0 : Math.max(1, Math.ceil((e.start + windowMs - t) / 1000)) };
    },
  };
}
