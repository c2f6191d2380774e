import type { AuthorizationServerMetadata } from '@mcp-oauth/metadata';

// RFC 8414 §3.1 (well-known URL construction) and §3.2 (example response).
export const wellKnown = [
  { issuer: 'https://example.com', url: 'https://example.com/.well-known/oauth-authorization-server' },
  { issuer: 'https://example.com/issuer1', url: 'https://example.com/.well-known/oauth-authorization-server/issuer1' },
] as const;

export const exampleMetadata: AuthorizationServerMetadata = {
  issuer: 'https://server.example.com',
  authorization_endpoint: 'https://server.example.com/authorize',
  token_endpoint: 'https://server.example.com/token',
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
  token_endpoint_auth_signing_alg_values_supported: ['RS256', 'ES256'],
  userinfo_endpoint: 'https://server.example.com/userinfo',
  jwks_uri: 'https://server.example.com/jwks.json',
  registration_endpoint: 'https://server.example.com/register',
  scopes_supported: ['openid', 'profile', 'email', 'address', 'phone', 'offline_access'],
  response_types_supported: ['code', 'code token'],
  service_documentation: 'http://server.example.com/service_documentation.html',
  ui_locales_supported: ['en-US', 'en-GB', 'en-CA', 'fr-FR', 'fr-CA'],
};
