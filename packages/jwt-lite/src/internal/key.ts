import { fail } from '../errors';
import type { JwksResolver, JwtAlgorithm, JwtKey } from '../types';
import { algSpec, type AlgSpec } from './algorithms';

type Usage = 'sign' | 'verify';
// Keys already checked, per use, with the algorithm they were checked for (no allocation on a hit).
const checked = { sign: new WeakMap<CryptoKey, string>(), verify: new WeakMap<CryptoKey, string>() };

interface KeyAlgorithm {
  name?: string;
  hash?: { name?: string };
  namedCurve?: string;
  modulusLength?: number;
  length?: number;
}

/** Whether a key argument is a single key (anything that is not a JwksResolver; assertKey checks it). */
export const isJwtKey = (k: JwtKey | JwksResolver): k is JwtKey => typeof (k as JwksResolver)?.getKeys !== 'function';

/** The JWS algorithm a CryptoKey's WebCrypto algorithm corresponds to, if any. */
export function algOfCryptoKey(key: CryptoKey): JwtAlgorithm | undefined {
  const a = key.algorithm as KeyAlgorithm;
  const bits = a.hash?.name?.slice(4);
  switch (a.name) {
    case 'HMAC': return `HS${bits}` as JwtAlgorithm;
    case 'RSASSA-PKCS1-v1_5': return `RS${bits}` as JwtAlgorithm;
    case 'RSA-PSS': return `PS${bits}` as JwtAlgorithm;
    case 'ECDSA': return ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' } as const)[a.namedCurve as 'P-256'];
    case 'Ed25519': return 'EdDSA';
  }
  return undefined;
}

/**
 * Checks that a JwtKey is what it claims to be, for the given use: a CryptoKey whose WebCrypto
 * algorithm is exactly the one `alg` names, of the right type, with the usage, and not weak.
 * Caller mistakes throw TypeError; a weak key throws JwtError `WeakKey` (RFC 7518 §3.2, §3.3).
 */
export function assertKey(key: JwtKey, usage: Usage): AlgSpec {
  const s = algSpec(key?.alg);
  if (!s || !key.key || typeof key.key !== 'object') throw new TypeError('jwt-lite: key');
  const ck = key.key;
  const seen = checked[usage];
  if (seen.get(ck) === key.alg) return s;
  const a = ck.algorithm as KeyAlgorithm;
  const p = s.importParams as KeyAlgorithm & { hash?: string };
  if (a.name !== p.name || a.hash?.name !== p.hash || a.namedCurve !== p.namedCurve || !ck.usages.includes(usage)) {
    throw new TypeError('jwt-lite: key');
  }
  // RSA keys carry modulusLength, HMAC keys length, EC and Ed25519 keys neither (minBits 0).
  if ((a.modulusLength ?? a.length ?? 0) < s.minBits) fail('WeakKey');
  seen.set(ck, key.alg);
  return s;
}

/** Validates an algorithm allowlist: a non-empty array of supported algorithms. */
export function assertAlgorithms(algs: unknown): asserts algs is readonly JwtAlgorithm[] {
  if (!Array.isArray(algs) || algs.length === 0 || !algs.every(algSpec)) {
    throw new TypeError('jwt-lite: algorithms');
  }
}
