/** Kinds of {@link AuditEvent}. */
export type AuditEventType =
  | 'authorization.approved'
  | 'authorization.denied'
  | 'authorization.failed'
  | 'token.issued'
  | 'token.refreshed'
  | 'token.failed'
  | 'token.reuse_detected'
  | 'token.revoked'
  | 'grant.revoked'
  | 'client.registered'
  | 'client.registration_failed'
  | 'client.deleted'
  | 'upstream.linked'
  | 'upstream.failed'
  /** A delegation grant's expired upstream access token was renewed with the upstream refresh token. */
  | 'upstream.refreshed'
  /** The upstream refused the renewal (`error`: `invalid_grant`), or the upstream token expired with no refresh token (`expired`): the grant ended. */
  | 'upstream.refresh_refused'
  /** A store method failed (`operation` names it); the request was answered 503 `temporarily_unavailable`. */
  | 'store.failed';

/**
 * One structured audit record. It carries ids, OAuth error codes and SHA-256 prefixes of tokens,
 * never a token, code, secret or raw request string (A-AUDIT-1).
 *
 * @example
 * ```ts
 * import { createAuthorizationServer, type AuditEvent } from '@mcp-oauth/server-flow'
 * declare const logger: { info(event: AuditEvent): void }
 * createAuthorizationServer({
 *   issuer: 'https://auth.example.com', resources: ['https://mcp.example.com/mcp'], scopes: ['mcp:tools'],
 *   autoApprove: { subject: 'test-user' }, // tests only
 *   audit: (e) => logger.info(e),
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14
 */
export interface AuditEvent {
  type: AuditEventType;
  /** Milliseconds since the epoch. */
  time: number;
  /** A known client's id (an unknown presented id is never echoed). */
  clientId?: string;
  subject?: string;
  grantId?: string;
  /** `jti` of an access token. */
  tokenId?: string;
  /** The first 16 characters of base64url SHA-256 of the token or code concerned. */
  tokenHash?: string;
  grantType?: string;
  scopes?: string[];
  resource?: string;
  /** The OAuth error code of a failure. */
  error?: string;
  /** For `store.failed`: the `Store` method, e.g. `getClient` (the store's own error is not passed on: it may carry record values). */
  operation?: string;
}
