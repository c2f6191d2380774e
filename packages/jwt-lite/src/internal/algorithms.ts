import type { JwtAlgorithm } from '../types';

/** What WebCrypto needs for one JWS algorithm (RFC 7518 §3.1, RFC 8037 §3.1). */
export interface AlgSpec {
  /** JWK `kty`. */
  kty: 'oct' | 'RSA' | 'EC' | 'OKP';
  /** `crv` for EC and OKP. */
  crv?: string;
  /** Parameters of importKey / generateKey. */
  importParams: Algorithm & Record<string, unknown>;
  /** Parameters of sign / verify. */
  signParams: Algorithm & Record<string, unknown>;
  /** Hash name, where the algorithm has one. */
  hash?: string;
  /** Minimum key size in bits (HMAC: the hash size, RFC 7518 §3.2; RSA: 2048, §3.3). */
  minBits: number;
  /** Exact signature length in bytes (ECDSA R||S, Ed25519), 0 when variable. */
  sigLength: number;
}

const NAMES: Record<string, [name: string, kty: AlgSpec['kty']]> = {
  HS: ['HMAC', 'oct'], RS: ['RSASSA-PKCS1-v1_5', 'RSA'], PS: ['RSA-PSS', 'RSA'], ES: ['ECDSA', 'EC'],
};

function spec(alg: string): AlgSpec {
  if (alg === 'EdDSA') {
    const p = { name: 'Ed25519' };
    return { kty: 'OKP', crv: 'Ed25519', importParams: p, signParams: p, minBits: 0, sigLength: 64 };
  }
  const family = alg.slice(0, 2);
  const bits = Number(alg.slice(2));
  const hash = `SHA-${bits}`;
  const [name, kty] = NAMES[family]!;
  if (family === 'ES') {
    const crv = bits === 512 ? 'P-521' : `P-${bits}`;
    // R || S, each as long as the curve order (RFC 7518 §3.4): 32, 48 and 66 bytes.
    return { kty, crv, hash, importParams: { name, namedCurve: crv }, signParams: { name, hash }, minBits: 0, sigLength: bits === 512 ? 132 : bits / 4 };
  }
  return {
    kty,
    hash,
    importParams: { name, hash },
    signParams: family === 'PS' ? { name, saltLength: bits / 8 } : { name },
    minBits: family === 'HS' ? bits : 2048,
    sigLength: family === 'HS' ? bits / 8 : 0,
  };
}

/** Every supported algorithm. */
export const ALGORITHMS: readonly JwtAlgorithm[] = ['HS', 'RS', 'PS', 'ES']
  .flatMap((f) => ['256', '384', '512'].map((b) => (f + b) as JwtAlgorithm))
  .concat('EdDSA');

const SPECS = new Map<unknown, AlgSpec>(ALGORITHMS.map((a) => [a, spec(a)]));

/** The spec of a supported algorithm, or undefined for anything else (including `none`). */
export const algSpec = (alg: unknown): AlgSpec | undefined => SPECS.get(alg);
