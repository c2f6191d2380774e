// RFC 8628 settings, user codes and the store keys of the device authorization grant (A-DEV-1).
import { createRateLimiter, type RateLimiter } from '@mcp-oauth/dcr';
import type { Ctx } from './context';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §6.1: consonants only (no vowels, so no words), none easily confused with another. */
const ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const LENGTH = 8;

export interface DeviceConfig {
  expiresIn: number;
  interval: number;
  requests: RateLimiter;
  attempts: RateLimiter;
}

const configs = new WeakMap<Ctx, DeviceConfig>();

function limit(v: { limit: number; windowMs: number; maxKeys?: number } | undefined, fallback: number, now: () => number): RateLimiter {
  return createRateLimiter({ limit: v?.limit ?? fallback, windowMs: v?.windowMs ?? 600_000, maxKeys: v?.maxKeys ?? 10_000, now });
}

/** Startup checks (caller mistakes are TypeError/RangeError). */
export function checkDeviceOptions(o: Ctx['opts']): void {
  const d = o.deviceAuthorization;
  if (d === undefined || d === false) return;
  if (d !== true && (typeof d !== 'object' || d === null)) throw new TypeError('deviceAuthorization must be a boolean or an object');
  if (o.upstream) throw new TypeError('deviceAuthorization is not supported with upstream');
  if (d === true) return;
  for (const n of [d.expiresIn, d.interval]) if (n !== undefined && (!Number.isSafeInteger(n) || n < 1)) throw new RangeError('deviceAuthorization expiresIn and interval must be positive integers');
  limit(d.rateLimit, 10, Date.now);
  limit(d.userCodeAttempts, 5, Date.now);
}

/** The resolved settings, or `undefined` when the device grant is off. */
export function deviceConfig(ctx: Ctx): DeviceConfig | undefined {
  const d = ctx.opts.deviceAuthorization;
  if (d === undefined || d === false) return undefined;
  let c = configs.get(ctx);
  if (c === undefined) {
    const o = d === true ? {} : d;
    c = { expiresIn: o.expiresIn ?? 600, interval: o.interval ?? 5, requests: limit(o.rateLimit, 10, ctx.now), attempts: limit(o.userCodeAttempts, 5, ctx.now) };
    configs.set(ctx, c);
  }
  return c;
}

/** A fresh user code: 8 characters of the alphabet, uniformly (rejection sampling), no dash. */
export function newUserCode(): string {
  let out = '';
  while (out.length < LENGTH) {
    for (const b of crypto.getRandomValues(new Uint8Array(16))) {
      if (b < 240 && out.length < LENGTH) out += ALPHABET[b % 20];
    }
  }
  return out;
}

/** Shown to people as `XXXX-XXXX`. */
export const displayUserCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** Case, dashes and spaces removed; `undefined` unless 8 characters of the alphabet remain. */
export function normalizeUserCode(input: string): string | undefined {
  if (input.length > 64) return undefined;
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  return s.length === LENGTH && [...s].every((ch) => ALPHABET.includes(ch)) ? s : undefined;
}

/** Transaction keys: the pending device code, its user code, the user's decision. */
export const deviceKey = (deviceCodeHash: string): string => `device:${deviceCodeHash}`;
export const userCodeKey = (userCodeHash: string): string => `device-user:${userCodeHash}`;
export const decisionKey = (deviceCodeHash: string): string => `device-done:${deviceCodeHash}`;
/** How long records stay after expiry so that a late poll hears `expired_token`, not `invalid_grant` (ms). */
export const EXPIRED_GRACE = 600_000;
