import { fail } from '../errors';
import type { JwsHeader, JwtKey, JwksResolver } from '../types';
import { algSpec } from './algorithms';
import { decodeBase64url, decodeText, utf8 } from './base64url';
import { parseJsonObject } from './json';
import { assertKey, isJwtKey } from './key';

/** The three segments of a compact JWS with its parsed, hygiene-checked header. */
export interface Compact {
  header: JwsHeader;
  /** `BASE64URL(header) "." BASE64URL(payload)`, the JWS Signing Input. */
  input: string;
  payload: string;
  signature: string;
}

export const DEFAULT_MAX_TOKEN_LENGTH: number = 16384;
// Three segments of base64url characters: no other character, no fourth dot.
const TOKEN = /^[\w-]+\.[\w-]+\.[\w-]+$/;

// Parsed headers by their exact segment: most tokens of a deployment share a handful of headers.
const headers = new Map<string, JwsHeader>();

function parseHeader(segment: string): JwsHeader {
  const cached = headers.get(segment);
  if (cached) return cached;
  const h = parseJsonObject(decodeText(segment));
  if (typeof h.alg !== 'string') fail('JWSInvalid');
  if (!algSpec(h.alg)) fail('AlgNotAllowed');
  // RFC 7515 §4.1.11: this implementation understands no extension, so any `crit` is refused;
  // RFC 7797 `b64` changes what is signed and is refused whether or not it is critical.
  if (h.crit !== undefined || h.b64 !== undefined) fail('JWSInvalid');
  if ((h.kid !== undefined && typeof h.kid !== 'string') || (h.typ !== undefined && typeof h.typ !== 'string')) {
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
 * length check, and parses the header. Everything here runs before any cryptography.
 */
export function parseCompact(token: unknown, maxLength: number = DEFAULT_MAX_TOKEN_LENGTH): Compact {
  if (typeof token !== 'string') throw new TypeError('jwt-lite: token');
  if (token.length > maxLength) fail('JWSInvalid');
  if (!TOKEN.test(token)) fail('JWSInvalid');
  const a = token.indexOf('.');
  const b = token.indexOf('.', a + 1);
  return {
    header: parseHeader(token.slice(0, a)),
    input: token.slice(0, b),
    payload: token.slice(a + 1, b),
    signature: token.slice(b + 1),
  };
}

async function verifyWithSet(c: Compact, keys: JwksResolver, signature: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const { alg } = c.header;
  let found = false;
  for (const key of await keys.getKeys(c.header)) {
    if (key.alg !== alg) continue;
    found = true;
    const params = assertKey(key, 'verify').signParams;
    if (await crypto.subtle.verify(params, key.key, signature, utf8(c.input))) return true;
  }
  if (!found) fail('KeyNotFound');
  return false;
}

/**
 * Starts the signature check of a parsed token with a key bound to its `alg`, or with the keys a JWK
 * Set offers for its `alg` and `kid`; resolves to whether it verified. A single key goes straight to
 * WebCrypto (no extra async step on the hot path).
 */
export function verifySignature(c: Compact, keys: JwtKey | JwksResolver): Promise<boolean> {
  const spec = algSpec(c.header.alg)!;
  const single = isJwtKey(keys);
  if (single && assertKey(keys, 'verify') && keys.alg !== c.header.alg) fail('AlgNotAllowed');
  const signature = decodeBase64url(c.signature);
  if (spec.sigLength && spec.sigLength !== signature.length) fail('SignatureInvalid');
  if (!single) return verifyWithSet(c, keys, signature);
  return crypto.subtle.verify(spec.signParams, keys.key, signature, utf8(c.input));
}
