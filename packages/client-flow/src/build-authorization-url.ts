import { computeCodeChallenge } from '@mcp-oauth/pkce';
import { ClientFlowError } from './errors';
import { b64u, randomBytes } from './internal/http';
import { isLoopbackHost, safeUrl } from './internal/leaf';
import type { AuthorizationServerMetadata, AuthorizationTransaction, ClientCredentials } from './types';

/** Options of {@link buildAuthorizationUrl}. */
export interface AuthorizationUrlOptions {
  readonly client: ClientCredentials;
  /** Loopback http (`127.0.0.1`, `[::1]`, `localhost`) or https (C-AUTH-6). */
  readonly redirectUri: string;
  /** The RFC 8707 resource: the PRM `resource` exactly as published, else the canonical server URI. */
  readonly resource: string;
  /** Space-separated scopes; omitted from the request when empty. */
  readonly scope?: string;
  /** Random source (defaults to `crypto.getRandomValues`). */
  readonly random?: (n: number) => Uint8Array;
}

/**
 * Checks a redirect URI before it is registered or sent (C-AUTH-6): https, or http on a loopback
 * host (`127.0.0.1`, `[::1]`, `localhost`), without a fragment.
 *
 * @example
 * ```ts
 * import { assertRedirectUri } from '@mcp-oauth/client-flow';
 *
 * assertRedirectUri('http://127.0.0.1:8765/callback'); // ok
 * assertRedirectUri('http://app.example.com/cb');      // throws TypeError
 * ```
 * @throws {TypeError} for any other redirect URI.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export function assertRedirectUri(uri: string): void {
  const u = URL.canParse(uri) ? new URL(uri) : undefined;
  if (!u || u.hash || !(u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname)))) {
    throw new TypeError('ClientFlowError: redirectUri must be https or loopback http');
  }
}

/**
 * Builds the authorization request: PKCE S256 (C-AUTH-1), a fresh 256-bit `state` (C-AUTH-2),
 * `resource` (C-AUTH-4) and `scope` (C-AUTH-5). Returns the URL to open and the transaction to keep
 * (secretly) until the callback; the transaction records the issuer for the RFC 9207 check.
 *
 * @example
 * ```ts
 * import { buildAuthorizationUrl, type AuthorizationServerMetadata, type ClientCredentials } from '@mcp-oauth/client-flow';
 * declare const as: AuthorizationServerMetadata;
 * declare const client: ClientCredentials;
 * declare const resource: string;
 *
 * const { url, transaction } = await buildAuthorizationUrl(as, {
 *   client, redirectUri: 'http://127.0.0.1:8765/callback', resource, scope: 'mcp:read',
 * });
 * ```
 * @throws {ClientFlowError} `InsecureUrl` when the authorization endpoint is not a safe https URL.
 * @throws {TypeError} when `redirectUri` is neither https nor loopback http.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 */
export async function buildAuthorizationUrl(
  as: AuthorizationServerMetadata,
  options: AuthorizationUrlOptions,
): Promise<{ url: URL; transaction: AuthorizationTransaction }> {
  assertRedirectUri(options.redirectUri);
  const url = safeUrl(as.authorization_endpoint);
  if (!as.code_challenge_methods_supported?.includes('S256')) throw new ClientFlowError('PkceUnsupported');
  const state = b64u(randomBytes(32, options.random));
  const verifier = b64u(randomBytes(32, options.random));
  const p = url.searchParams;
  p.set('response_type', 'code');
  p.set('client_id', options.client.client_id);
  p.set('redirect_uri', options.redirectUri);
  p.set('code_challenge', await computeCodeChallenge(verifier));
  p.set('code_challenge_method', 'S256');
  p.set('state', state);
  p.set('resource', options.resource);
  if (options.scope) p.set('scope', options.scope);
  const transaction: AuthorizationTransaction = {
    state,
    code_verifier: verifier,
    issuer: as.issuer,
    iss_supported: as.authorization_response_iss_parameter_supported === true,
    redirect_uri: options.redirectUri,
    resource: options.resource,
    ...(options.scope ? { scope: options.scope } : {}),
  };
  return { url, transaction };
}
