import { dpopProof, rememberNonce, type DpopSession } from '../create-dpop-session';
import { ClientFlowError } from '../errors';
import type { AuthorizationServerMetadata, ClientCredentials, HttpOptions, TokenSet } from '../types';
import { b64u, randomBytes, send, whence } from './http';
import { readJsonObject, refused, safeUrl, signAssertion, type SigningKey } from './leaf';

/** Options every token-endpoint call takes. */
export interface TokenEndpointOptions extends HttpOptions {
  /** The client as registered; absent for grants that carry no client authentication. */
  readonly client?: ClientCredentials;
  /** The key for `private_key_jwt` (RFC 7523 §2.2): a `@mcp-oauth/jwt-lite` `JwtKey`. */
  readonly privateKey?: SigningKey;
  /** Send DPoP proofs and get sender-constrained tokens (RFC 9449). */
  readonly dpop?: DpopSession;
  /** Clock in milliseconds (defaults to `Date.now`). */
  readonly now?: () => number;
  /** Random source (defaults to `crypto.getRandomValues`). */
  readonly random?: (n: number) => Uint8Array;
}

const form = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');

/** Adds client authentication as registered (C-REG-5) to the body and headers. */
async function authenticate(as: AuthorizationServerMetadata, o: TokenEndpointOptions, body: URLSearchParams, headers: Headers): Promise<void> {
  const c = o.client;
  if (!c) return;
  const method = c.token_endpoint_auth_method;
  if (method === 'client_secret_basic' && c.client_secret !== undefined) {
    headers.set('authorization', `Basic ${btoa(`${form(c.client_id)}:${form(c.client_secret)}`)}`);
    return;
  }
  body.set('client_id', c.client_id);
  if (method === 'client_secret_post' && c.client_secret !== undefined) body.set('client_secret', c.client_secret);
  if (method === 'private_key_jwt') {
    if (!o.privateKey) throw new TypeError('ClientFlowError: private_key_jwt needs privateKey');
    const iat = Math.floor((o.now?.() ?? Date.now()) / 1000);
    const claims = { iss: c.client_id, sub: c.client_id, aud: as.issuer, jti: b64u(randomBytes(16, o.random)), iat, exp: iat + 60 };
    body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    body.set('client_assertion', await signAssertion(claims, o.privateKey));
  }
}

/** POSTs a form to an https (or loopback) endpoint with client auth and DPoP; one retry for a new DPoP nonce. */
export async function postForm(
  as: AuthorizationServerMetadata,
  endpoint: unknown,
  params: Record<string, string | undefined>,
  o: TokenEndpointOptions,
): Promise<Response> {
  const url = safeUrl(endpoint).href; // C-AUTH-7: checked before any code, verifier or secret leaves
  for (let attempt = 0; ; attempt++) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') body.set(k, v);
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
    await authenticate(as, o, body, headers);
    if (o.dpop) headers.set('dpop', await dpopProof(o.dpop, 'POST', url, undefined, o.now?.(), o.random));
    const res = await send(o, new URL(url), { method: 'POST', headers, body });
    // RFC 9449 §8: a 400 (use_dpop_nonce) carrying a new DPoP-Nonce is retried once with it
    if (rememberNonce(o.dpop, url, res) && res.status === 400 && attempt === 0) { await res.body?.cancel(); continue; }
    return res;
  }
}

/** Calls the token endpoint and validates a token response (RFC 6749 §5.1). */
export async function tokenRequest(
  as: AuthorizationServerMetadata,
  params: Record<string, string | undefined>,
  o: TokenEndpointOptions,
  keep: { refreshToken?: string | undefined; scope?: string | undefined } = {},
): Promise<TokenSet & { issued_token_type?: string }> {
  const res = await postForm(as, as.token_endpoint, params, o);
  if (!res.ok) throw await refused('TokenRequestFailed', res, safeUrl(as.token_endpoint));
  const doc = await readJsonObject(res);
  const { access_token: at, token_type: type, expires_in: exp, refresh_token: rt, scope, issued_token_type: itt } = doc;
  if (typeof at !== 'string' || !at || typeof type !== 'string' ||
    (exp !== undefined && (typeof exp !== 'number' || !Number.isFinite(exp) || exp < 0)) ||
    (rt !== undefined && typeof rt !== 'string') || (scope !== undefined && typeof scope !== 'string')) {
    throw new ClientFlowError('InvalidResponse', whence(res));
  }
  const refresh = typeof rt === 'string' && rt ? rt : keep.refreshToken;
  // RFC 6749 §5.1: an omitted scope is the requested one
  const granted = typeof scope === 'string' ? scope : params['scope'] ?? keep.scope;
  return {
    access_token: at,
    token_type: /^dpop$/i.test(type) ? 'DPoP' : /^bearer$/i.test(type) ? 'Bearer' : type,
    issuer: as.issuer,
    ...(typeof exp === 'number' ? { expires_at: Math.floor((o.now?.() ?? Date.now()) / 1000) + Math.floor(exp) } : {}),
    ...(refresh ? { refresh_token: refresh } : {}),
    ...(granted ? { scope: granted } : {}),
    ...(typeof itt === 'string' ? { issued_token_type: itt } : {}),
  };
}
