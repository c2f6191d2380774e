import { PkceError } from './errors';
import { assertShape } from './internal/charset';

/**
 * Checks the `code_challenge` and `code_challenge_method` of an authorization request, as the
 * authorization server receives them (untrusted). The method must be exactly `S256`
 * (case-sensitive; absent, `plain`, `s256` are refused) and the challenge 43 base64url characters.
 *
 * @throws {PkceError} `UnsupportedMethod` or `InvalidChallenge` (the AS answers `invalid_request`).
 * @throws {TypeError} when `challenge` is neither a string nor null/undefined.
 * @example
 * ```ts
 * import { assertCodeChallenge } from '@mcp-oauth/pkce';
 * declare const params: URLSearchParams; // the authorization request
 * assertCodeChallenge(params.get('code_challenge'), params.get('code_challenge_method'));
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 */
export function assertCodeChallenge(challenge: unknown, method: unknown): asserts challenge is string {
  if (method !== 'S256') throw new PkceError('UnsupportedMethod');
  // A missing parameter (null from URLSearchParams) is a malformed challenge, not a caller bug.
  assertShape(challenge ?? '', 'InvalidChallenge');
}
