import { generateSecretKey, generateSigningKey, importJwk, type CryptoProvider, type Jwk, type JwtAlgorithm, type JwtKey } from '@mcp-oauth/jwt-lite';

/**
 * The crypto providers the vector and property tests run through (issue #16): WebCrypto everywhere,
 * and `nodeCryptoProvider()` of `@mcp-oauth/node` under Vitest on Node (imported from source by URL,
 * so the matrix bundles for Deno, Bun and browsers never see node:crypto).
 */
export const PROVIDERS: [name: string, provider: CryptoProvider][] = [['WebCrypto', crypto.subtle]];
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
if (env?.['VITEST'] !== undefined && !('Deno' in globalThis) && !('Bun' in globalThis)) {
  const url = new URL('../../node/src/server/node-crypto-provider.ts', import.meta.url).href;
  const { nodeCryptoProvider } = (await import(/* @vite-ignore */ url)) as { nodeCryptoProvider: () => CryptoProvider };
  PROVIDERS.push(['node:crypto', nodeCryptoProvider()]);
}

export const ALGS: JwtAlgorithm[] = [
  'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA',
];

export interface KeyPair {
  alg: JwtAlgorithm;
  signing: JwtKey;
  verifying: JwtKey;
  publicJwk: Jwk;
}

const cache = new Map<JwtAlgorithm, Promise<KeyPair>>();

/** One key pair per algorithm, generated once per test file (RSA generation is slow). */
export function keyPair(alg: JwtAlgorithm): Promise<KeyPair> {
  let p = cache.get(alg);
  if (!p) {
    p = (async () => {
      if (alg.startsWith('HS')) {
        const { key, jwk } = await generateSecretKey(alg as 'HS256', { kid: `k-${alg}` });
        return { alg, signing: key, verifying: key, publicJwk: jwk };
      }
      const { privateKey, publicJwk } = await generateSigningKey(alg, { kid: `k-${alg}` });
      return { alg, signing: privateKey, verifying: await importJwk(publicJwk, alg), publicJwk };
    })();
    cache.set(alg, p);
  }
  return p;
}

export const NOW = 1_800_000_000;
export const now = (): number => NOW;

const bytes64 = (b: Uint8Array): string =>
  btoa(String.fromCharCode(...b)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const enc = (o: unknown): string => bytes64(new TextEncoder().encode(typeof o === 'string' ? o : JSON.stringify(o)));

/** base64url of JSON (or of a raw string), for hand-made tokens. */
export const b64: (o: unknown) => string = enc;

/** A token with a hand-made header and payload, HMAC-signed with raw key bytes (for attack cases). */
export async function forgeHs256(header: unknown, payload: unknown, secret: Uint8Array): Promise<string> {
  const input = `${enc(header)}.${enc(payload)}`;
  const key = await crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)));
  return `${input}.${bytes64(sig)}`;
}

/** Signs a hand-made header and payload with a JwtKey (any algorithm). */
export async function signRaw(header: unknown, payload: unknown, key: JwtKey): Promise<string> {
  const { algSpec } = await import('../src/internal/algorithms');
  const input = `${enc(header)}.${enc(payload)}`;
  const sig = new Uint8Array(await crypto.subtle.sign(algSpec(key.alg)!.signParams, key.key, new TextEncoder().encode(input)));
  return `${input}.${bytes64(sig)}`;
}
