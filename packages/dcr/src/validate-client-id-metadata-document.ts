import { DcrError, fail } from './errors';
import { checkMetadata } from './internal/check-metadata';
import { isObject } from './internal/json';
import type { ClientMetadata, ClientRegistrationPolicy } from './types';
import { assertClientIdUrl } from './assert-client-id-url';

/** A validated Client ID Metadata Document: client metadata whose `client_id` is its own URL. */
export interface ClientIdMetadataDocument extends ClientMetadata {
  client_id: string;
  client_name: string;
}

const SYMMETRIC = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt'];

/**
 * Authorization server side: validates a fetched Client ID Metadata Document against the URL it
 * was fetched from. `client_id` must equal `url` character for character (no trailing slash,
 * `:443` or host variant), `client_name` and `redirect_uris` are required (MCP), no shared-secret
 * authentication (`client_secret_*`, `client_secret`, `client_secret_expires_at`), `jwks` holds
 * public keys only, and every field follows the rules of {@link validateClientMetadata}
 * (`token_endpoint_auth_method` defaults to `none`). A `software_statement` is dropped.
 *
 * @throws {DcrError} `InvalidClientId` for a bad URL, `InvalidMetadataDocument` for the rest (both
 * render as `invalid_client`).
 * @example
 * ```ts
 * import { validateClientIdMetadataDocument } from '@mcp-oauth/dcr/cimd';
 * import { redirectUriMatches } from '@mcp-oauth/dcr';
 * import { readJsonBody } from '@mcp-oauth/metadata';
 * declare const response: Response; // from guardedFetch(clientId)
 * declare const clientId: string;
 * declare const params: URLSearchParams; // the authorization request
 * const doc = validateClientIdMetadataDocument(await readJsonBody(response, { maxBytes: 5120 }), clientId);
 * if (!redirectUriMatches(doc.redirect_uris, params.get('redirect_uri'))) {
 *   // show an error page (400); never redirect to an unregistered URI
 * }
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-client-id-metadata-document#section-4
 */
export function validateClientIdMetadataDocument(doc: unknown, url: string, policy: ClientRegistrationPolicy = {}): ClientIdMetadataDocument {
  assertClientIdUrl(url);
  if (!isObject(doc) || doc.client_id !== url || typeof doc.client_name !== 'string' || doc.redirect_uris === undefined) return fail('InvalidMetadataDocument');
  if ('client_secret' in doc || 'client_secret_expires_at' in doc || SYMMETRIC.includes(doc.token_endpoint_auth_method as string)) fail('InvalidMetadataDocument');
  let m: ClientMetadata;
  try {
    m = checkMetadata(doc, policy, 'none');
  } catch (e) {
    throw e instanceof DcrError ? new DcrError('InvalidMetadataDocument') : e;
  }
  return { client_id: url, client_name: doc.client_name, ...m };
}
