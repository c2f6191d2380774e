// Examples from RFC 7591 (OAuth 2.0 Dynamic Client Registration) and RFC 7592 (management).
import type { ClientInformation, ClientMetadataInput } from '@mcp-oauth/dcr';

type Json = Record<string, unknown>;

/** RFC 7591 §3.1: the registration request body (non-normative example). */
export const registrationRequestBody: ClientMetadataInput = {
  redirect_uris: ['https://client.example.org/callback', 'https://client.example.org/callback2'],
  client_name: 'My Example Client',
  'client_name#ja-Jpan-JP': '\u30AF\u30E9\u30A4\u30A2\u30F3\u30C8\u540D',
  token_endpoint_auth_method: 'client_secret_basic',
  logo_uri: 'https://client.example.org/logo.png',
  jwks_uri: 'https://client.example.org/my_public_keys.jwks',
  example_extension_parameter: 'example_value',
};

/** RFC 7591 §3.1: the request that carries a software statement (statement elided in the RFC). */
export const softwareStatementRequestBody: ClientMetadataInput = {
  redirect_uris: ['https://client.example.org/callback', 'https://client.example.org/callback2'],
  software_statement: 'eyJhbGciOiJSUzI1NiJ9.eyJzb2Z0d2FyZV9pZCI6IjROUkIxLTBYWkFCWkk5RTYtNVNNM1IiLCJjbGllbnRfbmFtZSI6IkV4YW1wbGUgU3RhdGVtZW50LWJhc2VkIENsaWVudCIsImNsaWVudF91cmkiOiJodHRwczovL2NsaWVudC5leGFtcGxlLm5ldC8ifQ.sig',
  scope: 'read write',
  example_extension_parameter: 'example_value',
};

/** RFC 7591 §2.3: the software statement's claims (the example JWT payload). */
export const softwareStatementClaims: Json = {
  software_id: '4NRB1-0XZABZI9E6-5SM3R',
  client_name: 'Example Statement-based Client',
  client_uri: 'https://client.example.net/',
};

/** RFC 7591 §3.2.1: the 201 response body. */
export const registrationResponseBody: ClientInformation = {
  client_id: 's6BhdRkqt3',
  client_secret: 'cf136dc3c1fc93f31185e5885805d',
  client_id_issued_at: 2893256800,
  client_secret_expires_at: 2893276800,
  redirect_uris: ['https://client.example.org/callback', 'https://client.example.org/callback2'],
  grant_types: ['authorization_code', 'refresh_token'],
  client_name: 'My Example Client',
  'client_name#ja-Jpan-JP': '\u30AF\u30E9\u30A4\u30A2\u30F3\u30C8\u540D',
  token_endpoint_auth_method: 'client_secret_basic',
  logo_uri: 'https://client.example.org/logo.png',
  jwks_uri: 'https://client.example.org/my_public_keys.jwks',
  example_extension_parameter: 'example_value',
};

/** RFC 7591 §3.2.2: the two error response bodies. */
export const errorResponseBodies: readonly { error: string; error_description: string }[] = [
  { error: 'invalid_redirect_uri', error_description: 'The redirection URI http://sketchy.example.com is not allowed by this server.' },
  {
    error: 'invalid_client_metadata',
    error_description: "The grant type 'authorization_code' must be registered along with the response type 'code' but found only 'implicit' instead.",
  },
];

/** RFC 7592 §2.1 / §3: the client configuration endpoint, its access token and the read response. */
export const configuration: { uri: string; token: string; readResponseBody: ClientInformation } = {
  uri: 'https://server.example.com/register/s6BhdRkqt3',
  token: 'reg-23410913-abewfq.123483',
  readResponseBody: {
    registration_access_token: 'reg-23410913-abewfq.123483',
    registration_client_uri: 'https://server.example.com/register/s6BhdRkqt3',
    ...registrationResponseBody,
  },
};

/** RFC 7592 §2.2: the update request body. */
export const updateRequestBody: ClientMetadataInput & { client_id: string; client_secret: string } = {
  client_id: 's6BhdRkqt3',
  client_secret: 'cf136dc3c1fc93f31185e5885805d',
  redirect_uris: ['https://client.example.org/callback', 'https://client.example.org/alt'],
  grant_types: ['authorization_code', 'refresh_token'],
  token_endpoint_auth_method: 'client_secret_basic',
  jwks_uri: 'https://client.example.org/my_public_keys.jwks',
  client_name: 'My New Example',
  'client_name#fr': 'Mon Nouvel Exemple',
  logo_uri: 'https://client.example.org/newlogo.png',
  'logo_uri#fr': 'https://client.example.org/fr/newlogo.png',
};

/** MCP 2026-07-28 client-registration: the example Client ID Metadata Document. */
export const mcpCimdExample: ClientMetadataInput & { client_id: string; client_name: string } = {
  client_id: 'https://app.example.com/oauth/client-metadata.json',
  client_name: 'Example MCP Client',
  client_uri: 'https://app.example.com',
  logo_uri: 'https://app.example.com/logo.png',
  redirect_uris: ['http://127.0.0.1:3000/callback', 'http://localhost:3000/callback'],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
};
