import { ClientFlowError } from './errors';
import { tokenRequest, type TokenEndpointOptions } from './internal/token-request';
import type { DeviceAuthorization } from './request-device-authorization';
import type { AuthorizationServerMetadata, ClientCredentials, TokenSet } from './types';

/** The device-code grant type (RFC 8628 §3.4), to list in a client's registered `grant_types`. */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** Options of {@link pollDeviceToken}. */
export interface PollDeviceTokenOptions extends TokenEndpointOptions {
  readonly client: ClientCredentials;
  readonly deviceAuthorization: DeviceAuthorization;
  /** The RFC 8707 resource, as sent with the device authorization. */
  readonly resource?: string;
  /** Waits `ms` milliseconds (tests inject one that moves their clock). Default `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const MAX_WAIT_S = 1800;
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls the token endpoint with the device code (RFC 8628 §3.4-3.5) until the user decides: waits
 * `interval` seconds between requests, adds 5 seconds at each `slow_down`, keeps going on
 * `authorization_pending`, and stops once `expiresIn` (at most 30 minutes) has passed; no wait
 * runs past that deadline.
 *
 * @example
 * ```ts
 * import { pollDeviceToken, requestDeviceAuthorization } from '@mcp-oauth/client-flow/device';
 * import type { AuthorizationServerMetadata, ClientCredentials } from '@mcp-oauth/client-flow';
 * declare const as: AuthorizationServerMetadata;
 * declare const client: ClientCredentials;
 * const deviceAuthorization = await requestDeviceAuthorization(as, { client });
 * const tokens = await pollDeviceToken(as, { client, deviceAuthorization });
 * ```
 * @throws {ClientFlowError} `AuthorizationDenied` (`access_denied`: the user said no), `DeviceCodeExpired`
 * (`expired_token`, or `expiresIn` passed), `TokenRequestFailed` (any other refusal), `InsecureUrl`, `InvalidResponse`.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export async function pollDeviceToken(as: AuthorizationServerMetadata, options: PollDeviceTokenOptions): Promise<TokenSet> {
  const { deviceAuthorization: d, sleep = wait } = options;
  const now = options.now ?? Date.now;
  // At most 30 minutes, and never a wait past it: a huge `interval` or `expires_in` would
  // otherwise overflow setTimeout (which then fires at once) and poll without pause.
  const deadline = now() + Math.min(d.expiresIn, MAX_WAIT_S) * 1000;
  let interval = Math.max(1, d.interval);
  for (;;) {
    await sleep(Math.max(0, Math.min(interval * 1000, deadline - now())));
    if (now() >= deadline) throw new ClientFlowError('DeviceCodeExpired');
    try {
      return await tokenRequest(as, { grant_type: DEVICE_CODE_GRANT_TYPE, device_code: d.deviceCode, resource: options.resource }, options);
    } catch (e) {
      if (!(e instanceof ClientFlowError) || e.code !== 'TokenRequestFailed') throw e;
      const o = { oauthError: e.oauthError, cause: e };
      if (e.oauthError === 'slow_down') interval += 5;
      else if (e.oauthError === 'access_denied') throw new ClientFlowError('AuthorizationDenied', o);
      else if (e.oauthError === 'expired_token') throw new ClientFlowError('DeviceCodeExpired', o);
      else if (e.oauthError !== 'authorization_pending') throw e;
    }
  }
}
