/** Every code a {@link PkceError} can carry. */
export type PkceErrorCode =
  /** The code verifier is not 43–128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.1). */
  | 'InvalidVerifier'
  /** The code challenge is not 43 base64url characters, the only shape S256 produces (RFC 7636 §4.2). */
  | 'InvalidChallenge'
  /** A `code_challenge_method` other than exactly `S256` (`plain` is refused, RFC 9700 §2.1.1). */
  | 'UnsupportedMethod';

/**
 * The one error family of `@mcp-oauth/pkce`, thrown for malformed protocol input.
 * Assert on `code`, never on `message`; the message never contains the offending value.
 *
 * @example
 * ```ts
 * import { PkceError, verifyCodeChallenge } from '@mcp-oauth/pkce';
 * declare const verifier: string, challenge: string;
 * try {
 *   await verifyCodeChallenge(verifier, challenge);
 * } catch (e) {
 *   if (e instanceof PkceError && e.code === 'InvalidVerifier') {
 *     // answer 400 invalid_grant
 *   }
 * }
 * ```
 */
export class PkceError extends Error {
  /** The machine-readable reason. */
  declare readonly code: PkceErrorCode;

  constructor(code: PkceErrorCode) {
    super(code);
    this.name = 'PkceError';
    this.code = code;
  }
}
