import { assertSafeUrl } from '@mcp-oauth/metadata';
import type { ClientMetadataInput } from './types';

function request(uri: string | URL, token: string, method: string, body?: unknown): Request {
  if (typeof token !== 'string' || !token) throw new TypeError('registrationAccessToken');
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (body) headers['content-type'] = 'application/json';
  return new Request(assertSafeUrl(String(uri), { allowLoopbackHttp: true }), { method, headers, body: body ? JSON.stringify(body) : null });
}

/**
 * Client side: RFC 7592 §2.1 read request (GET the client configuration endpoint with the
 * registration access token). Validate the answer with {@link processClientConfigurationResponse}.
 *
 * @throws {MetadataError} `InsecureUrl` when the URI is not https (loopback http allowed).
 * @throws {TypeError} when the token is not a non-empty string.
 * @example
 * ```ts
 * import { processClientConfigurationResponse, readClientRequest } from '@mcp-oauth/dcr/client';
 * declare const client: { registration_client_uri: string; registration_access_token: string };
 * const info = await processClientConfigurationResponse(await fetch(readClientRequest(client.registration_client_uri, client.registration_access_token)));
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.1
 */
export function readClientRequest(registrationClientUri: string | URL, registrationAccessToken: string): Request {
  return request(registrationClientUri, registrationAccessToken, 'GET');
}

/**
 * Client side: RFC 7592 §2.2 update request (PUT the full metadata plus `client_id`, and the
 * `client_secret` when one was issued). Validate the answer with {@link processClientConfigurationResponse}.
 *
 * @throws {MetadataError} `InsecureUrl` when the URI is not https (loopback http allowed).
 * @throws {TypeError} when the token or `clientId` is not a non-empty string.
 * @example
 * ```ts
 * import { updateClientRequest } from '@mcp-oauth/dcr/client';
 * import type { ClientInformation, ClientMetadataInput } from '@mcp-oauth/dcr/client';
 * declare const uri: string, token: string; // registration_client_uri, registration_access_token
 * declare const client: ClientInformation;
 * declare const metadata: ClientMetadataInput;
 * const req = updateClientRequest(uri, token, client.client_id, { ...metadata, client_name: 'Renamed' });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.2
 */
export function updateClientRequest(
  registrationClientUri: string | URL,
  registrationAccessToken: string,
  clientId: string,
  metadata: ClientMetadataInput & { client_secret?: string },
): Request {
  if (typeof clientId !== 'string' || !clientId) throw new TypeError('clientId');
  return request(registrationClientUri, registrationAccessToken, 'PUT', { ...metadata, client_id: clientId });
}

/**
 * Client side: RFC 7592 §2.3 delete request (deprovisions the client). The answer is 204; check
 * it with {@link processClientConfigurationResponse}.
 *
 * @throws {MetadataError} `InsecureUrl` when the URI is not https (loopback http allowed).
 * @throws {TypeError} when the token is not a non-empty string.
 * @example
 * ```ts
 * import { deleteClientRequest, processClientConfigurationResponse } from '@mcp-oauth/dcr/client';
 * declare const uri: string, token: string; // registration_client_uri, registration_access_token
 * await processClientConfigurationResponse(await fetch(deleteClientRequest(uri, token)));
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.3
 */
export function deleteClientRequest(registrationClientUri: string | URL, registrationAccessToken: string): Request {
  return request(registrationClientUri, registrationAccessToken, 'DELETE');
}
