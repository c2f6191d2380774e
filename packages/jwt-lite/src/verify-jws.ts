import { fail } from './errors';
import { checkHeader } from './internal/claims';
import { parseCompact, verifySignature } from './internal/compact';
import { assertAlgorithms } from './internal/key';
import type { CryptoProvider, JwksResolver, JwsHeader, JwtAlgorithm, JwtKey } from './types';

/**
 * Verifies a JWS in compact serialization whose payload is not a JWT (arbitrary bytes), with the same
 * header hygiene and algorithm rules as {@link verifyJwt} but no claim checks.
 *
 * @throws {JwtError} `JWSInvalid`, `AlgNotAllowed`, `TypMismatch`, `KeyNotFound`, `SignatureInvalid`, `WeakKey`.
 * @throws {TypeError} a non-string token, no algorithm allowlist, a key that is not a JwtKey or resolver.
 * @example
 * ```ts
 * import { verifyJws } from '@mcp-oauth/jwt-lite';
 * import type { JwtKey } from '@mcp-oauth/jwt-lite';
 * declare const jws: string, key: JwtKey;
 * const { payload } = await verifyJws(jws, key, { algorithms: ['EdDSA'] });
 * new TextDecoder().decode(payload);
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export async function verifyJws(
  jws: string,
  keyOrJwks: JwtKey | JwksResolver,
  options: { algorithms: readonly JwtAlgorithm[]; typ?: string; maxTokenLength?: number; crypto?: CryptoProvider },
): Promise<{ header: JwsHeader; payload: Uint8Array }> {
  assertAlgorithms(options?.algorithms);
  const c = parseCompact(jws, options.maxTokenLength);
  checkHeader(c.header, options);
  if (!(await verifySignature(c, keyOrJwks, options.crypto))) fail('SignatureInvalid');
  return { header: c.header, payload: c.payload.slice() };
}
