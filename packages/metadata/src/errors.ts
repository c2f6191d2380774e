/** Every code a {@link MetadataError} can carry. */
export type MetadataErrorCode =
  /** AS metadata whose `issuer` is not exactly the expected issuer (RFC 8414 §3.3). */
  | 'IssuerMismatch'
  /** PRM whose `resource` is not exactly the expected resource (RFC 9728 §3.3). */
  | 'ResourceMismatch'
  /** AS metadata without `S256` in `code_challenge_methods_supported` (MCP, RFC 7636). */
  | 'PkceUnsupported'
  /** A URL outside the safe-URL policy: not https (loopback http aside), relative, userinfo, fragment, whitespace. */
  | 'InsecureUrl'
  /** The host is, or resolves to, a loopback, private, link-local or reserved address (SSRF guard). */
  | 'PrivateAddress'
  /** A JSON document with a missing or mistyped member. */
  | 'InvalidDocument'
  /** A bad status, a non-JSON content type, a body that is not JSON or too deep, or not a JSON object. */
  | 'InvalidResponse'
  /** A 3xx answer, or a response that a `fetch` followed a redirect to. Redirects are never followed. */
  | 'RedirectRefused'
  /** A body larger than the byte cap (by `Content-Length` or counted while streaming). */
  | 'BodyTooLarge'
  /** A `WWW-Authenticate` value that breaks the RFC 9110 §11.6.1 grammar, repeats a parameter or is too long. */
  | 'InvalidChallenge'
  /** The deadline passed or the caller's `AbortSignal` fired while waiting. */
  | 'Timeout'
  /** `fetch` itself failed (DNS, connection, TLS). */
  | 'NetworkError';

/**
 * The one error family of `@mcp-oauth/metadata`, thrown for untrusted input that fails a check.
 * Assert on `code`, never on `message`; the message is the code and never contains a URL, a header
 * or a body.
 *
 * @example
 * ```ts
 * import { MetadataError, processAuthorizationServerMetadata } from '@mcp-oauth/metadata';
 * declare const response: Response, issuer: string;
 * try {
 *   await processAuthorizationServerMetadata(response, issuer);
 * } catch (e) {
 *   if (e instanceof MetadataError && e.code === 'IssuerMismatch') {
 *     // refuse this authorization server
 *   }
 * }
 * ```
 */
export class MetadataError extends Error {
  /** The machine-readable reason. */
  declare readonly code: MetadataErrorCode;

  constructor(code: MetadataErrorCode) {
    super(code);
    this.name = 'MetadataError';
    this.code = code;
  }
}
