import type { ClientMetadataInput } from './types';
import { type ClientIdMetadataDocument, validateClientIdMetadataDocument } from './validate-client-id-metadata-document';

/**
 * Client side: builds the Client ID Metadata Document to host at the `client_id` URL (C-REG-2):
 * `client_id` is that https URL (with a path), `client_name` and `redirect_uris` are required, and
 * the defaults are `grant_types` `["authorization_code", "refresh_token"]`, `response_types`
 * `["code"]`, `token_endpoint_auth_method` `none`. The result passes
 * {@link validateClientIdMetadataDocument}; serve it with `JSON.stringify` as `application/json`.
 *
 * @throws {TypeError} when the URL or the metadata would be refused by an authorization server.
 * @example
 * ```ts
 * import { clientIdMetadataDocument } from '@mcp-oauth/dcr/client';
 * const doc = clientIdMetadataDocument({
 *   client_id: 'https://app.example.com/oauth/client.json',
 *   client_name: 'Example MCP Client',
 *   redirect_uris: ['http://127.0.0.1/callback'],
 * });
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-client-id-metadata-document#section-4
 */
export function clientIdMetadataDocument(input: ClientMetadataInput & { client_id: string; client_name: string }): ClientIdMetadataDocument {
  try {
    return validateClientIdMetadataDocument({ grant_types: ['authorization_code', 'refresh_token'], ...input }, input.client_id);
  } catch (e) {
    throw new TypeError((e as Error).message);
  }
}
