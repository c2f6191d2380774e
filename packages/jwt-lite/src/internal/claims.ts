import { fail } from '../errors';
import type { JwsHeader, JwtClaims, VerifyJwtOptions } from '../types';

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const list = (x: string | readonly string[]): readonly string[] => (typeof x === 'string' ? [x] : x);

/** Media type comparison of RFC 7515 §4.1.9: case-insensitive, `application/` may be omitted. */
export function normalizeTyp(t: string): string {
  const l = t.toLowerCase();
  return l.startsWith('application/') && l.indexOf('/', 12) < 0 ? l.slice(12) : l;
}

const NUMBERS = ['exp', 'nbf', 'iat'] as const;
/** Claims that are strings when present (a profile may add its own). */
export const STRINGS: readonly string[] = ['iss', 'sub', 'jti'];

/** The current time in seconds and the tolerance, both validated (caller mistakes throw). */
export function clock(o: VerifyJwtOptions): [now: number, tolerance: number] {
  const tol = o.clockTolerance ?? 0;
  const now = o.now ? o.now() : Date.now() / 1000;
  if (!(isFiniteNumber(tol) && tol >= 0) || !isFiniteNumber(now) || !(o.maxAge === undefined || (isFiniteNumber(o.maxAge) && o.maxAge >= 0))) {
    throw new RangeError('jwt-lite: clockTolerance/maxAge/now');
  }
  return [now, tol];
}

/** Header checks that depend on the options: `alg` on the allowlist, `typ`. */
export function checkHeader(h: JwsHeader, o: VerifyJwtOptions, profile?: { typ: string }): void {
  if (!o.algorithms.includes(h.alg)) fail('AlgNotAllowed');
  const typ = profile ? profile.typ : o.typ;
  if (typ !== undefined && (typeof h.typ !== 'string' || normalizeTyp(h.typ) !== normalizeTyp(typ))) {
    fail('TypMismatch');
  }
}

/**
 * Claim checks of RFC 7519 §4.1 and RFC 8725 §3.8–3.10: types of the registered claims, required
 * claims, `exp`/`nbf`/`iat`/`maxAge` against the clock with the tolerance, `iss` and `aud` as exact
 * strings. `aud` policy: accepted when any of its values equals any expected audience; with
 * `strictAudience`, it must hold exactly one value.
 */
export function checkClaims(
  c: JwtClaims,
  o: VerifyJwtOptions,
  now: number,
  tol: number,
  profile?: { required: readonly string[]; strings: readonly string[] },
): void {
  const { exp, nbf, iat, iss, aud } = c;
  for (const name of NUMBERS) {
    if (c[name] !== undefined && !isFiniteNumber(c[name])) fail('ClaimInvalid', name);
  }
  for (const name of profile ? profile.strings : STRINGS) {
    if (c[name] !== undefined && typeof c[name] !== 'string') fail('ClaimInvalid', name);
  }
  const auds = aud === undefined ? aud : list(aud);
  if (auds !== undefined && !(Array.isArray(auds) && auds.every((a) => typeof a === 'string'))) {
    fail('ClaimInvalid', 'aud');
  }
  for (const name of profile ? profile.required : (o.requiredClaims ?? [])) if (!Object.hasOwn(c, name)) fail('ClaimMissing', name);
  if (exp !== undefined && now >= exp + tol) fail('Expired', 'exp');
  if (nbf !== undefined && now + tol < nbf) fail('NotYetValid', 'nbf');
  if (iat !== undefined && iat > now + tol) fail('ClaimInvalid', 'iat');
  if (o.maxAge !== undefined) {
    if (iat === undefined) fail('ClaimMissing', 'iat');
    if (now - iat > o.maxAge + tol) fail('Expired', 'iat');
  }
  if (o.issuer !== undefined) {
    if (iss === undefined) fail('ClaimMissing', 'iss');
    if (!list(o.issuer).includes(iss)) fail('IssuerMismatch', 'iss');
  }
  if (o.audience !== undefined) {
    if (auds === undefined) fail('ClaimMissing', 'aud');
    if (o.strictAudience && auds.length !== 1) fail('AudienceMismatch', 'aud');
    const expected = list(o.audience);
    if (!auds.some((a) => expected.includes(a))) fail('AudienceMismatch', 'aud');
  }
}
