import { readClientInformation } from './internal/client-information';
import type { ClientInformation } from './types';

/**
 * Client side: validates the answer to {@link registrationRequest}. Expects 201 Created (200 is
 * tolerated) with a JSON object of at most 64 KiB holding a non-empty `client_id`; `client_secret`,
 * `registration_access_token` and `registration_client_uri` (https, loopback http allowed) must be
 * well-formed when present. An error response becomes `RegistrationRejected` whose `oauthError`
 * is the server's RFC 7591 code when it sent a known one (e.g. `invalid_redirect_uri`, so a
 * client can retry with other redirect URIs); the server's `error_description` is never surfaced.
 *
 * @throws {TypeError} when `response` is not a `Response`.
 * @throws {DcrError} `RegistrationRejected`, `InvalidResponse`.
 * @example
 * ```ts
 * import { processRegistrationResponse, registrationRequest } from '@mcp-oauth/dcr/client';
 * import type { ClientInformation, ClientMetadataInput } from '@mcp-oauth/dcr/client';
 * declare const endpoint: string, issuer: string, metadata: ClientMetadataInput;
 * declare const store: { saveClient(issuer: string, client: ClientInformation): Promise<void> };
 * const client = await processRegistrationResponse(await fetch(registrationRequest(endpoint, metadata)));
 * await store.saveClient(issuer, client);
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2
 */
export function processRegistrationResponse(response: Response): Promise<ClientInformation> {
  return readClientInformation(response, [200, 201]);
}
