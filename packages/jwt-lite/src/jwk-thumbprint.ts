import { fail } from './errors';
import { encodeBase64url, utf8 } from './internal/base64url';
import type { Jwk } from './types';

const REQUIRED: Record<string, string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  oct: ['k', 'kty'],
  OKP: ['crv', 'kty', 'x'],
};

/**
 * The RFC 7638 JWK thumbprint with SHA-256: base64url of the hash of the JSON object of the key's
 * required members, in lexicographic order, without whitespace (RFC 8037 §2 for OKP keys).
 *
 * @throws {JwtError} `KeyInvalid` for an unknown `kty` or a required member that is not a string.
 * @example
 * ```ts
 * import { jwkThumbprint } from '@mcp-oauth/jwt-lite';
 * await jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });
 * // 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 */
export async function jwkThumbprint(jwk: Jwk): Promise<string> {
  const names = typeof jwk === 'object' && jwk !== null ? REQUIRED[jwk.kty as string] : undefined;
  if (!names) fail('KeyInvalid');
  const members: string[] = [];
  for (const name of names) {
    const value = jwk[name];
    if (typeof value !== 'string') fail('KeyInvalid');
    members.push(`${JSON.stringify(name)}:${JSON.stringify(value)}`);
  }
  const digest = await crypto.subtle.digest('SHA-256', utf8(`{${members.join(',')}}`));
  return encodeBase64url(new Uint8Array(digest));
}
