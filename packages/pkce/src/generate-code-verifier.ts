import { base64url } from './internal/base64url';

/**
 * Generates a PKCE code verifier: the base64url encoding of fresh random bytes from
 * `crypto.getRandomValues`, cut to `length` characters. Every character is one of 64 equally likely
 * symbols (`A-Z a-z 0-9 - _`, a subset of the unreserved set), so a verifier of `n` characters
 * carries 6·n bits of entropy (RFC 7636 §7.1 asks for at least 256).
 *
 * @param length - 43 to 128 characters (RFC 7636 §4.1); 43 by default, the RFC's recommended 32 random octets (258 bits).
 * @throws {TypeError} when `length` is not a number.
 * @throws {RangeError} when `length` is not an integer from 43 to 128.
 * @example
 * ```ts
 * import { computeCodeChallenge, generateCodeVerifier } from '@mcp-oauth/pkce';
 * const verifier = generateCodeVerifier();
 * const challenge = await computeCodeChallenge(verifier);
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export function generateCodeVerifier(length: number = 43): string {
  if (!Number.isInteger(length) || length < 43 || length > 128) {
    throw new (typeof length === 'number' ? RangeError : TypeError)('PkceError: length');
  }
  // n random bytes encode to ceil(4n/3) >= n characters.
  return base64url(crypto.getRandomValues(new Uint8Array(length))).slice(0, length);
}
