import { algOfCryptoKey } from './internal/key';
import type { Jwk, JwtKey } from './types';

/**
 * Exports a key as a JWK (RFC 7517) with `alg` (the key's bound algorithm, or the one its WebCrypto
 * algorithm names), `use: "sig"` and the `kid` of a JwtKey. WebCrypto's `ext` and `key_ops` are
 * dropped. Exporting a private or secret key exports its secret members too.
 *
 * @throws {TypeError} when the key is not extractable or not a signature key this package supports.
 * @example
 * ```ts
 * import { exportJwk, importJwk } from '@mcp-oauth/jwt-lite';
 * declare const publicJwkFromConfig: unknown;
 * const key = await importJwk(publicJwkFromConfig, 'ES256', { kid: 'k1' });
 * const jwks = { keys: [await exportJwk(key)] }; // { kty, crv, x, y, alg: 'ES256', use: 'sig', kid: 'k1' }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 */
export async function exportJwk(key: JwtKey | CryptoKey): Promise<Jwk> {
  const ck = 'key' in key && typeof key.key === 'object' ? key.key : (key as CryptoKey);
  const alg = 'alg' in key && typeof key.alg === 'string' ? key.alg : algOfCryptoKey(ck);
  if (!alg || algOfCryptoKey(ck) !== alg) throw new TypeError('jwt-lite: key alg');
  if (!ck.extractable) throw new TypeError('jwt-lite: extractable');
  const { ext: _ext, key_ops: _ops, alg: _alg, ...members } = (await crypto.subtle.exportKey('jwk', ck)) as Jwk;
  const jwk: Jwk = { ...members, alg, use: 'sig' };
  if ('kid' in key && typeof key.kid === 'string') jwk.kid = key.kid;
  return jwk;
}
