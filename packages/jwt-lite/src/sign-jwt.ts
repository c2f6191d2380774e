import { encodeBase64url, encodeText, utf8 } from './internal/base64url';
import { assertKey } from './internal/key';
import type { AlgSpec } from './internal/algorithms';
import type { CryptoProvider, JwtKey } from './types';

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && [Object.prototype, null].includes(Object.getPrototypeOf(x));

// Private and secret JWK members (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2).
const PRIVATE = 'd p q dp dq qi oth k'.split(' ');

/** A `jwk` header member: a plain public JWK of the signing key's kty and crv (HMAC keys take none). */
const isPublicJwk = (jwk: unknown, spec: AlgSpec): boolean =>
  isPlainObject(jwk) && spec.kty !== 'oct' && jwk['kty'] === spec.kty && jwk['crv'] === spec.crv && !PRIVATE.some((m) => Object.hasOwn(jwk, m));

/**
 * The protected header: `alg` from the key, then `typ`, `kid` and the caller's extra members. `alg`
 * is the key's; `typ`/`kid` given twice are ambiguous; `crit`/`b64` change how the JWS is processed.
 */
function buildHeader(key: JwtKey, spec: AlgSpec, typ: unknown, kid: unknown, extra: unknown): Record<string, unknown> {
  if (!isPlainObject(extra)) throw new TypeError('jwt-lite: header');
  const header: Record<string, unknown> = { alg: key.alg };
  for (const [name, value] of [['typ', typ], ['kid', kid], ...Object.entries(extra)] as [string, unknown][]) {
    if (value === undefined) continue;
    if (
      Object.hasOwn(header, name) || ['crit', 'b64', '__proto__'].includes(name) ||
      ((name === 'typ' || name === 'kid') && typeof value !== 'string') || (name === 'jwk' && !isPublicJwk(value, spec))
    ) {
      throw new TypeError('jwt-lite: header');
    }
    header[name] = value;
  }
  return header;
}

/**
 * Signs a claims set as a JWT in JWS compact serialization (RFC 7519 §7.1). The protected header
 * is `{ alg, typ?, kid?, ...header }`: `alg` is the key's bound algorithm, `kid` defaults to the
 * key's, `header` adds members such as the public `jwk` of a DPoP proof (RFC 9449 §4.2).
 *
 * @param options.typ - header `typ` (RFC 7515 §4.1.9), e.g. `JWT`, `at+jwt`, `dpop+jwt`.
 * @param options.kid - header `kid`; defaults to the key's `kid`.
 * @param options.header - more protected-header members, e.g. the public `jwk` of a DPoP proof.
 * @param options.crypto - computes the signature; default `crypto.subtle` (WebCrypto).
 * `alg` comes from the key; `crit` and `b64` are refused (no JWS extensions, RFC 7515 §4.1.11,
 * RFC 7797); a `jwk` must be a public JWK of the key's `kty` (and `crv`), HMAC keys take none.
 * @throws {TypeError} claims or `header` that are not a plain JSON object; `exp`/`nbf`/`iat` that
 * are not finite numbers; a key that is not a JwtKey able to sign with its `alg`; a `header` that
 * sets `alg`, `crit` or `b64`, repeats `typ`/`kid`, or carries a `jwk` that is not a public key of
 * the signing key's type (private members `d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, `k` are refused).
 * @throws {JwtError} `WeakKey` for an HMAC key shorter than its hash or an RSA key under 2048 bits.
 * @example
 * ```ts
 * import { generateSigningKey, signJwt } from '@mcp-oauth/jwt-lite';
 * declare const htu: string; // the request URL
 * const { privateKey, publicJwk } = await generateSigningKey('ES256');
 * const iat = Math.floor(Date.now() / 1000);
 * const jwt = await signJwt({ sub: 'u1', exp: iat + 300 }, privateKey, { typ: 'JWT' });
 * const { kty, crv, x, y } = publicJwk;
 * const proof = await signJwt({ jti: crypto.randomUUID(), htm: 'POST', htu, iat }, privateKey, { typ: 'dpop+jwt', header: { jwk: { kty, crv, x, y } } });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.1
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 */
export async function signJwt(
  claims: Record<string, unknown>,
  key: JwtKey,
  options: { typ?: string; kid?: string; header?: Record<string, unknown>; crypto?: CryptoProvider } = {},
): Promise<string> {
  if (!isPlainObject(claims)) throw new TypeError('jwt-lite: claims');
  for (const name of ['exp', 'nbf', 'iat']) {
    const v = claims[name];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v))) throw new TypeError(`jwt-lite: ${name}`);
  }
  const spec = assertKey(key, 'sign');
  const { typ, kid = key.kid, header = {}, crypto: subtle = crypto.subtle } = options;
  const input = `${encodeText(JSON.stringify(buildHeader(key, spec, typ, kid, header)))}.${encodeText(JSON.stringify(claims))}`;
  const signature = await subtle.sign(spec.signParams, key.key, utf8(input));
  return `${input}.${encodeBase64url(new Uint8Array(signature))}`;
}
