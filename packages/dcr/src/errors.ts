/** Every code a {@link DcrError} can carry. */
export type DcrErrorCode =
  /** RFC 7591 §3.2.2: a redirect URI is malformed, not https (loopback http excepted), or carries a fragment, userinfo or wildcard. */
  | 'invalid_redirect_uri'
  /** RFC 7591 §3.2.2: a metadata field is invalid, inconsistent with another, or over a size cap. */
  | 'invalid_client_metadata'
  /** RFC 7591 §3.2.2: the software statement is not a valid, verifiable JWT. */
  | 'invalid_software_statement'
  /** RFC 7591 §3.2.2: the software statement is valid but not approved (untrusted issuer). */
  | 'unapproved_software_statement'
  /** RFC 6749 §5.2: a registration request that is not a JSON object sent as `application/json`. */
  | 'invalid_request'
  /** The registration request body is over the size cap (answer 413). */
  | 'BodyTooLarge'
  /** A Client ID Metadata Document URL that breaks the URL rules (the AS answers `invalid_client`). */
  | 'InvalidClientId'
  /** The Client ID Metadata Document could not be fetched: status, redirect, size, time or type (`invalid_client`). */
  | 'MetadataFetchFailed'
  /** The Client ID Metadata Document host is an IP literal or a `localhost` name, or resolves to a private or reserved address (`invalid_client`). */
  | 'BlockedAddress'
  /** The Client ID Metadata Document is not valid client metadata or names another `client_id` (`invalid_client`). */
  | 'InvalidMetadataDocument'
  /** Client side: the authorization server refused the registration; `oauthError` holds its RFC code when it sent a known one. */
  | 'RegistrationRejected'
  /** Client side: the registration or configuration response is malformed. */
  | 'InvalidResponse';

/** The RFC 6749 / RFC 7591 error codes a {@link DcrError} renders as. */
export type DcrOAuthError =
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'invalid_software_statement'
  | 'unapproved_software_statement'
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_token'
  | 'access_denied'
  | 'server_error'
  | 'temporarily_unavailable';

/**
 * The one error family of `@mcp-oauth/dcr`, thrown for untrusted input: registration requests,
 * registration responses, Client ID Metadata Documents and their URLs. Assert on `code`, never on
 * `message`; the message never contains the offending value. `oauthError` is the RFC code an
 * authorization server renders (400, or 413 for `BodyTooLarge`; `invalid_client` for the CIMD codes).
 *
 * @example
 * ```ts
 * import { DcrError, issueClientCredentials, validateClientMetadata } from '@mcp-oauth/dcr';
 * import type { ClientRegistrationPolicy } from '@mcp-oauth/dcr';
 * declare const body: unknown, policy: ClientRegistrationPolicy;
 * async function register(): Promise<Response> {
 *   try {
 *     const client = issueClientCredentials(await validateClientMetadata(body, policy));
 *     return Response.json(client, { status: 201, headers: { 'cache-control': 'no-store' } });
 *   } catch (e) {
 *     if (e instanceof DcrError) return Response.json({ error: e.oauthError }, { status: e.code === 'BodyTooLarge' ? 413 : 400 });
 *     throw e;
 *   }
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2
 */
export class DcrError extends Error {
  /** The machine-readable reason. */
  declare readonly code: DcrErrorCode;
  /** The RFC error code to send: for client-side `RegistrationRejected`, the server's code when known. */
  declare readonly oauthError: DcrOAuthError | undefined;

  constructor(code: DcrErrorCode, oauthError?: DcrOAuthError) {
    super(code);
    this.name = 'DcrError';
    this.code = code;
    // RFC codes render as themselves; the CIMD codes as invalid_client; client-side codes carry the server's
    this.oauthError = /^[a-z]/.test(code)
      ? (code as DcrOAuthError)
      : code === 'BodyTooLarge'
        ? 'invalid_request'
        : /^R|^InvalidR/.test(code)
          ? oauthError
          : 'invalid_client';
  }
}

/** Throws a coded error (an expression form, so checks stay one line). */
export const fail = (code: DcrErrorCode): never => {
  throw new DcrError(code);
};
