import { fail } from '../errors';

/** The 6-bit value of each base64url byte (`A-Z a-z 0-9 - _`); -1 for every other byte. */
const VALUES: Int8Array = /* @__PURE__ */ (() => {
  const t = new Int8Array(256);
  for (let c = 0; c < 256; c++) {
    t[c] = c > 96 && c < 123 ? c - 71 : c > 64 && c < 91 ? c - 65 : c > 47 && c < 58 ? c + 4 : c === 45 ? 62 : c === 95 ? 63 : -1;
  }
  return t;
})();

/**
 * Strict unpadded base64url (RFC 7515 §2, RFC 4648 §5) of the bytes `src[from, to)`, written to `out`
 * from `at`; returns the index after the last byte written. Only `A-Z a-z 0-9 - _`, no padding or whitespace,
 * a length that is not 1 mod 4, and zero trailing bits, so each byte string has exactly one encoding
 * and no character of a token can change without changing the bytes. `out` may be `src` with
 * `at <= from` (decoding in place: the output never overtakes the input).
 */
export function decodeInto(src: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
  let acc = 0;
  let bits = 0;
  let bad = 0;
  let j = at;
  for (let i = from; i < to; i++) {
    const x = VALUES[src[i]!]!;
    bad |= x; // -1 for a byte outside the alphabet
    acc = (acc << 6) | x; // only the low `bits` bits matter
    bits += 6;
    if (bits > 7) out[j++] = acc >> (bits -= 8);
  }
  // 6 leftover bits: a length of 1 mod 4; otherwise the leftover (padding) bits must be zero.
  if (bad < 0 || bits > 4 || acc & ((1 << bits) - 1)) fail('JWSInvalid');
  return j;
}

export const encoder: TextEncoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export const utf8 = (s: string): Uint8Array<ArrayBuffer> => encoder.encode(s);

/** Strict base64url (see decodeInto) to bytes. */
export function decodeBase64url(s: string): Uint8Array<ArrayBuffer> {
  const src = utf8(s);
  if (src.length !== s.length) fail('JWSInvalid');
  const out = new Uint8Array((s.length * 3) >> 2);
  decodeInto(src, 0, src.length, out, 0); // fills `out` exactly: a length of 1 mod 4 is refused
  return out;
}

/** Unpadded base64url of bytes. */
export function encodeBase64url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** base64url of the UTF-8 of a string. */
export const encodeText = (s: string): string => encodeBase64url(utf8(s));
