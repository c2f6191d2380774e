/** Every code a {@link ClientFlowError} can carry. */
export type ClientFlowErrorCode =
  /** An OAuth endpoint or URL is not https (loopback http excepted) or not a plain web URL (C-AUTH-6, C-AUTH-7). */
  | 'InsecureUrl'
  /** No protected-resource or authorization-server metadata could be found at any URL the spec allows. */
  | 'DiscoveryFailed'
  /** The protected-resource metadata names another resource than the MCP server being accessed (RFC 9728 §3.3). */
  | 'ResourceMismatch'
  /** Metadata `issuer`, or the callback's `iss`, differs from the recorded issuer (RFC 8414 §3.3, RFC 9207). */
  | 'IssuerMismatch'
  /** The authorization server advertised `iss` support but the callback has no `iss` (RFC 9207 §2.4). */
  | 'IssuerMissing'
  /** The authorization server does not support PKCE S256. */
  | 'PkceUnsupported'
  /** The protected-resource metadata lists no authorization server. */
  | 'NoAuthorizationServer'
  /** No pre-registered client, no CIMD support and no registration endpoint: the user must register a client. */
  | 'RegistrationUnavailable'
  /** The authorization server refused dynamic client registration (see `oauthError`, `errorDescription`, `url`, `status`). */
  | 'RegistrationFailed'
  /** A pre-registered client given without an issuer is bound to the first issuer it was used with; this is another one (C-REG-6). */
  | 'ClientIssuerMismatch'
  /** The callback's `state` is missing, wrong, replayed or unexpected. */
  | 'StateMismatch'
  /** The authorization server answered the authorization request with an error (see `oauthError`). */
  | 'AuthorizationDenied'
  /** User authorization is needed but no `authorize` hook was given. */
  | 'AuthorizationRequired'
  /** The token endpoint refused the request (see `oauthError`). */
  | 'TokenRequestFailed'
  /** A server answered with something that is not the JSON document the protocol requires. */
  | 'InvalidResponse'
  /** The authorization server advertises no `device_authorization_endpoint` (RFC 8628 §4). */
  | 'DeviceFlowUnavailable'
  /** The device code expired before the user approved it (`expired_token`, or `expires_in` passed; RFC 8628 §3.5). */
  | 'DeviceCodeExpired'
  /** Step-up authorization was tried three times for one operation and the server still wants more scope. */
  | 'StepUpLimit';

const advice: Record<ClientFlowErrorCode, string> = {
  InsecureUrl: 'an OAuth URL is not https (or loopback http)',
  DiscoveryFailed: 'no OAuth metadata found; check the server URL',
  ResourceMismatch: 'the metadata is for another resource',
  IssuerMismatch: 'the authorization server named another issuer',
  IssuerMissing: 'the authorization response lacks the promised iss',
  PkceUnsupported: 'the authorization server lacks PKCE S256',
  NoAuthorizationServer: 'the server names no authorization server',
  RegistrationUnavailable: 'no way to register; pass a client id',
  RegistrationFailed: 'client registration refused',
  ClientIssuerMismatch: 'the client id belongs to another issuer',
  StateMismatch: 'the authorization response matches no pending request; try again',
  AuthorizationDenied: 'authorization refused',
  AuthorizationRequired: 'user authorization needed; pass an authorize hook',
  TokenRequestFailed: 'token request refused; sign in again',
  InvalidResponse: 'invalid response',
  DeviceFlowUnavailable: 'no device authorization offered',
  DeviceCodeExpired: 'device code expired; start again',
  StepUpLimit: 'the server still wants more scope after 3 attempts',
};

/** What an OAuth endpoint's refusal carried, as {@link ClientFlowError} keeps it. */
export interface ClientFlowErrorOptions {
  readonly cause?: unknown;
  /** The answer's `error`; kept only when it is `[a-z_]{1,64}`. */
  readonly oauthError?: unknown;
  /** The answer's `error_description`; kept when a string, control characters removed, at most 200 characters. */
  readonly errorDescription?: unknown;
  /** The endpoint that answered (without query). */
  readonly url?: string | undefined;
  /** The HTTP status of the answer. */
  readonly status?: number | undefined;
  /** The metadata URLs tried, for `DiscoveryFailed`. */
  readonly urls?: readonly string[];
}

/**
 * The one error family of `@mcp-oauth/client-flow`. The message says what to do and, when an
 * endpoint refused, which URL answered with which status; it never contains a token, secret, code
 * or text chosen by a server. `oauthError` is the RFC 6749 error code when an OAuth endpoint
 * answered with one (only `[a-z_]` codes of at most 64 characters are kept); `errorDescription`
 * is its `error_description`, sanitised (safe to show, labelled as the server's words).
 *
 * @example
 * ```ts
 * import { ClientFlowError, type McpOAuthClient } from '@mcp-oauth/client-flow';
 * declare const client: McpOAuthClient;
 *
 * try { await client.fetch('https://mcp.example.com/mcp') }
 * catch (e) {
 *   if (e instanceof ClientFlowError && e.code === 'PkceUnsupported') console.error('authorization server lacks PKCE S256');
 *   if (e instanceof ClientFlowError && e.code === 'RegistrationFailed') console.error(e.status, e.url, e.oauthError, e.errorDescription);
 * }
 * ```
 */
export class ClientFlowError extends Error {
  /** The machine-readable reason. */
  declare readonly code: ClientFlowErrorCode;
  /** The OAuth `error` value of the server's answer, when it was a well-formed code. */
  declare readonly oauthError?: string;
  /** The server's `error_description`: control characters removed, at most 200 characters. */
  declare readonly errorDescription?: string;
  /** The URL (no query string) whose answer this error is about: every error about an HTTP exchange has it. */
  declare readonly url?: string;
  /** The HTTP status of that answer (set with `url`). */
  declare readonly status?: number;
  /** `DiscoveryFailed`: the metadata URLs tried, in order. */
  declare readonly urls?: readonly string[];

  constructor(code: ClientFlowErrorCode, options: ClientFlowErrorOptions = {}) {
    const { url, status, urls } = options;
    const where = url ? ` (HTTP ${status} from ${url})` : '';
    super(`${code}: ${advice[code]}${urls ? `; tried ${urls.join(', ')}` : ''}${where}`,
      options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ClientFlowError';
    this.code = code;
    const e = options.oauthError, d = options.errorDescription;
    if (typeof e === 'string' && /^[a-z_]{1,64}$/.test(e)) this.oauthError = e;
    if (typeof d === 'string') this.errorDescription = d.replace(/[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, '').slice(0, 200);
    if (url) this.url = url;
    if (url) this.status = status!;
    if (urls) this.urls = urls;
  }
}
