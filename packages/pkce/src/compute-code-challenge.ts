import { base64url } from './internal/base64url';
import { assertShape } from './internal/charset';

/**
 * Computes the S256 code challenge `BASE64URL(SHA-256(ASCII(verifier)))`. S256 is the only method:
 * MCP and OAuth 2.1 forbid `plain`.
 *
 * @throws {TypeError} when `verifier` is not a string.
 * @throws {PkceError} `InvalidVerifier` when it is not 43–128 unreserved characters.
 * @example
 * ```ts
 * import { computeCodeChallenge } from '@mcp-oauth/pkce';
 * await computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
 * // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 */
export async function computeCodeChallenge(verifier: string, hash: Sha256 = crypto.subtle): Promise<string> {
  assertShape(verifier, 'InvalidVerifier');
  // The verifier is checked to be ASCII, so its UTF-8 is its ASCII.
  return base64url(new Uint8Array(await hash.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/**
 * Where S256 hashes: `crypto.subtle` (the default) or any object whose `digest('SHA-256', bytes)`
 * answers the same bytes, such as `nodeCryptoProvider()` of `@mcp-oauth/node` (synchronous on Node).
 */
export interface Sha256 {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): ArrayBuffer | Uint8Array | Promise<ArrayBuffer | Uint8Array>;
}
