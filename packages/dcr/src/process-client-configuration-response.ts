import { readClientInformation } from './internal/client-information';
import { DcrError } from './errors';
import type { ClientInformation } from './types';

/**
 * Client side: validates the answer to an RFC 7592 read or update (200 with client information,
 * checked like {@link processRegistrationResponse}) or delete (204, resolves `undefined`).
 * 401 means the registration access token is no longer valid (`oauthError` `invalid_token`).
 *
 * @throws {TypeError} when `response` is not a `Response`.
 * @throws {DcrError} `RegistrationRejected` (with the server's known RFC code), `InvalidResponse`.
 * @example
 * ```ts
 * import { processClientConfigurationResponse, readClientRequest } from '@mcp-oauth/dcr/client';
 * declare const uri: string, token: string; // registration_client_uri, registration_access_token
 * const info = await processClientConfigurationResponse(await fetch(readClientRequest(uri, token)));
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-3
 */
export async function processClientConfigurationResponse(response: Response): Promise<ClientInformation | undefined> {
  if (response instanceof Response && response.status === 204) return undefined;
  if (response instanceof Response && response.status === 401) throw new DcrError('RegistrationRejected', 'invalid_token');
  return readClientInformation(response, [200]);
}
