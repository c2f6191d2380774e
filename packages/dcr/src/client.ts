/**
 * `@mcp-oauth/dcr/client`: the MCP client's side of registration: RFC 7591 registration
 * requests and responses, RFC 7592 read/update/delete, and building a Client ID Metadata Document.
 * @packageDocumentation
 */
export { registrationRequest, type RegistrationRequestOptions } from './registration-request';
export { processRegistrationResponse } from './process-registration-response';
export { readClientRequest, updateClientRequest, deleteClientRequest } from './client-configuration-request';
export { processClientConfigurationResponse } from './process-client-configuration-response';
export { clientIdMetadataDocument } from './client-id-metadata-document';
export type { ClientIdMetadataDocument } from './validate-client-id-metadata-document';
export { DcrError, type DcrErrorCode, type DcrOAuthError } from './errors';
export type { ClientInformation, ClientJwks, ClientMetadata, ClientMetadataInput, TokenEndpointAuthMethod } from './types';
