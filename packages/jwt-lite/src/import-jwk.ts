import { fail } from './errors';
import { algSpec } from './internal/algorithms';
import { assertKey } from './internal/key';
import type { JwtAlgorithm, JwtKey } from './types';

/**
 * Imports a JWK (RFC 7517) as a key bound to one algorithm. The JWK must fit the algorithm exactly:
 * `kty` (and `crv`) of that algorithm, its `alg` (if any) equal to `alg`, `use` (if any) `sig`,
 * `key_ops` (if any) including `sign` or `verify`. A JWK with `d` (or an `oct` key) imports as a
 * signing key. Weak keys are refused.
 *
 * @param options.kid - overrides the JWK's `kid`; `extractable` makes a private/secret key exportable (default false).
 * @throws {JwtError} `KeyInvalid` for a JWK that is malformed or does not fit `alg`, `WeakKey` for an
 * HMAC key shorter than its hash (RFC 7518 §3.2) or an RSA modulus under 2048 bits (§3.3).
 * @throws {TypeError} when `alg` is not a supported algorithm.
 * @example
 * ```ts
 * import { importJwk } from '@mcp-oauth/jwt-lite';
 * const key = await importJwk({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }, 'EdDSA');
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-6
 */
export async function importJwk(
  jwk: unknown,
  alg: JwtAlgorithm,
  options: { kid?: string; extractable?: boolean } = {},
): Promise<JwtKey> {
  const spec = algSpec(alg);
  if (!spec) throw new TypeError('jwt-lite: alg');
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) fail('KeyInvalid');
  const j = jwk as Record<string, unknown>;
  const ops = j.key_ops;
  if (
    j.kty !== spec.kty ||
    (spec.crv !== undefined && j.crv !== spec.crv) ||
    (j.alg !== undefined && j.alg !== alg) ||
    (j.use !== undefined && j.use !== 'sig') ||
    (ops !== undefined && !(Array.isArray(ops) && (ops.includes('sign') || ops.includes('verify')))) ||
    (j.kid !== undefined && typeof j.kid !== 'string')
  ) {
    fail('KeyInvalid');
  }
  const secret = spec.kty === 'oct';
  const isPrivate = secret || j.d !== undefined;
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey(
      'jwk',
      j as JsonWebKey,
      spec.importParams,
      !isPrivate || options.extractable === true,
      secret ? ['sign', 'verify'] : isPrivate ? ['sign'] : ['verify'],
    );
  } catch {
    fail('KeyInvalid');
  }
  const kid = options.kid ?? (j.kid as string | undefined);
  const out: JwtKey = kid === undefined ? { alg, key } : { alg, key, kid };
  // The imported key's own size decides weakness: HMAC under its hash size, RSA under 2048 bits.
  assertKey(out, isPrivate ? 'sign' : 'verify');
  return out;
}
