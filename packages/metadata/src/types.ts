/**
 * One challenge of a `WWW-Authenticate` header (RFC 9110 §11.6.1). After parsing, `scheme` and the
 * parameter names are lowercase (both are case-insensitive) and `params` has no prototype, so a
 * parameter named `__proto__` is plain data.
 */
export interface WwwAuthenticateChallenge {
  /** The auth-scheme, e.g. `bearer`. */
  scheme: string;
  /** The auth-params, values unquoted and unescaped. Empty when the challenge carries a token68. */
  params: Record<string, string>;
  /** The token68 form (`Negotiate abc==`), mutually exclusive with params. */
  token68?: string;
}

/** A `Bearer` challenge (RFC 6750 §3, RFC 9728 §5.1), fields named in camelCase. */
export interface BearerChallenge {
  realm?: string;
  /** Space-separated scopes the resource needs. */
  scope?: string;
  /** `invalid_request`, `invalid_token`, `insufficient_scope`, or another code. */
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  /** URL of the protected resource metadata (RFC 9728 §5.1). When parsing, present only if it passes {@link assertSafeUrl}. */
  resourceMetadata?: string;
}

/** RFC 8414 §2 authorization server metadata, also OpenID Connect Discovery 1.0 §3 provider metadata. */
export interface AuthorizationServerMetadata {
  issuer: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  jwks_uri?: string;
  registration_endpoint?: string;
  scopes_supported?: string[];
  response_types_supported?: string[];
  response_modes_supported?: string[];
  grant_types_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
  token_endpoint_auth_signing_alg_values_supported?: string[];
  service_documentation?: string;
  ui_locales_supported?: string[];
  op_policy_uri?: string;
  op_tos_uri?: string;
  revocation_endpoint?: string;
  revocation_endpoint_auth_methods_supported?: string[];
  introspection_endpoint?: string;
  introspection_endpoint_auth_methods_supported?: string[];
  code_challenge_methods_supported?: string[];
  /** RFC 9207 */
  authorization_response_iss_parameter_supported?: boolean;
  /** MCP: Client ID Metadata Documents */
  client_id_metadata_document_supported?: boolean;
  pushed_authorization_request_endpoint?: string;
  require_pushed_authorization_requests?: boolean;
  dpop_signing_alg_values_supported?: string[];
  /** OpenID Connect Discovery */
  userinfo_endpoint?: string;
  end_session_endpoint?: string;
  subject_types_supported?: string[];
  id_token_signing_alg_values_supported?: string[];
  claims_supported?: string[];
  [member: string]: unknown;
}

/** RFC 9728 §2 protected resource metadata. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers?: string[];
  jwks_uri?: string;
  scopes_supported?: string[];
  bearer_methods_supported?: string[];
  resource_signing_alg_values_supported?: string[];
  resource_name?: string;
  resource_documentation?: string;
  resource_policy_uri?: string;
  resource_tos_uri?: string;
  tls_client_certificate_bound_access_tokens?: boolean;
  authorization_details_types_supported?: string[];
  dpop_signing_alg_values_supported?: string[];
  dpop_bound_access_tokens_required?: boolean;
  [member: string]: unknown;
}
