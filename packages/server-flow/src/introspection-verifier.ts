import { readJsonBody } from '@mcp-oauth/metadata';
import { ServerFlowError } from './errors';
import type { Principal, TokenVerifier } from './principal';
import { parseScope } from './scopes';
import { claimsHaveUser } from './internal/grant-policy';
import { invalidToken } from './internal/reject-reason';

/** Options of {@link introspectionVerifier}. */
export interface IntrospectionVerifierOptions {
  /** The issuer's `introspection_endpoint` (https, or http on loopback). */
  endpoint: string;
  /** The issuer, compared with the response's `iss` when it has one. */
  issuer: string;
  /** This resource server's client credentials at the issuer (sent with HTTP Basic). */
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  /** Milliseconds allowed per introspection call. Default 5000. */
  timeout?: number;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/**
 * A {@link TokenVerifier} that asks the authorization server (RFC 7662): the token must be
 * `active`, unexpired, and have this resource as its `aud`. Any failure of the call is a 503 at
 * the resource, never an acceptance. The principal's `hasUser` follows the rule of `jwtVerifier`
 * (`sub` equal to `client_id`, or a non-user `gty`, means no user). This resource server must be
 * listed in the issuer's `introspectionClients` (A-INTRO-1).
 *
 * @throws {TypeError} when `endpoint` is not an absolute URL.
 * @example
 * ```ts
 * import { introspectionVerifier } from '@mcp-oauth/server-flow'
 * declare const clientSecret: string
 * const verifier = introspectionVerifier({
 *   endpoint: 'https://auth.example.com/introspect', issuer: 'https://auth.example.com', clientId: 'rs', clientSecret,
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2
 */
export function introspectionVerifier(options: IntrospectionVerifierOptions): TokenVerifier {
  try { new URL(options.endpoint); } catch { throw new TypeError('endpoint must be an absolute URL'); }
  const enc = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');
  const auth = `Basic ${btoa(`${enc(options.clientId)}:${enc(options.clientSecret)}`)}`;
  const now = options.now ?? Date.now;
  return async (token, resource) => {
    let body: unknown;
    try {
      const res = await (options.fetch ?? fetch)(options.endpoint, {
        method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(options.timeout ?? 5000),
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      });
      if (res.status !== 200) throw 0;
      body = await readJsonBody(res, { maxBytes: 16_384 });
    } catch { throw new ServerFlowError('UpstreamFailed'); }
    const r = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const aud = r['aud'];
    const audOk = aud === resource || (Array.isArray(aud) && aud.length === 1 && aud[0] === resource);
    const exp = r['exp'];
    if (r['active'] !== true) throw invalidToken('inactive');
    if (typeof exp !== 'number' || typeof r['sub'] !== 'string' || typeof r['client_id'] !== 'string') throw invalidToken('invalid');
    if (r['iss'] !== undefined && r['iss'] !== options.issuer) throw invalidToken('wrong_issuer');
    const who = { clientId: r['client_id'], subject: r['sub'] };
    if (!audOk) throw invalidToken('wrong_audience', who);
    if (exp * 1000 <= now()) throw invalidToken('expired', who);
    const principal: Principal = {
      subject: r['sub'], hasUser: claimsHaveUser(r['sub'], r['client_id'], r['gty']), clientId: r['client_id'], scopes: parseScope(typeof r['scope'] === 'string' ? r['scope'] : undefined),
      resource, expiresAt: exp, issuer: options.issuer,
      ...(typeof r['jti'] === 'string' ? { tokenId: r['jti'] } : {}), ...(typeof r['sid'] === 'string' ? { grantId: r['sid'] } : {}),
    };
    return principal;
  };
}
