// The native crypto provider (issue #16 part 2): jwt-lite's signatures, server-flow's hashes and random on node:crypto, synchronously.
import { constants, createHash, createHmac, KeyObject, randomFillSync, sign, timingSafeEqual, verify } from 'node:crypto';
import type { CryptoProvider } from '@mcp-oauth/server-flow';

interface Params { name: string; hash?: string | { name: string }; saltLength?: number }

// A KeyObject per CryptoKey, made once (KeyObject.from works on non-extractable keys too).
const keys = new WeakMap<CryptoKey, KeyObject>();
const keyObject = (key: CryptoKey): KeyObject => {
  let k = keys.get(key);
  if (k === undefined) keys.set(key, (k = KeyObject.from(key)));
  return k;
};

// Random bytes are drawn 4 KiB at a time (one call into the CSPRNG instead of one per token) and
// handed out once each, copied: no caller sees another's bytes or the pool.
const POOL = 4096;
let pool = new Uint8Array(0);
let used = 0;
function random(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0 || length > 65536) throw new RangeError('nodeCryptoProvider: length');
  if (length > POOL) return randomFillSync(new Uint8Array(length));
  if (used + length > pool.length) { pool = randomFillSync(new Uint8Array(POOL)); used = 0; }
  return pool.slice(used, (used += length));
}

/** `sha256` for `SHA-256`: the hash of the call's parameters, else of the key's algorithm (HMAC, RSA). */
function hashOf(params: Params, key: CryptoKey): string {
  const h = params.hash ?? (key.algorithm as { hash?: { name: string } }).hash;
  const name = typeof h === 'string' ? h : h?.name;
  if (name !== 'SHA-256' && name !== 'SHA-384' && name !== 'SHA-512') throw new TypeError('nodeCryptoProvider: hash');
  return `sha${name.slice(4)}`;
}

/** The node:crypto key argument for `params`, or the HMAC hash; refuses what WebCrypto would refuse. */
function operation(params: Params, key: CryptoKey, usage: 'sign' | 'verify'): { hmac: string } | { hash: string | null; key: Parameters<typeof verify>[2] } {
  const name = params?.name;
  // WebCrypto refuses a key whose algorithm is not the operation's, or without the usage.
  if (typeof name !== 'string' || key.algorithm.name !== name || !key.usages.includes(usage)) throw new TypeError('nodeCryptoProvider: key');
  const k = keyObject(key);
  switch (name) {
    case 'HMAC': return { hmac: hashOf(params, key) };
    case 'RSASSA-PKCS1-v1_5': return { hash: hashOf(params, key), key: k };
    case 'RSA-PSS':
      if (typeof params.saltLength !== 'number') throw new TypeError('nodeCryptoProvider: saltLength');
      return { hash: hashOf(params, key), key: { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength } };
    case 'ECDSA': return { hash: hashOf(params, key), key: { key: k, dsaEncoding: 'ieee-p1363' } };
    case 'Ed25519': return { hash: null, key: k };
  }
  throw new TypeError('nodeCryptoProvider: algorithm');
}

/**
 * A {@link CryptoProvider} on `node:crypto` for `@mcp-oauth/jwt-lite` and `@mcp-oauth/server-flow`:
 * the same signatures, verdicts and SHA-256 hashes as WebCrypto. HMAC and SHA-256 are computed
 * synchronously (WebCrypto on Node queues every call to its thread pool, which costs more than the
 * hash); RSA, ECDSA and Ed25519 run on the thread pool as with WebCrypto, without its JavaScript
 * layer, so that a slow signature never stalls other requests. Random bytes come from the same
 * CSPRNG as `crypto.getRandomValues`, drawn 4 KiB at a time. HMAC signatures are compared with
 * `timingSafeEqual`; ECDSA signatures are raw `R || S`. It is called only after jwt-lite's own key,
 * algorithm and length checks, and it refuses a key of another algorithm or without the usage as
 * WebCrypto does. Pass it as `crypto` to `verifyJwt`, `verifyAccessToken`, `signJwt`,
 * `createJwtVerifier` or `createAuthorizationServer`.
 *
 * @example
 * ```ts
 * import { verifyAccessToken } from '@mcp-oauth/jwt-lite'
 * import type { JwtKey } from '@mcp-oauth/jwt-lite'
 * import { nodeCryptoProvider } from '@mcp-oauth/node'
 * declare const token: string, key: JwtKey
 * const claims = await verifyAccessToken(token, key, {
 *   issuer: 'https://as.example.com', audience: 'https://mcp.example.com/mcp', algorithms: ['ES256'], crypto: nodeCryptoProvider(),
 * })
 * ```
 * @see https://nodejs.org/api/crypto.html#cryptoverifyalgorithm-data-key-signature-callback
 */
export function nodeCryptoProvider(): CryptoProvider {
  return {
    async verify(params, key, signature, data) {
      const op = operation(params as Params, key, 'verify');
      if ('hmac' in op) {
        const mac = createHmac(op.hmac, keyObject(key)).update(data).digest();
        return mac.length === signature.length && timingSafeEqual(mac, signature);
      }
      // Asymmetric operations run on libuv's thread pool, as WebCrypto's do (without its JS layer):
      // synchronous RSA/ECDSA calls would stall every other request on the event loop.
      return new Promise((resolve, reject) => verify(op.hash, data, op.key, signature, (e, ok) => (e ? reject(e) : resolve(ok))));
    },
    digest(algorithm, data) {
      if (algorithm !== 'SHA-256') throw new TypeError('nodeCryptoProvider: digest');
      return createHash('sha256').update(data).digest();
    },
    random,
    async sign(params, key, data) {
      const op = operation(params as Params, key, 'sign');
      const out = 'hmac' in op
        ? createHmac(op.hmac, keyObject(key)).update(data).digest()
        : await new Promise<Buffer>((resolve, reject) => sign(op.hash, data, op.key as Parameters<typeof sign>[2], (e, sig) => (e ? reject(e) : resolve(sig))));
      return new Uint8Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer);
    },
  };
}
