import { fail } from '../errors';
import type { CryptoProvider, JwsHeader, JwtKey, JwksResolver } from '../types';
import { algSpec } from './algorithms';
import { decodeInto, encoder } from './base64url';
import { parseJsonObject } from './json';
import { assertKey, isJwtKey } from './key';

/**
 * A compact JWS split, decoded and header-checked. The three byte arrays are views of one buffer
 * that belongs to this token alone (WebCrypto reads it; nothing else ever writes to it).
 */
export interface Compact {
  header: JwsHeader;
  /** `BASE64URL(header) "." BASE64URL(payload)` as bytes, the JWS Signing Input. */
  input: Uint8Array<ArrayBuffer>;
  /** The decoded payload. */
  payload: Uint8Array<ArrayBuffer>;
  /** The decoded signature. */
  signature: Uint8Array<ArrayBuffer>;
}


// Parsed headers by their exact segment: most tokens of a deployment share a handful of headers, so
// the decoding, JSON parsing and hygiene checks below run once per distinct header.
const headers = new Map<string, JwsHeader>();

/** The header of a token whose ASCII bytes are `buf[0, ...)`; decoded at `buf[at, ...)` on a cache miss. */
function parseHeader(segment: string, buf: Uint8Array, at: number): JwsHeader {
  const cached = headers.get(segment);
  if (cached) return cached;
  const h = parseJsonObject(buf.subarray(at, decodeInto(buf, 0, segment.length, buf, at)));
  if (typeof h.alg !== 'string') fail('JWSInvalid');
  if (!algSpec(h.alg)) fail('AlgNotAllowed');
  // RFC 7515 §4.1.11: this implementation understands no extension, so any `crit` is refused;
  // RFC 7797 `b64` changes what is signed and is refused whether or not it is critical.
  // `kid` and `typ`, when present, are strings.
  if (h.crit !== undefined || h.b64 !== undefined || (h.kid !== undefined && typeof h.kid !== 'string') || (h.typ !== undefined && typeof h.typ !== 'string')) {
    fail('JWSInvalid');
  }
  // `jwk`, `jku`, `x5u`, `x5c`, `x5t` are left as data: never used to select or fetch a key.
  const header = Object.freeze(h) as JwsHeader;
  if (headers.size >= 64) headers.clear();
  headers.set(segment, header);
  return header;
}

/**
 * Splits a JWS compact serialization (RFC 7515 §7.1) into exactly three non-empty segments after a
 * length check, and decodes all three (strict base64url, every character checked; a fourth `.` fails
 * the signature's alphabet) and parses the header. Everything here runs before any cryptography.
 * One allocation: the token's ASCII bytes (the signing input and the signature, decoded in place)
 * followed by the decoded payload.
 */
export function parseCompact(token: unknown, maxLength: number = 16384): Compact {
  if (typeof token !== 'string') throw new TypeError('jwt-lite: token');
  const len = token.length;
  const a = token.indexOf('.');
  const b = token.indexOf('.', a + 1);
  if (len > maxLength || a < 1 || b < a + 2 || b > len - 2) fail('JWSInvalid');
  // The token's bytes, then room for the decoded header or payload (each under 3/4 of b - 1 characters).
  const buf = new Uint8Array(len + (((b - 1) * 3) >> 2));
  // Every character read, one byte each: the token is ASCII (base64url is checked while decoding).
  const r = encoder.encodeInto(token, buf);
  if (r.read !== len || r.written !== len) fail('JWSInvalid');
  const header = parseHeader(token.slice(0, a), buf, len);
  return {
    header,
    input: buf.subarray(0, b),
    payload: buf.subarray(len, decodeInto(buf, a + 1, b, buf, len)),
    signature: buf.subarray(b + 1, decodeInto(buf, b + 1, len, buf, b + 1)),
  };
}

async function verifyWithSet(c: Compact, keys: JwksResolver, subtle: CryptoProvider): Promise<boolean> {
  const { alg } = c.header;
  let found = false;
  for (const key of await keys.getKeys(c.header)) {
    if (key.alg !== alg) continue;
    found = true;
    const params = assertKey(key, 'verify').signParams;
    if (await subtle.verify(params, key.key, c.signature, c.input)) return true;
  }
  if (!found) fail('KeyNotFound');
  return false;
}

/**
 * Starts the signature check of a parsed token with a key bound to its `alg`, or with the keys a JWK
 * Set offers for its `alg` and `kid`; resolves to whether it verified. A single key goes straight to
 * WebCrypto, or to `subtle` when given (no extra async step on the hot path).
 */
export function verifySignature(c: Compact, keys: JwtKey | JwksResolver, subtle: CryptoProvider = crypto.subtle): Promise<boolean> {
  const spec = algSpec(c.header.alg)!;
  const single = isJwtKey(keys);
  if (single && assertKey(keys, 'verify') && keys.alg !== c.header.alg) fail('AlgNotAllowed');
  if (spec.sigLength && spec.sigLength !== c.signature.length) fail('SignatureInvalid');
  if (!single) return verifyWithSet(c, keys, subtle);
  return subtle.verify(spec.signParams, keys.key, c.signature, c.input);
}
