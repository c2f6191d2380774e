// The RFC 8414 document and the well-known paths it is served at (A-MD-1).
import { authorizationServerMetadata } from '@mcp-oauth/metadata';
import type { AuthorizationServerMetadata } from '@mcp-oauth/metadata';
import { cimdEnabled } from './client-urls';
import type { Ctx } from './context';
import { advertisedGrantTypes } from './grant-policy';
import { deviceConfig } from './device-codes';
import { signingKeys } from './keys';

export async function buildMetadata(ctx: Ctx): Promise<AuthorizationServerMetadata> {
  const o = ctx.opts;
  const methods = ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'];
  const jwt = o.tokens?.format !== 'opaque';
  const introspect = (o.introspectionClients ?? []).length > 0; // A-INTRO-1: not advertised when nobody may use it
  const algs = [...new Set((await signingKeys(ctx)).map((k) => k.privateKey.alg))];
  return authorizationServerMetadata({
    issuer: ctx.issuer,
    authorization_endpoint: ctx.urls.authorize,
    token_endpoint: ctx.urls.token,
    ...(jwt ? { jwks_uri: ctx.urls.jwks } : {}),
    ...(o.registration !== false ? { registration_endpoint: ctx.urls.register } : {}),
    revocation_endpoint: ctx.urls.revoke,
    ...(deviceConfig(ctx) ? { device_authorization_endpoint: ctx.urls.deviceAuthorization } : {}),
    ...(introspect ? { introspection_endpoint: ctx.urls.introspect } : {}),
    scopes_supported: [...o.scopes],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: advertisedGrantTypes(ctx), // A-ANON-1: what an anonymous registrant cannot use is not offered
    token_endpoint_auth_methods_supported: methods,
    token_endpoint_auth_signing_alg_values_supported: ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'],
    revocation_endpoint_auth_methods_supported: methods,
    ...(introspect ? { introspection_endpoint_auth_methods_supported: methods.filter((m) => m !== 'none') } : {}),
    client_id_metadata_document_supported: cimdEnabled(o),
    ...(jwt && o.openidDiscovery ? { id_token_signing_alg_values_supported: algs, subject_types_supported: ['public'] } : {}),
  });
}

/** The pathnames the metadata answers at: RFC 8414 §3.1 (path inserted), plus OpenID forms when enabled. */
export function metadataPaths(ctx: Ctx): string[] {
  const path = new URL(ctx.issuer).pathname.replace(/\/$/, '');
  const out = [`/.well-known/oauth-authorization-server${path}`];
  if (ctx.opts.openidDiscovery) {
    out.push(`/.well-known/openid-configuration${path}`);
    if (path !== '') out.push(`${path}/.well-known/openid-configuration`);
  }
  return out;
}
