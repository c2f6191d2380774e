import { checkMembers } from './internal/document';
import { issuerUrl } from './internal/well-known';
import type { AuthorizationServerMetadata } from './types';

/**
 * Configuration of {@link authorizationServerMetadata}: the document's own members (RFC 8414
 * names), with the endpoints, grants and CIMD support MCP clients rely on made required. PKCE and
 * RFC 9207 members are not configurable: they are always `["S256"]` and `true`.
 */
export type AuthorizationServerMetadataConfig = AuthorizationServerMetadata & {
  authorization_endpoint: string;
  token_endpoint: string;
  /** The grants actually served (omitted, RFC 8414 would mean `authorization_code` and `implicit`). */
  grant_types_supported: string[];
  /** MCP asks every authorization server to say whether it accepts Client ID Metadata Documents. */
  client_id_metadata_document_supported: boolean;
  code_challenge_methods_supported?: never;
  authorization_response_iss_parameter_supported?: never;
};

/**
 * Builds the authorization server metadata document an MCP authorization server serves at
 * `/.well-known/oauth-authorization-server` (and `openid-configuration`), with every member MCP
 * requires: `code_challenge_methods_supported: ["S256"]` and
 * `authorization_response_iss_parameter_supported: true` (always, whatever the config says),
 * `client_id_metadata_document_supported` (required), `response_types_supported` (default
 * `["code"]`), `grant_types_supported` (required).
 * The result passes the same checks as {@link processAuthorizationServerMetadata}.
 *
 * @throws {MetadataError} `InsecureUrl` for an issuer or endpoint that fails {@link assertSafeUrl}
 * (or an issuer with a query), `InvalidDocument` for a mistyped member.
 * @throws {TypeError} when the issuer is not a string.
 * @example
 * ```ts
 * import { authorizationServerMetadata } from '@mcp-oauth/metadata';
 * const doc = authorizationServerMetadata({
 *   issuer: 'https://auth.example.com',
 *   authorization_endpoint: 'https://auth.example.com/authorize',
 *   token_endpoint: 'https://auth.example.com/token',
 *   registration_endpoint: 'https://auth.example.com/register',
 *   grant_types_supported: ['authorization_code', 'refresh_token'],
 *   client_id_metadata_document_supported: true,
 * });
 * const response = Response.json(doc); // served at /.well-known/oauth-authorization-server
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-3
 */
export function authorizationServerMetadata(config: AuthorizationServerMetadataConfig): AuthorizationServerMetadata {
  const doc: AuthorizationServerMetadata = {
    response_types_supported: ['code'],
    ...config,
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
  };
  issuerUrl(config.issuer);
  checkMembers(doc);
  return doc;
}
