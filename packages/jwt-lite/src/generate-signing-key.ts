import { exportJwk } from './export-jwk';
import { algSpec } from './internal/algorithms';
import { jwkThumbprint } from './jwk-thumbprint';
import type { Jwk, JwtAlgorithm, JwtKey } from './types';

/**
 * Generates an asymmetric signing key pair for the server side (RSA 2048 with e = 65537, P-256/384/521,
 * Ed25519). The private key is not extractable unless `extractable` is set (to persist it). The public
 * JWK carries `alg`, `use: "sig"` and a `kid` (default: its RFC 7638 thumbprint), ready for a JWKS.
 *
 * @throws {TypeError} for an HMAC or unsupported algorithm (use `generateSecretKey` for HS*).
 * @example
 * ```ts
 * import { generateSigningKey } from '@mcp-oauth/jwt-lite';
 * const { privateKey, publicJwk } = await generateSigningKey('ES256');
 * const jwks = { keys: [publicJwk] };
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 */
export async function generateSigningKey(
  alg: JwtAlgorithm,
  options: { kid?: string; extractable?: boolean } = {},
): Promise<{ privateKey: JwtKey; publicJwk: Jwk }> {
  const spec = algSpec(alg);
  if (!spec || spec.kty === 'oct') throw new TypeError('jwt-lite: alg');
  const params = spec.kty === 'RSA'
    ? { ...spec.importParams, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }
    : spec.importParams;
  const pair = (await crypto.subtle.generateKey(params, options.extractable === true, ['sign', 'verify'])) as CryptoKeyPair;
  const publicJwk = await exportJwk({ alg, key: pair.publicKey });
  const kid = options.kid ?? (await jwkThumbprint(publicJwk));
  publicJwk.kid = kid;
  return { privateKey: { alg, key: pair.privateKey, kid }, publicJwk };
}

/**
 * Generates a random HMAC secret as long as its hash (RFC 7518 §3.2), extractable so it can be stored.
 *
 * @throws {TypeError} for an algorithm other than HS256/HS384/HS512.
 * @example
 * ```ts
 * import { generateSecretKey } from '@mcp-oauth/jwt-lite';
 * const { key, jwk } = await generateSecretKey('HS256', { kid: 'internal-1' });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.2
 */
export async function generateSecretKey(
  alg: 'HS256' | 'HS384' | 'HS512',
  options: { kid?: string } = {},
): Promise<{ key: JwtKey; jwk: Jwk }> {
  const spec = algSpec(alg);
  if (!spec || spec.kty !== 'oct') throw new TypeError('jwt-lite: alg');
  const ck = (await crypto.subtle.generateKey(spec.importParams, true, ['sign', 'verify'])) as CryptoKey;
  const key: JwtKey = options.kid === undefined ? { alg, key: ck } : { alg, key: ck, kid: options.kid };
  return { key, jwk: await exportJwk(key) };
}
