import type { TokenRejectReason } from './token-reject';
/** Every code a {@link ServerFlowError} can carry; each maps to one OAuth error and HTTP status. */
export type ServerFlowErrorCode =
  /** `invalid_request` (400): a missing, repeated, malformed or oversized parameter (RFC 6749 §5.2). */
  | 'InvalidRequest'
  /** `invalid_client` (401): client authentication failed or the client is unknown. */
  | 'InvalidClient'
  /** `invalid_grant` (400): a code or refresh token that is invalid, expired, used, or bound elsewhere. */
  | 'InvalidGrant'
  /** `unauthorized_client` (400): the client may not use this grant type. */
  | 'UnauthorizedClient'
  /** `unsupported_grant_type` (400). */
  | 'UnsupportedGrantType'
  /** `unsupported_response_type` (400 or redirect). */
  | 'UnsupportedResponseType'
  /** `invalid_scope` (400): unknown scope, or wider than granted. */
  | 'InvalidScope'
  /** `invalid_target` (400): a `resource` that is not served or not the one consented (RFC 8707 §2). */
  | 'InvalidTarget'
  /** `access_denied`: the user or policy refused. */
  | 'AccessDenied'
  /** `invalid_token` (401): the bearer token is missing, malformed, expired, revoked or not for us (RFC 6750 §3.1). */
  | 'InvalidToken'
  /** `insufficient_scope` (403): the token lacks a scope the operation needs (RFC 6750 §3.1). */
  | 'InsufficientScope'
  /** `invalid_client_metadata` (400): a registration request we refuse (RFC 7591 §3.2.2). */
  | 'InvalidClientMetadata'
  /** `invalid_redirect_uri` (400): a registration redirect URI we refuse (RFC 7591 §3.2.2). */
  | 'InvalidRedirectUri'
  /** `unsupported_token_type` (400): revocation of a token type we do not revoke (RFC 7009 §2.2.1). */
  | 'UnsupportedTokenType'
  /** 413: a body or header over its size limit. */
  | 'PayloadTooLarge'
  /** 429: a rate limit was hit; the response carries `Retry-After`. */
  | 'RateLimited'
  /** 405: wrong HTTP method for the endpoint. */
  | 'MethodNotAllowed'
  /** 403: a consent or callback request without a valid CSRF / binding token. */
  | 'Forbidden'
  /** `temporarily_unavailable` (503): the upstream provider failed. */
  | 'UpstreamFailed'
  /** `server_error` (500): an internal failure; details never leave the server. */
  | 'ServerError'
  /** `temporarily_unavailable` (503): a bounded store is full of live security records; the response carries `Retry-After` (A-DOS-1). */
  | 'StoreFull'
  /** `temporarily_unavailable` (503): a store method failed (unreachable, timed out); the response carries `Retry-After`, never the store's error. */
  | 'StoreUnavailable'
  /** `authorization_pending` (400): the user has not yet approved the device authorization (RFC 8628 §3.5). */
  | 'AuthorizationPending'
  /** `slow_down` (400): the device polled faster than its `interval`, which grows by 5 seconds (RFC 8628 §3.5). */
  | 'SlowDown'
  /** `expired_token` (400): the device code expired; start a new device authorization (RFC 8628 §3.5). */
  | 'ExpiredToken'
  /** `access_denied` (400): the user denied the device authorization (RFC 8628 §3.5). */
  | 'DeviceAccessDenied'
  /** `server_error` (500): the server is deployed without something a feature needs (registration without a caller address, A82). */
  | 'Misconfigured';

const TABLE: Record<ServerFlowErrorCode, readonly [string, number]> = {
  InvalidRequest: ['invalid_request', 400],
  InvalidClient: ['invalid_client', 401],
  InvalidGrant: ['invalid_grant', 400],
  UnauthorizedClient: ['unauthorized_client', 400],
  UnsupportedGrantType: ['unsupported_grant_type', 400],
  UnsupportedResponseType: ['unsupported_response_type', 400],
  InvalidScope: ['invalid_scope', 400],
  InvalidTarget: ['invalid_target', 400],
  AccessDenied: ['access_denied', 403],
  InvalidToken: ['invalid_token', 401],
  InsufficientScope: ['insufficient_scope', 403],
  InvalidClientMetadata: ['invalid_client_metadata', 400],
  InvalidRedirectUri: ['invalid_redirect_uri', 400],
  UnsupportedTokenType: ['unsupported_token_type', 400],
  PayloadTooLarge: ['invalid_request', 413],
  RateLimited: ['slow_down', 429],
  MethodNotAllowed: ['invalid_request', 405],
  Forbidden: ['access_denied', 403],
  UpstreamFailed: ['temporarily_unavailable', 503],
  ServerError: ['server_error', 500],
  StoreFull: ['temporarily_unavailable', 503],
  StoreUnavailable: ['temporarily_unavailable', 503],
  Misconfigured: ['server_error', 500],
  AuthorizationPending: ['authorization_pending', 400],
  SlowDown: ['slow_down', 400],
  ExpiredToken: ['expired_token', 400],
  DeviceAccessDenied: ['access_denied', 400],
};

/**
 * The third argument of `new ServerFlowError(...)`: what a `TokenVerifier` knows about a
 * refused token, passed on to the resource's `onReject` hook (never a token or a claim value other
 * than these ids).
 *
 * @example
 * ```ts
 * import { ServerFlowError } from '@mcp-oauth/server-flow'
 * throw new ServerFlowError('InvalidToken', undefined, { reason: 'revoked', clientId: 'c1', subject: 'alice' })
 * ```
 */
export interface ServerFlowErrorOptions {
  readonly reason?: TokenRejectReason;
  readonly clientId?: string;
  readonly subject?: string;
}

/**
 * The one error family of `@mcp-oauth/server-flow`. Handlers turn it into the RFC error response;
 * `oauthError` and `status` say which. The message is a fixed description chosen by this package,
 * never a request value, token or secret.
 *
 * @example
 * ```ts
 * import { ServerFlowError, type TokenVerifier } from '@mcp-oauth/server-flow'
 * declare const verifier: TokenVerifier
 * declare const token: string
 * try { await verifier(token, 'https://mcp.example.com/mcp') } catch (e) {
 *   if (e instanceof ServerFlowError) console.log(e.code, e.oauthError, e.status)
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export class ServerFlowError extends Error {
  /** The machine-readable reason. */
  declare readonly code: ServerFlowErrorCode;
  /** The RFC 6749 / 6750 / 7591 / 8707 error code this renders as, e.g. `invalid_grant`. */
  declare readonly oauthError: string;
  /** The HTTP status this renders with. */
  declare readonly status: number;
  /** For `InvalidToken` from a verifier: why, as the resource's `onReject` hook reports it (default `invalid`). */
  declare readonly reason?: TokenRejectReason;
  /** For `InvalidToken`: the token's client and subject, when the verifier had verified them (a revoked token). */
  declare readonly clientId?: string;
  declare readonly subject?: string;

  constructor(code: ServerFlowErrorCode, description?: string, options?: ServerFlowErrorOptions) {
    super(description ?? code);
    this.name = 'ServerFlowError';
    const row = TABLE[code];
    this.code = code;
    this.oauthError = row[0];
    this.status = row[1];
    if (options?.reason !== undefined) this.reason = options.reason;
    if (options?.clientId !== undefined) this.clientId = options.clientId;
    if (options?.subject !== undefined) this.subject = options.subject;
  }
}
