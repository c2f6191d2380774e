import { importJwk } from '../import-jwk';
import type { JwsHeader, JwtAlgorithm, JwtKey } from '../types';
import { algSpec } from './algorithms';

const CURVE_ALG: Record<string, JwtAlgorithm> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', Ed25519: 'EdDSA' };

/** The algorithm a set member is bound to: its `alg`, else the only one its curve allows, else RS256 for RSA. */
function algOf(j: Record<string, unknown>): JwtAlgorithm | undefined {
  if (j.alg !== undefined) return algSpec(j.alg) ? (j.alg as JwtAlgorithm) : undefined;
  if (j.kty === 'RSA') return 'RS256';
  return typeof j.crv === 'string' ? CURVE_ALG[j.crv] : undefined;
}

/**
 * Imports the usable verification keys of a JWK Set (RFC 7517 §5). Skipped, never fatal: members that
 * are not objects, keys with `use` other than `sig` or `key_ops` without `verify`, private keys (`d`),
 * symmetric keys unless `allowSecret`, unknown algorithms, and keys that fail to import or are weak.
 */
export async function importKeySet(keys: unknown, allowSecret: boolean): Promise<JwtKey[]> {
  if (!Array.isArray(keys)) return [];
  const out = await Promise.all(
    keys.slice(0, 100).map(async (j: unknown) => {
      if (typeof j !== 'object' || j === null || Array.isArray(j)) return undefined;
      const m = j as Record<string, unknown>;
      if (m.use !== undefined && m.use !== 'sig') return undefined;
      if (m.key_ops !== undefined && !(Array.isArray(m.key_ops) && m.key_ops.includes('verify'))) return undefined;
      if (m.d !== undefined || (m.kty === 'oct' && !allowSecret)) return undefined;
      const alg = algOf(m);
      if (!alg) return undefined;
      try {
        const key = await importJwk(m, alg);
        return key.key.usages.includes('verify') ? key : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return out.filter((k): k is JwtKey => k !== undefined);
}

/**
 * The keys for a header: bound to its `alg`, and with its `kid` when it has one. Without a `kid`,
 * only an unambiguous match (exactly one key for the algorithm) is returned.
 */
export function selectKeys(keys: readonly JwtKey[], h: JwsHeader): JwtKey[] {
  const found = keys.filter((k) => k.alg === h.alg && (h.kid === undefined || k.kid === h.kid));
  return h.kid === undefined && found.length > 1 ? [] : found;
}
