import { fail } from './errors';
import { isObject } from './internal/json';
import type { ClientMetadata, ClientRegistrationPolicy } from './types';
import { validateClientMetadata } from './validate-client-metadata';

/**
 * Authorization server side: validates an RFC 7592 §2.2 update (PUT) body for the client
 * `clientId` that the registration access token authenticated. The body's `client_id` must equal
 * it exactly; `registration_access_token`, `registration_client_uri`, `client_id_issued_at` and
 * `client_secret_expires_at` must be absent; the rest is validated as a new registration would be.
 * A `client_secret` in the body is returned so you can compare it (in constant time, against the
 * stored hash) with the current one.
 *
 * @throws {TypeError} when `clientId` is not a non-empty string.
 * @throws {DcrError} `invalid_request` (client_id mismatch or a server-assigned field present),
 * then the codes of {@link validateClientMetadata}.
 * @example
 * ```ts
 * import { readRegistrationRequest, validateClientUpdate } from '@mcp-oauth/dcr';
 * import type { ClientInformation } from '@mcp-oauth/dcr';
 * declare const request: Request; // PUT to the client configuration endpoint
 * declare const client: ClientInformation; // the stored registration
 * const { metadata, clientSecret } = await validateClientUpdate(await readRegistrationRequest(request), client.client_id);
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.2
 */
export async function validateClientUpdate(
  input: unknown,
  clientId: string,
  policy: ClientRegistrationPolicy = {},
): Promise<{ metadata: ClientMetadata; clientSecret?: string }> {
  if (typeof clientId !== 'string' || !clientId) throw new TypeError('clientId');
  if (!isObject(input) || input.client_id !== clientId) return fail('invalid_request');
  for (const k of ['registration_access_token', 'registration_client_uri', 'client_id_issued_at', 'client_secret_expires_at'])
    if (k in input) fail('invalid_request');
  const secret = input.client_secret;
  if (secret !== undefined && (typeof secret !== 'string' || secret.length > 512)) fail('invalid_request');
  const metadata = await validateClientMetadata(input, policy);
  return secret === undefined ? { metadata } : { metadata, clientSecret: secret as string };
}
