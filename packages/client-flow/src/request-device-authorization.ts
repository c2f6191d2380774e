import { ClientFlowError } from './errors';
import { readJsonObject, refused, safeUrl } from './internal/leaf';
import { postForm, type TokenEndpointOptions } from './internal/token-request';
import type { AuthorizationServerMetadata, ClientCredentials } from './types';

/** A device authorization (RFC 8628 §3.2). `deviceCode` is a secret: never show or log it. */
export interface DeviceAuthorization {
  readonly deviceCode: string;
  /** What the user types on the verification page. Show it only through your `onDeviceCode` hook. */
  readonly userCode: string;
  /** Where the user goes, on another device (https, or loopback http). */
  readonly verificationUri: string;
  /** The same page with the code filled in (for a link or QR code), when the server gives one. */
  readonly verificationUriComplete?: string;
  /** Seconds the codes live. */
  readonly expiresIn: number;
  /** Seconds between polls (default 5). */
  readonly interval: number;
}

/** Options of {@link requestDeviceAuthorization}. */
export interface DeviceAuthorizationOptions extends TokenEndpointOptions {
  /** The client as registered; its registration must list `urn:ietf:params:oauth:grant-type:device_code`. */
  readonly client: ClientCredentials;
  /** The RFC 8707 resource (the MCP server) the tokens are for. */
  readonly resource?: string;
  readonly scope?: string;
}

const text = (v: unknown): v is string => typeof v === 'string' && v !== '' && v.length <= 2048;
const seconds = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * Starts the device authorization grant (RFC 8628 §3.1): POSTs the client, `scope` and `resource` to
 * the `device_authorization_endpoint` and validates the answer (§3.2). The verification URIs must be
 * https (or loopback http); they are for the user to open, never for this process to launch.
 *
 * @example
 * ```ts
 * import { discoverAuthorizationServer } from '@mcp-oauth/client-flow';
 * import { requestDeviceAuthorization } from '@mcp-oauth/client-flow/device';
 * const as = await discoverAuthorizationServer('https://auth.example.com');
 * const d = await requestDeviceAuthorization(as, { client: { client_id: 'cli', token_endpoint_auth_method: 'none' }, resource: 'https://mcp.example.com/mcp' });
 * console.log(`Open ${d.verificationUri} and enter ${d.userCode}`);
 * ```
 * @throws {ClientFlowError} `DeviceFlowUnavailable`, `InsecureUrl`, `AuthorizationDenied` (the server refused; see `oauthError`), `InvalidResponse`.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
 */
export async function requestDeviceAuthorization(as: AuthorizationServerMetadata, options: DeviceAuthorizationOptions): Promise<DeviceAuthorization> {
  const endpoint = as['device_authorization_endpoint'];
  if (endpoint === undefined) throw new ClientFlowError('DeviceFlowUnavailable');
  const res = await postForm(as, endpoint, { scope: options.scope, resource: options.resource }, options);
  if (!res.ok) throw await refused('AuthorizationDenied', res, safeUrl(endpoint));
  const d = await readJsonObject(res);
  const { device_code: dc, user_code: uc, verification_uri: vu, verification_uri_complete: vc, expires_in: exp, interval } = d;
  if (!text(dc) || !text(uc) || !text(vu) || !seconds(exp) || (vc !== undefined && !text(vc)) || (interval !== undefined && !seconds(interval))) {
    throw new ClientFlowError('InvalidResponse');
  }
  safeUrl(vu);
  if (vc !== undefined) safeUrl(vc);
  return { deviceCode: dc, userCode: uc, verificationUri: vu, ...(vc !== undefined ? { verificationUriComplete: vc } : {}), expiresIn: exp, interval: interval ?? 5 };
}
