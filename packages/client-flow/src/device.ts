/**
 * `@mcp-oauth/client-flow/device`: the device authorization grant (RFC 8628) for hosts without a
 * browser (C-DEV-1), kept out of the main entry point.
 * @packageDocumentation
 */
export { deviceGrant, type DeviceCodePrompt, type DeviceGrantOptions } from './device-grant';
export { requestDeviceAuthorization, type DeviceAuthorization, type DeviceAuthorizationOptions } from './request-device-authorization';
export { pollDeviceToken, DEVICE_CODE_GRANT_TYPE, type PollDeviceTokenOptions } from './poll-device-token';
