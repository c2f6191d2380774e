import { b64u, randomBytes } from './internal/http';
import { signDpopProof, type SigningKey } from './internal/leaf';

/** A DPoP key pair plus the nonces servers handed out (RFC 9449), one per origin. */
export interface DpopSession {
  readonly key: SigningKey;
  /** The public JWK put in every proof's header. */
  readonly jwk: JsonWebKey;
  /** Last `DPoP-Nonce` seen per origin. */
  readonly nonces: Map<string, string>;
}

const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Creates a DPoP session: a fresh non-extractable ES256 key (or the given key and its public JWK).
 * Pass it as the `dpop` option of the token functions or of `createMcpOAuthClient` to get
 * sender-constrained tokens.
 *
 * @example
 * ```ts
 * import { createDpopSession, createMcpOAuthClient } from '@mcp-oauth/client-flow';
 *
 * const client = createMcpOAuthClient({ serverUrl: 'https://mcp.example.com/mcp', dpop: await createDpopSession() });
 * ```
 * @throws {TypeError} when a key is given without its public JWK, or with a JWK that has private
 * members (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, `k`): proofs carry it in the clear.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4
 */
export async function createDpopSession(key?: { key: SigningKey; jwk: JsonWebKey }): Promise<DpopSession> {
  if (key) {
    const jwk: unknown = key.jwk;
    if (typeof jwk !== 'object' || jwk === null || typeof (jwk as JsonWebKey).kty !== 'string' || PRIVATE.some((m) => Object.hasOwn(jwk, m))) {
      throw new TypeError('ClientFlowError: dpop jwk');
    }
    return { key: key.key, jwk: key.jwk, nonces: new Map() };
  }
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { key: { alg: 'ES256', key: pair.privateKey }, jwk: { kty, crv, x, y } as JsonWebKey, nonces: new Map() };
}

/** A DPoP proof JWT for one request (RFC 9449 §4.2); `ath` binds it to an access token. */
export async function dpopProof(
  session: DpopSession,
  method: string,
  url: string,
  accessToken?: string,
  now: number = Date.now(),
  random?: (n: number) => Uint8Array,
): Promise<string> {
  const u = new URL(url);
  const htu = u.origin + u.pathname;
  const claims: Record<string, unknown> = { jti: b64u(randomBytes(16, random)), htm: method, htu, iat: Math.floor(now / 1000) };
  const nonce = session.nonces.get(u.origin);
  if (nonce) claims['nonce'] = nonce;
  if (accessToken) {
    claims['ath'] = b64u(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken))));
  }
  return signDpopProof(claims, session.key, session.jwk);
}

/** Remembers a `DPoP-Nonce` header; true when the nonce is new (worth one retry). */
export function rememberNonce(session: DpopSession | undefined, url: string, response: Response): boolean {
  const nonce = response.headers.get('dpop-nonce');
  if (!session || !nonce || !/^[\x21-\x7e]{1,512}$/.test(nonce)) return false;
  const origin = new URL(url).origin;
  if (session.nonces.get(origin) === nonce) return false;
  session.nonces.set(origin, nonce);
  return true;
}
