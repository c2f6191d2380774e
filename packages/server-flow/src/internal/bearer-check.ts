// The bearer check of createProtectedResource on plain header values, so that a server adapter can
// run it without building Fetch objects (RFC 6750 §2.1, §3; RFC 9728 §5.1).
import { formatBearerChallenge } from '@mcp-oauth/metadata';
import { ServerFlowError } from '../errors';
import type { Principal, TokenVerifier } from '../principal';
import type { BearerRequestParts, HeaderAuthenticateResult } from '../protected-resource';
import { missingScopes } from '../scopes';
import type { ResourceCors } from './resource-cors';

/** A refusal as plain values: status, headers (lower-case names) and an optional JSON body. */
export interface Denial { status: number; headers: Record<string, string>; body: string | null }

interface Config { resource: string; metadataUrl: string; verifier: TokenVerifier; required: readonly string[]; maxHeader: number; cors: ResourceCors }

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

export function createBearerCheck(c: Config): {
  check(parts: BearerRequestParts): Promise<HeaderAuthenticateResult>;
  challenge(origin: string | null | undefined, status: number, error?: string, scopes?: readonly string[]): Denial;
} {
  const challenge = (origin: string | null | undefined, status: number, error?: string, scopes: readonly string[] = c.required): Denial => {
    const scope = scopes.filter((s) => s !== 'offline_access').join(' ');
    const header = formatBearerChallenge({ resourceMetadata: c.metadataUrl, ...(scope ? { scope } : {}), ...(error ? { error } : {}) });
    const body = error ? `{"error":"${error}"}` : null;
    return { status, body, headers: { 'www-authenticate': header, 'cache-control': 'no-store', ...(body ? { 'content-type': 'application/json' } : {}), ...c.cors.response(origin) } };
  };
  const no = (denial: Denial): HeaderAuthenticateResult => ({ ok: false, ...denial });

  async function check(parts: BearerRequestParts): Promise<HeaderAuthenticateResult> {
    const { authorization: header, target, origin } = parts;
    const q = target.indexOf('?');
    const inQuery = q >= 0 && target.includes('access_token', q) && new URLSearchParams(target.slice(q + 1).split('#')[0]).has('access_token');
    if (header === null || header === undefined) return no(challenge(origin, 401));
    if (typeof header !== 'string' || header.length > c.maxHeader) return no(challenge(origin, 400, 'invalid_request'));
    const inBody = parts.formBody !== undefined && (parts.formBody.length > 65_536 || new URLSearchParams(parts.formBody).has('access_token'));
    if (inQuery || inBody) return no(challenge(origin, 400, 'invalid_request'));
    const space = header.indexOf(' ');
    const scheme = space < 0 ? header : header.slice(0, space);
    if (scheme.toLowerCase() !== 'bearer') return no(challenge(origin, 401));
    const token = header.slice(space + 1);
    if (space < 0 || !TOKEN68.test(token)) return no(challenge(origin, 401, 'invalid_token'));
    let principal: Principal;
    try { principal = await c.verifier(token, c.resource); } catch (e) {
      // the upstream or the store is unavailable: the token may be fine, so the client retries rather than re-authorizes
      if (e instanceof ServerFlowError && (e.code === 'UpstreamFailed' || e.code === 'StoreFull')) {
        return no({ status: 503, body: '{"error":"temporarily_unavailable"}', headers: { 'content-type': 'application/json', 'retry-after': '5', ...c.cors.response(origin) } });
      }
      return no(challenge(origin, 401, 'invalid_token'));
    }
    if (principal.resource !== c.resource) return no(challenge(origin, 401, 'invalid_token'));
    if (c.required.length > 0 && missingScopes(principal.scopes, c.required).length > 0) return no(challenge(origin, 403, 'insufficient_scope'));
    return { ok: true, principal };
  }
  return { check, challenge };
}
