// Random values, hashes and constant-time comparison: WebCrypto, or the `crypto` option's provider.
import type { CryptoProvider } from '@mcp-oauth/jwt-lite';
import { constantTimeEqual } from './constant-time';

export { constantTimeEqual };

const enc = new TextEncoder();

export function b64url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh random value of `bytes` bytes (default 32 = 256 bits), base64url. */
export function randomToken(bytes = 32, p?: CryptoProvider): string {
  return b64url(p?.random?.(bytes) ?? crypto.getRandomValues(new Uint8Array(bytes)));
}

/** SHA-256 of a string, base64url: how codes, tokens and secrets are stored and looked up (A75). */
export async function sha256(value: string, p?: CryptoProvider): Promise<string> {
  const data = enc.encode(value);
  return b64url(new Uint8Array(await (p?.digest ? p.digest('SHA-256', data) : crypto.subtle.digest('SHA-256', data))));
}

/** Hashes the presented secret and compares it with the stored hash in constant time (A53, A75). */
export async function secretMatches(presented: string, storedHash: string, p?: CryptoProvider): Promise<boolean> {
  return constantTimeEqual(await sha256(presented, p), storedHash);
}
