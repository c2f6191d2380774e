/**
 * Why {@link createProtectedResource} refused a request's bearer token: the `reason` of a
 * {@link TokenRejectEvent} (and of a `ServerFlowError` `InvalidToken` thrown by a verifier).
 *
 * - `missing`: no `Authorization` header (401 without `error`).
 * - `not_bearer`: an `Authorization` scheme other than `Bearer` (401 without `error`).
 * - `malformed`: not a token68 value, an oversized header, or a token that is not a well-formed
 *   JWT access token (bad segments, `typ`, a claim of the wrong type or missing).
 * - `token_in_request`: an `access_token` in the query string or a form body (400, R-TOK-5).
 * - `bad_signature`: the signature does not verify, or the `alg` is not allowed.
 * - `unknown_key`: no key of the issuer matches the token's `kid`/`alg`.
 * - `unknown_token`: an opaque token this server never issued (or already forgot).
 * - `inactive`: the introspection endpoint answered `active: false` (RFC 7662 §2.2).
 * - `expired`, `not_yet_valid`: `exp` has passed, `nbf` lies ahead.
 * - `wrong_audience`: the token is for another resource (R-TOK-2).
 * - `wrong_issuer`: `iss` is not the accepted issuer.
 * - `revoked`: the token or its grant was revoked.
 * - `insufficient_scope`: a required scope is missing (403, R-TOK-4).
 * - `unavailable`: the verifier could not ask (JWKS or introspection endpoint down; 503).
 * - `invalid`: a verifier refused without saying why.
 *
 * @example
 * ```ts
 * import type { TokenRejectReason } from '@mcp-oauth/server-flow'
 * const loud: ReadonlySet<TokenRejectReason> = new Set(['bad_signature', 'wrong_issuer', 'token_in_request'])
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export type TokenRejectReason =
  | 'missing' | 'not_bearer' | 'malformed' | 'token_in_request' | 'bad_signature' | 'unknown_key' | 'unknown_token' | 'inactive'
  | 'expired' | 'not_yet_valid' | 'wrong_audience' | 'wrong_issuer' | 'revoked' | 'insufficient_scope' | 'unavailable' | 'invalid';

/**
 * What the `onReject` hook of {@link createProtectedResource} receives for a refused request:
 * no token and no header value, only the reason, the answer's status, the request's method and
 * path, and who the token named when it was verified far enough to know.
 *
 * @example
 * ```ts
 * import type { TokenRejectEvent } from '@mcp-oauth/server-flow'
 * const onReject = (e: TokenRejectEvent): void => console.warn('refused', e.reason, e.status, e.method, e.clientId ?? '-')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export interface TokenRejectEvent {
  readonly reason: TokenRejectReason;
  /** The status of the answer: 400, 401, 403 or 503. */
  readonly status: number;
  /** The request method, when the adapter passed it (`GET`, `POST`, ...; at most 16 characters). */
  readonly method?: string;
  /** The request path without query or fragment, as sent (not decoded, untrusted; at most 256 characters). */
  readonly path: string;
  /** The token's client, when its signature (or the store, or introspection) vouched for it: `revoked`, `wrong_audience`, `insufficient_scope`. */
  readonly clientId?: string;
  /** The token's subject, under the same condition as `clientId`. */
  readonly subject?: string;
}
