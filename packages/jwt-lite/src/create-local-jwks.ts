import { importKeySet, selectKeys } from './internal/jwk-set';
import type { JwksResolver, JwtKey } from './types';

/**
 * A JWK Set held in memory (RFC 7517 §5), imported once on first use. Each key is bound to its `alg`
 * (or, without one, to the only algorithm its curve allows; RSA keys without `alg` to RS256). Keys with
 * `use` other than `sig`, `key_ops` without `verify`, private members, or that cannot be imported are
 * skipped. Symmetric (`oct`) keys are accepted here, never from a remote set.
 *
 * @throws {TypeError} when `jwks` is not an object with a `keys` array.
 * @example
 * ```ts
 * import { createLocalJwks, verifyJwt } from '@mcp-oauth/jwt-lite';
 * import type { Jwk } from '@mcp-oauth/jwt-lite';
 * declare const publicJwk: Jwk, token: string;
 * const jwks = createLocalJwks({ keys: [publicJwk] });
 * await verifyJwt(token, jwks, { algorithms: ['ES256'] });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export function createLocalJwks(jwks: { keys: unknown[] }): JwksResolver {
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys)) {
    throw new TypeError('jwt-lite: keys');
  }
  let loading: Promise<JwtKey[]> | undefined;
  let ready: JwtKey[] | undefined;
  return {
    getKeys: (header) =>
      ready
        ? selectKeys(ready, header)
        : (loading ??= importKeySet(jwks.keys, true).then((k) => (ready = k))).then((k) => selectKeys(k, header)),
  };
}
