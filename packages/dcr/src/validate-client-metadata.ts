import { DcrError, fail } from './errors';
import { checkMetadata } from './internal/check-metadata';
import { isObject } from './internal/json';
import type { ClientMetadata, ClientRegistrationPolicy } from './types';

/**
 * Authorization server side: validates and normalises an RFC 7591 registration request body
 * (already parsed JSON, e.g. from {@link readRegistrationRequest}). Unknown fields, and any
 * `client_id`, `client_secret` or other server-assigned field the client sent, are dropped.
 *
 * Rules: `redirect_uris` is 1–10 distinct URIs of at most 2048 characters, each https or
 * loopback http (`127.0.0.1`, `[::1]`, `localhost`), already in canonical form, without fragment,
 * userinfo or wildcard; a registration mixing an acceptable URI with a refused one is refused
 * whole. `grant_types` are `authorization_code`/`refresh_token` unless `policy.grantTypes` opens
 * more (`client_credentials` is refused by default: A-ANON-1) and agree with `response_types`
 * (only `code`); `none` cannot use `client_credentials`; `private_key_jwt` needs exactly one of
 * `jwks` (public keys only) or `jwks_uri`; `client_name` is at most 200 characters without
 * control or bidi characters; `client_uri`, `logo_uri`, `tos_uri`, `policy_uri`, `jwks_uri` are
 * https. A `software_statement` is checked by `policy.verifySoftwareStatement` and its claims
 * override the body.
 *
 * @throws {DcrError} `invalid_redirect_uri`, `invalid_client_metadata`, `invalid_software_statement`,
 * `unapproved_software_statement`.
 * @example
 * ```ts
 * import { readRegistrationRequest, validateClientMetadata } from '@mcp-oauth/dcr';
 * import { verifyJwt } from '@mcp-oauth/jwt-lite';
 * import type { JwtKey } from '@mcp-oauth/jwt-lite';
 * declare const request: Request; // POST to the registration endpoint
 * declare const trustedKey: JwtKey; // the software statement issuer's key
 * const metadata = await validateClientMetadata(await readRegistrationRequest(request), {
 *   verifySoftwareStatement: (jwt) => verifyJwt(jwt, trustedKey, { algorithms: ['ES256'] }).then((r) => r.claims),
 * });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.1
 */
export async function validateClientMetadata(input: unknown, policy: ClientRegistrationPolicy = {}): Promise<ClientMetadata> {
  if (!isObject(input)) return fail('invalid_client_metadata');
  let body = input;
  const jwt = input.software_statement;
  if (jwt !== undefined) {
    if (typeof jwt !== 'string' || jwt.length > 16_384) fail('invalid_software_statement');
    const verify = policy.verifySoftwareStatement;
    if (verify) {
      let claims: unknown;
      try {
        claims = await verify(jwt as string);
      } catch (e) {
        throw e instanceof DcrError && e.code === 'unapproved_software_statement' ? e : new DcrError('invalid_software_statement');
      }
      if (!isObject(claims)) fail('invalid_software_statement');
      body = { ...input, ...(claims as object) };
    }
  }
  const out = checkMetadata(body, policy, 'client_secret_basic');
  if (jwt !== undefined && policy.verifySoftwareStatement) out.software_statement = jwt as string;
  return out;
}
