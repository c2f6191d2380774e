import { fail, type DcrErrorCode } from '../errors';
import type { ClientMetadata, ClientRegistrationPolicy, TokenEndpointAuthMethod } from '../types';
import { DISPLAY_UNSAFE, isObject } from './json';
import { isRegistrableRedirectUri, LOCAL_HOST, VISIBLE } from './uri';

const META: DcrErrorCode = 'invalid_client_metadata';
/** A-ANON-1: by default a registrant gets only grants through a user; anything else the policy opens. */
const USER_GRANTS = ['authorization_code', 'refresh_token'];
const PRIVATE_JWK = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;

const str = (v: unknown, max: number, display?: boolean): string =>
  typeof v === 'string' && v.length > 0 && v.length <= max && !(display && DISPLAY_UNSAFE.test(v)) ? v : fail(META);

/** A list of 1..max distinct strings, each accepted by `ok` (else `code`). */
function list(v: unknown, max: number, ok: (s: unknown) => boolean, code: DcrErrorCode = META): string[] {
  if (!Array.isArray(v) || v.length === 0) return fail(code);
  if (v.length > max) return fail(META);
  for (const s of v) if (!ok(s)) fail(code);
  return [...new Set(v as string[])];
}

/**
 * A URI shown or fetched later (`logo_uri`, `client_uri`, `jwks_uri`...): https only, visible ASCII,
 * no userinfo or fragment. Stricter than the outbound URL policy (no loopback http): these come
 * from the client. A URL the server fetches (`fetched`: `jwks_uri`) may not name an IP literal or a
 * `localhost` host (A-SSRF-1); the fetch itself still applies the address policy to resolved names.
 */
function httpsUri(v: unknown, fetched?: boolean): string {
  const s = str(v, 2048);
  let u: URL | undefined;
  try {
    if (VISIBLE.test(s) && /^https:\/\/[^/?#@\\]+([/?][^#\\]*)?$/.test(s)) u = new URL(s);
  } catch {}
  return u?.hostname && !(fetched && LOCAL_HOST.test(u.hostname)) ? s : fail(META);
}

/**
 * The synchronous core of RFC 7591 §2 validation, shared by registration and Client ID Metadata
 * Documents. Throws `invalid_redirect_uri` / `invalid_client_metadata` only.
 */
export function checkMetadata(m: unknown, policy: ClientRegistrationPolicy, defaultAuth: TokenEndpointAuthMethod): ClientMetadata {
  if (!isObject(m)) return fail(META);
  const grants = m.grant_types === undefined ? ['authorization_code'] : list(m.grant_types, 5, (g) => (policy.grantTypes ?? USER_GRANTS).includes(g as string));
  const code = grants.includes('authorization_code');
  if (!code && !grants.includes('client_credentials')) fail(META);
  const responses = m.response_types === undefined ? (code ? ['code'] : []) : m.response_types;
  // response_types and grant_types must agree (RFC 7591 §2.1); only `code` exists in OAuth 2.1
  if (!Array.isArray(responses) || responses.some((r) => r !== 'code') || responses.includes('code') !== code) fail(META);
  const auth = (m.token_endpoint_auth_method ?? defaultAuth) as TokenEndpointAuthMethod;
  if (!(policy.tokenEndpointAuthMethods ?? ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt']).includes(auth)) fail(META);
  if (auth === 'none' && grants.includes('client_credentials')) fail(META);
  const out: ClientMetadata = {
    redirect_uris: m.redirect_uris === undefined && !code ? [] : list(m.redirect_uris, 10, isRegistrableRedirectUri, 'invalid_redirect_uri'),
    token_endpoint_auth_method: auth,
    grant_types: grants,
    response_types: [...new Set(responses as string[])],
  };
  if (m.application_type !== undefined) out.application_type = m.application_type === 'native' || m.application_type === 'web' ? m.application_type : fail(META);
  for (const k of ['client_name', 'software_id', 'software_version'] as const) if (m[k] !== undefined) out[k] = str(m[k], 200, true);
  for (const k of ['client_uri', 'logo_uri', 'tos_uri', 'policy_uri', 'jwks_uri'] as const) if (m[k] !== undefined) out[k] = httpsUri(m[k], k === 'jwks_uri');
  if (m.scope !== undefined) out.scope = SCOPE.test(str(m.scope, 1000)) ? (m.scope as string) : fail(META);
  if (m.contacts !== undefined) out.contacts = list(m.contacts, 10, (c) => typeof c === 'string' && c.length <= 320 && !DISPLAY_UNSAFE.test(c));
  if (m.jwks !== undefined) {
    const keys = isObject(m.jwks) ? m.jwks.keys : undefined;
    if (!Array.isArray(keys) || keys.length === 0 || keys.length > 10 || m.jwks_uri !== undefined) fail(META);
    // public keys only: a private member means the client leaked its key (or a shared secret)
    for (const k of keys as unknown[]) if (!isObject(k) || typeof k.kty !== 'string' || PRIVATE_JWK.some((p) => p in k)) fail(META);
    out.jwks = { keys: keys as Record<string, unknown>[] };
  }
  if (auth === 'private_key_jwt' && !out.jwks && !out.jwks_uri) fail(META);
  if (policy.requireSameHost) {
    const hosts = out.redirect_uris.map((u) => new URL(u).host);
    for (const k of ['client_uri', 'logo_uri', 'tos_uri', 'policy_uri'] as const) if (out[k] && !hosts.includes(new URL(out[k]).host)) fail(META);
  }
  return out;
}
