// Random values, hashes and constant-time comparison on WebCrypto only.
import { constantTimeEqual } from './constant-time';

export { constantTimeEqual };

const enc = new TextEncoder();

export function b64url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh random value of `bytes` bytes (default 32 = 256 bits), base64url. */
export function randomToken(bytes = 32): string {
  return b64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** SHA-256 of a string, base64url: how codes, tokens and secrets are stored and looked up (A75). */
export async function sha256(value: string): Promise<string> {
  return b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(value))));
}

/** Hashes the presented secret and compares it with the stored hash in constant time (A53, A75). */
export async function secretMatches(presented: string, storedHash: string): Promise<boolean> {
  return constantTimeEqual(await sha256(presented), storedHash);
}
