import { verifyJwt } from './verify-jwt';
import type { JwksResolver, JwtKey, VerifiedJwt, VerifiedTokenCache } from './types';

interface Entry {
  keys: JwtKey | JwksResolver;
  result: VerifiedJwt;
  until: number;
}

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
      const e = entries.get(token);
      if (!e) return undefined;
      if (e.keys === keys && now < e.until) return e.result;
      if (now >= e.until) entries.delete(token);
      return undefined;
    },
    set(token, keys, result, now) {
      const exp = result.claims.exp;
      const until = Math.min(now + ttl, typeof exp === 'number' ? exp : Infinity);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      const frozen = deepFreeze(result);
      entries.set(token, { keys, result: frozen, until });
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
      const hit = entries.get(jtiOrToken)?.result.claims.exp;
      revoked.set(jtiOrToken, until ?? (typeof hit === 'number' ? hit : Infinity));
      entries.delete(jtiOrToken);
      for (const [t, e] of entries) if (e.result.claims.jti === jtiOrToken) entries.delete(t);
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
