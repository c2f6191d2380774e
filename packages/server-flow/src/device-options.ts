/**
 * Settings of the device authorization grant (RFC 8628), `deviceAuthorization` of
 * `createAuthorizationServer`. Every field has a default; `deviceAuthorization: true` takes them all.
 *
 * @example
 * ```ts
 * import type { DeviceAuthorizationOptions } from '@mcp-oauth/server-flow'
 * const deviceAuthorization: DeviceAuthorizationOptions = { expiresIn: 600, interval: 5 }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 */
export interface DeviceAuthorizationOptions {
  /** Seconds a device code and its user code live (`expires_in`). Default 600. */
  expiresIn?: number;
  /** Seconds the device waits between polls (`interval`); each `slow_down` adds 5. Default 5. */
  interval?: number;
  /**
   * Device authorization requests per client and per caller address per window (A-DOS-1). Default
   * 10 per 10 minutes; at most `maxKeys` keys tracked (default 10,000, the oldest dropped first).
   */
  rateLimit?: { limit: number; windowMs: number; maxKeys?: number };
  /**
   * User codes a signed-in user (and a caller address) may submit on the verification page per
   * window, right or wrong. Default 5 per 10 minutes: with 20^8 ≈ 2.6 × 10^10 user codes and at most
   * a store's pending transactions live (10,000 in `memoryStore`), each guess hits a live code with
   * probability ≤ 4 × 10^-7, so one account's guesses over a code's 10 minutes succeed with ≤ 2 × 10^-6.
   */
  userCodeAttempts?: { limit: number; windowMs: number; maxKeys?: number };
}
