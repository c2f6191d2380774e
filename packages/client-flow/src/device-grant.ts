import type { GrantFunction } from './create-mcp-oauth-client';
import { pollDeviceToken } from './poll-device-token';
import { requestDeviceAuthorization } from './request-device-authorization';

/** What the user must see to approve a device authorization (never the device code). */
export interface DeviceCodePrompt {
  /** The page to open on another device. Show it; do not launch it through a shell. */
  readonly verificationUri: string;
  /** The page with the code filled in (for a link or QR code), when the server gives one. */
  readonly verificationUriComplete?: string;
  /** The code to type on that page, e.g. `BCDF-GHJK`. */
  readonly userCode: string;
  /** Seconds the code stays valid. */
  readonly expiresIn: number;
}

/** Options of {@link deviceGrant}. */
export interface DeviceGrantOptions {
  /** Shows the user where to go and which code to enter (a terminal line, a QR code). The only place the user code goes. */
  readonly onDeviceCode: (prompt: DeviceCodePrompt) => void | Promise<void>;
  /** Waits between polls (tests inject one). Default `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The device authorization grant (RFC 8628) as a `grant` of `createMcpOAuthClient`, for hosts
 * without a browser (C-DEV-1): requests a device code with `scope` and `resource`, hands the
 * verification URI and user code to `onDeviceCode`, then polls (`interval`, +5 s on `slow_down`,
 * until `expires_in`). The tokens are stored and refreshed like those of the authorization-code
 * flow. The client's registration must list {@link DEVICE_CODE_GRANT_TYPE} (and `refresh_token`):
 * a pre-registered client, or `registration.grantTypes` (`['authorization_code',
 * DEVICE_CODE_GRANT_TYPE, 'refresh_token']`, with `redirectUris`: registration requires both).
 *
 * @example
 * ```ts
 * import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
 * import { DEVICE_CODE_GRANT_TYPE, deviceGrant } from '@mcp-oauth/client-flow/device';
 * const client = createMcpOAuthClient({
 *   serverUrl: 'https://mcp.example.com/mcp',
 *   registration: { preRegistered: { client_id: 'my-cli', token_endpoint_auth_method: 'none', issuer: 'https://auth.example.com' } },
 *   grant: deviceGrant({ onDeviceCode: ({ verificationUri, userCode }) => console.error(`Open ${verificationUri} and enter ${userCode}`) }),
 * });
 * void DEVICE_CODE_GRANT_TYPE;
 * ```
 * @throws {ClientFlowError} (from the grant) `DeviceFlowUnavailable` when the server advertises no
 * `device_authorization_endpoint`, `AuthorizationDenied`, `DeviceCodeExpired`, `TokenRequestFailed`.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3
 */
export function deviceGrant(options: DeviceGrantOptions): GrantFunction {
  if (typeof options?.onDeviceCode !== 'function') throw new TypeError('deviceGrant needs onDeviceCode');
  return async ({ as, resource, scope, options: o, client: registered }) => {
    const client = await registered();
    const base = { ...o, client, resource };
    const d = await requestDeviceAuthorization(as, { ...base, ...(scope !== undefined ? { scope } : {}) });
    await options.onDeviceCode({
      verificationUri: d.verificationUri, userCode: d.userCode, expiresIn: d.expiresIn,
      ...(d.verificationUriComplete !== undefined ? { verificationUriComplete: d.verificationUriComplete } : {}),
    });
    return pollDeviceToken(as, { ...base, deviceAuthorization: d, ...(options.sleep ? { sleep: options.sleep } : {}) });
  };
}
