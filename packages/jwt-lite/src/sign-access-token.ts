import { signJwt } from './sign-jwt';
import { encodeBase64url } from './internal/base64url';
import type { AccessTokenInput } from './access-token-types';
import type { CryptoProvider, JwtKey } from './types';

/**
 * Issues an RFC 9068 JWT access token: header `typ: at+jwt`, claims `iss`, `exp`, `aud`, `sub`,
 * `client_id`, `iat`, `jti` (the last two filled in when absent).
 *
 * @param options.crypto - computes the signature; default `crypto.subtle` (WebCrypto).
 * @throws {TypeError} when a required claim is missing or of the wrong type, or the key cannot sign.
 * @throws {JwtError} `WeakKey`.
 * @example
 * ```ts
 * import { signAccessToken } from '@mcp-oauth/jwt-lite';
 * import type { JwtKey } from '@mcp-oauth/jwt-lite';
 * declare const privateKey: JwtKey, iss: string, resource: string, user: string, client_id: string;
 * const now = Math.floor(Date.now() / 1000);
 * const at = await signAccessToken({ iss, aud: resource, sub: user, client_id, exp: now + 300, scope: 'mcp:tools' }, privateKey);
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2
 */
export async function signAccessToken(claims: AccessTokenInput, key: JwtKey, options: { crypto?: CryptoProvider } = {}): Promise<string> {
  const full = {
    ...claims,
    iat: claims.iat ?? Math.floor(Date.now() / 1000),
    jti: claims.jti ?? encodeBase64url(crypto.getRandomValues(new Uint8Array(16))),
  };
  for (const name of ['iss', 'sub', 'client_id', 'jti'] as const) {
    if (typeof full[name] !== 'string' || full[name] === '') throw new TypeError(`jwt-lite: ${name}`);
  }
  const aud = typeof full.aud === 'string' ? [full.aud] : full.aud;
  if (!Array.isArray(aud) || aud.length === 0 || !aud.every((a) => typeof a === 'string')) throw new TypeError('jwt-lite: aud');
  if (full.scope !== undefined && typeof full.scope !== 'string') throw new TypeError('jwt-lite: scope');
  return signJwt(full, key, options.crypto ? { typ: 'at+jwt', crypto: options.crypto } : { typ: 'at+jwt' });
}
