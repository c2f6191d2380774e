import { encodeBase64url, encodeText, utf8 } from './internal/base64url';
import { assertKey } from './internal/key';
import type { JwtKey } from './types';

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && [Object.prototype, null].includes(Object.getPrototypeOf(x));

/**
 * Signs a claims set as a JWT in JWS compact serialization (RFC 7519 §7.1). The header is
 * `{ alg, typ?, kid? }`: `alg` is the key's bound algorithm, `kid` defaults to the key's.
 *
 * @throws {TypeError} claims that are not a plain JSON object, `exp`/`nbf`/`iat` that are not finite
 * numbers, a key that is not a JwtKey able to sign with its `alg`.
 * @throws {JwtError} `WeakKey` for an HMAC key shorter than its hash or an RSA key under 2048 bits.
 * @example
 * ```ts
 * const { privateKey } = await generateSigningKey('ES256');
 * const jwt = await signJwt({ sub: 'u1', exp: Math.floor(Date.now() / 1000) + 300 }, privateKey, { typ: 'JWT' });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.1
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.1
 */
export async function signJwt(
  claims: Record<string, unknown>,
  key: JwtKey,
  options: { typ?: string; kid?: string } = {},
): Promise<string> {
  if (!isPlainObject(claims)) throw new TypeError('jwt-lite: claims');
  for (const name of ['exp', 'nbf', 'iat']) {
    const v = claims[name];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v))) throw new TypeError(`jwt-lite: ${name}`);
  }
  const spec = assertKey(key, 'sign');
  const { typ, kid = key.kid } = options;
  if ((typ !== undefined && typeof typ !== 'string') || (kid !== undefined && typeof kid !== 'string')) {
    throw new TypeError('jwt-lite: typ/kid');
  }
  const header: Record<string, string> = { alg: key.alg };
  if (typ !== undefined) header.typ = typ;
  if (kid !== undefined) header.kid = kid;
  const input = `${encodeText(JSON.stringify(header))}.${encodeText(JSON.stringify(claims))}`;
  const signature = await crypto.subtle.sign(spec.signParams, key.key, utf8(input));
  return `${input}.${encodeBase64url(new Uint8Array(signature))}`;
}
