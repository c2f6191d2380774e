import { computeCodeChallenge, type Sha256 } from './compute-code-challenge';
import { assertShape } from './internal/charset';
import { constantTimeEqual } from './internal/constant-time';

/**
 * Checks a code verifier against a stored S256 challenge, comparing in constant time.
 * A well-formed verifier that does not match returns `false` (the AS answers `invalid_grant`);
 * a malformed one throws (the AS answers `invalid_request`).
 *
 * @throws {TypeError} when either argument is not a string.
 * @throws {PkceError} `InvalidVerifier` for a malformed verifier, `InvalidChallenge` for a stored
 * challenge that is not 43 base64url characters.
 * @example
 * ```ts
 * import { verifyCodeChallenge } from '@mcp-oauth/pkce';
 * declare const form: URLSearchParams; // the token request body
 * declare const grant: { codeChallenge: string }; // stored with the authorization code
 * if (!(await verifyCodeChallenge(form.get('code_verifier') ?? '', grant.codeChallenge))) {
 *   // answer 400 invalid_grant (RFC 6749 §5.2)
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6
 */
export async function verifyCodeChallenge(verifier: string, challenge: string, hash?: Sha256): Promise<boolean> {
  assertShape(challenge, 'InvalidChallenge');
  return constantTimeEqual(await computeCodeChallenge(verifier, hash), challenge);
}
