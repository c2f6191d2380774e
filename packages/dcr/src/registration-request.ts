import { assertSafeUrl } from '@mcp-oauth/metadata';
import { checkMetadata } from './internal/check-metadata';
import { LOOPBACK } from './internal/uri';
import type { ClientMetadataInput, TokenEndpointAuthMethod } from './types';

/** Options for {@link registrationRequest}. */
export interface RegistrationRequestOptions {
  /** An RFC 7591 §3 initial access token, sent as `Authorization: Bearer`. */
  initialAccessToken?: string;
}

/**
 * Client side: builds the RFC 7591 §3.1 registration `Request` (POST, JSON). Fills in what MCP
 * asks for (C-REG-3): `application_type` (`native` when every redirect URI is loopback, else
 * `web`), `grant_types` `["authorization_code", "refresh_token"]`, `response_types` `["code"]`,
 * `token_endpoint_auth_method` `none`; anything given explicitly wins. The metadata is checked with
 * the same rules an authorization server using {@link validateClientMetadata} applies.
 *
 * @throws {MetadataError} `InsecureUrl` when the endpoint is not https (loopback http allowed),
 * before anything is sent (C-AUTH-7).
 * @throws {TypeError} when the metadata would be refused (bad redirect URI, inconsistent types).
 * @example
 * ```ts
 * import { processRegistrationResponse, registrationRequest } from '@mcp-oauth/dcr/client';
 * import type { AuthorizationServerMetadata } from '@mcp-oauth/metadata';
 * declare const asMetadata: AuthorizationServerMetadata & { registration_endpoint: string };
 * const res = await fetch(registrationRequest(asMetadata.registration_endpoint, {
 *   client_name: 'My MCP client',
 *   redirect_uris: ['http://127.0.0.1/callback'],
 * }));
 * const client = await processRegistrationResponse(res);
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.1
 */
export function registrationRequest(endpoint: string | URL, metadata: ClientMetadataInput, options: RegistrationRequestOptions = {}): Request {
  const url = assertSafeUrl(String(endpoint), { allowLoopbackHttp: true });
  const body = {
    application_type: metadata.redirect_uris?.length && metadata.redirect_uris.every((u) => LOOPBACK.test(u)) ? 'native' : 'web',
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
    ...metadata,
  };
  try {
    checkMetadata(body, { tokenEndpointAuthMethods: [body.token_endpoint_auth_method as TokenEndpointAuthMethod] }, 'none');
  } catch (e) {
    throw new TypeError((e as Error).message);
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.initialAccessToken !== undefined) headers.authorization = `Bearer ${options.initialAccessToken}`;
  return new Request(url, { method: 'POST', headers, body: JSON.stringify(body) });
}
