/** Client authentication methods at the token endpoint (RFC 7591 §2, RFC 7523). */
export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'client_secret_jwt';

/** A JSON Web Key Set given by value (public keys only). */
export interface ClientJwks {
  keys: Record<string, unknown>[];
}

/**
 * Validated, normalised RFC 7591 §2 client metadata: defaults filled in, unknown fields dropped.
 * `client_name` is plain text: escape it wherever it is shown.
 */
export interface ClientMetadata {
  redirect_uris: string[];
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  grant_types: string[];
  response_types: string[];
  application_type?: 'web' | 'native';
  client_name?: string;
  client_uri?: string;
  logo_uri?: string;
  tos_uri?: string;
  policy_uri?: string;
  scope?: string;
  contacts?: string[];
  jwks_uri?: string;
  jwks?: ClientJwks;
  software_id?: string;
  software_version?: string;
  software_statement?: string;
}

/** What an authorization server accepts at registration. Every field is optional. */
export interface ClientRegistrationPolicy {
  /**
   * Verifies a `software_statement` JWT (signature, issuer, expiry) and returns its claims, whose
   * values then override the request's (RFC 7591 §2.3). Throw `new DcrError('unapproved_software_statement')`
   * for a valid statement from an issuer you do not trust; any other throw becomes
   * `invalid_software_statement`. Without a verifier, a statement is ignored (RFC 7591 §3.1.1).
   */
  verifySoftwareStatement?: (jwt: string) => Promise<unknown>;
  /** Allowed methods. Default: `none`, `client_secret_basic`, `client_secret_post`, `private_key_jwt`. */
  tokenEndpointAuthMethods?: readonly TokenEndpointAuthMethod[];
  /**
   * Allowed grant types, compared exactly. Default: `authorization_code` and `refresh_token`, the
   * grants through which a user authorizes the client. Adding `client_credentials` (or any grant
   * without a user) lets anyone who can register obtain tokens with no user behind them: add it only
   * when your server decides per client who may use it (A-ANON-1).
   */
  grantTypes?: readonly string[];
  /** Refuse a `client_uri`, `logo_uri`, `tos_uri` or `policy_uri` whose host is not a redirect URI host. */
  requireSameHost?: boolean;
}

/** Client side: the metadata a client registers (RFC 7591 §2, extensions allowed); the builders fill in the rest. */
export type ClientMetadataInput = Partial<ClientMetadata> & { redirect_uris: string[]; [extension: string]: unknown };

/** The authorization server's answer to a registration (RFC 7591 §3.2.1) or a read (RFC 7592 §2.1). */
export interface ClientInformation extends Partial<ClientMetadata> {
  client_id: string;
  client_secret?: string;
  client_id_issued_at?: number;
  /** `0` means the secret does not expire. */
  client_secret_expires_at?: number;
  registration_access_token?: string;
  registration_client_uri?: string;
  [extension: string]: unknown;
}
