/**
 * `@mcp-oauth/dcr/cimd`: the authorization server's side of OAuth Client ID Metadata Documents:
 * URL checks, document validation, and a fetcher with SSRF guard, size and time caps, caching
 * and coalescing.
 * @packageDocumentation
 */
export { assertClientIdUrl } from './assert-client-id-url';
export { validateClientIdMetadataDocument, type ClientIdMetadataDocument } from './validate-client-id-metadata-document';
export {
  createClientIdMetadataDocumentCache,
  type ClientIdMetadataDocumentCache,
  type ClientIdMetadataDocumentCacheOptions,
} from './create-client-id-metadata-document-cache';
export { fetchClientIdMetadataDocument, type FetchClientIdMetadataDocumentOptions } from './fetch-client-id-metadata-document';
export { DcrError, type DcrErrorCode, type DcrOAuthError } from './errors';
export type { ClientMetadata, ClientRegistrationPolicy } from './types';
