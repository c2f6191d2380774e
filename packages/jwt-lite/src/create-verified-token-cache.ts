import { verifyJwt } from './verify-jwt';
import type { JwksResolver, JwtKey, VerifiedJwt, VerifiedTokenCache } from './types';

interface Entry {
  token: string;
  keys: JwtKey | JwksResolver;
  result: VerifiedJwt;
  until: number;
}

// Entries are found by the token's last 32 characters (in its signature) and then compared whole: a
// token read from a request is a fresh string, and hashing all of it for a Map lookup cost more
// (0.6 µs for a 600-character token) than every other step of a cache hit.
const slot = (token: string): string => token.slice(-32);

function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const x of Object.values(v)) stack.push(x);
  }
  return value;
}

/**
 * A bounded cache of verified tokens for the resource-server hot path (one token, many requests).
 * An entry is keyed by the exact token string and remembers the keys object it was verified with; a
 * hit skips only the signature check: `alg` allowlist, `typ`, `exp`/`nbf`/`iat`/`maxAge`, `iss`,
 * `aud` and required claims are checked on every call against that call's options, and revoked tokens
 * or `jti`s are refused. Entries leave at `exp`, after `ttl` seconds (so a key removed from a JWKS stops
 * being trusted), or oldest-first beyond `maxEntries`. Cached results are deeply frozen.
 *
 * @param options.maxEntries - default 10000. `ttl` - seconds, default 300. `now` - clock in seconds, used
 * to drop expired revocations (verification uses the clock of each call's options).
 * @throws {RangeError} for a `maxEntries` or `ttl` that is not a positive number.
 * @example
 * ```ts
 * import { createVerifiedTokenCache, verifyAccessToken } from '@mcp-oauth/jwt-lite';
 * import type { JwksResolver } from '@mcp-oauth/jwt-lite';
 * declare const bearer: string, jwks: JwksResolver, issuer: string, audience: string;
 * const cache = createVerifiedTokenCache();
 * const claims = await verifyAccessToken(bearer, jwks, { issuer, audience, algorithms: ['ES256'], cache });
 * cache.revoke(claims.jti);
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export function createVerifiedTokenCache(
  options: { maxEntries?: number; ttl?: number; now?: () => number } = {},
): VerifiedTokenCache {
  const { maxEntries = 10_000, ttl = 300 } = options;
  if (!(maxEntries >= 1 && Number.isInteger(maxEntries)) || !(ttl > 0)) throw new RangeError('jwt-lite: options');
  const clock = options.now ?? (() => Date.now() / 1000);
  const entries = new Map<string, Entry>();
  const revoked = new Map<string, number>();

  const cache: VerifiedTokenCache = {
    verify: (token, keys, o) => verifyJwt(token, keys, o.cache === cache ? o : { ...o, cache }),
    get(token, keys, now) {
      const k = slot(token);
      const e = entries.get(k);
      if (e?.token !== token) return undefined;
      if (e.keys === keys && now < e.until) return e.result;
      if (now >= e.until) entries.delete(k);
      return undefined;
    },
    set(token, keys, result, now) {
      const exp = result.claims.exp;
      const until = Math.min(now + ttl, typeof exp === 'number' ? exp : Infinity);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      const frozen = deepFreeze(result);
      entries.set(slot(token), { token, keys, result: frozen, until });
      return frozen;
    },
    isRevoked(token, jti, now) {
      if (revoked.size === 0) return false;
      for (const id of typeof jti === 'string' ? [token, jti] : [token]) {
        const until = revoked.get(id);
        if (until !== undefined) {
          if (now < until) return true;
          revoked.delete(id);
        }
      }
      return false;
    },
    revoke(jtiOrToken, until) {
      if (typeof jtiOrToken !== 'string' || jtiOrToken === '') throw new TypeError('jwt-lite: revoke');
      const e = entries.get(slot(jtiOrToken));
      const hit = e?.token === jtiOrToken ? e.result.claims.exp : undefined;
      revoked.set(jtiOrToken, until ?? (typeof hit === 'number' ? hit : Infinity));
      for (const [k, x] of entries) if (x.token === jtiOrToken || x.result.claims.jti === jtiOrToken) entries.delete(k);
      const now = clock();
      for (const [id, u] of revoked) if (u <= now) revoked.delete(id);
    },
    clear() {
      entries.clear();
      revoked.clear();
    },
    get size() {
      return entries.size;
    },
  };
  return cache;
}
