import { fail } from '../errors';

const CHARSET = /^[\w-]*$/;
const NON_ASCII = /[\x80-\xff]/;

/**
 * Strict unpadded base64url (RFC 7515 §2, RFC 4648 §5) to a binary string: only `A-Z a-z 0-9 - _`,
 * no padding or whitespace, a length that is not 1 mod 4, and zero trailing bits, so each byte string
 * has exactly one encoding and no character of a token can change without changing the bytes.
 */
function decodeBinary(s: string): string {
  const rem = s.length & 3;
  if (rem === 1 || !CHARSET.test(s)) fail('JWSInvalid');
  // The low bits of the last symbol are padding and must be zero: A-Z are 0-25, a-z 26-51, 0-9 52-61
  // (c + 4); "-" and "_" (62, 63) map to 49 and 99, which have non-zero low bits like the real values.
  const c = s.charCodeAt(s.length - 1);
  if (rem && (c >= 97 ? c - 71 : c >= 65 ? c - 65 : c + 4) & (rem === 2 ? 15 : 3)) fail('JWSInvalid');
  return atob(s.replace(/-/g, '+').replace(/_/g, '/'));
}

const bytesOf = (bin: string): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

/** Strict base64url to bytes (see decodeBinary). */
export const decodeBase64url = (s: string): Uint8Array<ArrayBuffer> => bytesOf(decodeBinary(s));

/** Unpadded base64url of bytes. */
export function encodeBase64url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of a string. */
export const utf8 = (s: string): Uint8Array<ArrayBuffer> => encoder.encode(s);

/** base64url of the UTF-8 of a string. */
export const encodeText = (s: string): string => encodeBase64url(utf8(s));

/** Strict base64url, then strict UTF-8 (invalid sequences and a BOM are kept out). */
export function decodeText(s: string): string {
  const bin = decodeBinary(s);
  if (!NON_ASCII.test(bin)) return bin;
  try {
    return decoder.decode(bytesOf(bin));
  } catch {
    fail('JWSInvalid');
  }
}
