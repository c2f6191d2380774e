// The bearer check of createProtectedResource on plain header values, so that a server adapter can
// run it without building Fetch objects (RFC 6750 §2.1, §3; RFC 9728 §5.1).
import { formatBearerChallenge } from '@mcp-oauth/metadata';
import { ServerFlowError } from '../errors';
import type { Principal, TokenVerifier } from '../principal';
import type { BearerRequestParts, HeaderAuthenticateResult } from '../protected-resource';
import { missingScopes } from '../scopes';
import type { ResourceCors } from './resource-cors';
import type { TokenRejectEvent, TokenRejectReason } from '../token-reject';
import { rejectReason } from './reject-reason';

/** A refusal as plain values: status, headers (lower-case names) and an optional JSON body. */
export interface Denial { status: number; headers: Record<string, string>; body: string | null }

interface Config {
  resource: string; metadataUrl: string; verifier: TokenVerifier; required: readonly string[]; maxHeader: number; cors: ResourceCors;
  onReject?: ((event: TokenRejectEvent) => unknown) | undefined;
}

/** The path of a request target (`/mcp?x` or an absolute URL), without query or fragment, bounded. */
const pathOf = (target: string): string => {
  const t = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target.replace(/^[^:]+:\/\/[^/?#]*/, '') : target;
  return (t.split(/[?#]/)[0] || '/').slice(0, 256);
};

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

export function createBearerCheck(c: Config): {
  check(parts: BearerRequestParts): Promise<HeaderAuthenticateResult>;
  challenge(origin: string | null | undefined, status: number, error?: string, scopes?: readonly string[]): Denial;
  report(parts: Pick<BearerRequestParts, 'target' | 'method'>, status: number, reason: TokenRejectReason, who?: { clientId?: string; subject?: string }): void;
} {
  const challenge = (origin: string | null | undefined, status: number, error?: string, scopes: readonly string[] = c.required): Denial => {
    const scope = scopes.filter((s) => s !== 'offline_access').join(' ');
    const header = formatBearerChallenge({ resourceMetadata: c.metadataUrl, ...(scope ? { scope } : {}), ...(error ? { error } : {}) });
    const body = error ? `{"error":"${error}"}` : null;
    return { status, body, headers: { 'www-authenticate': header, 'cache-control': 'no-store', ...(body ? { 'content-type': 'application/json' } : {}), ...c.cors.response(origin) } };
  };
  /** Tells the operator's hook; a throwing or rejecting hook changes nothing. */
  const report = (parts: Pick<BearerRequestParts, 'target' | 'method'>, status: number, reason: TokenRejectReason, who?: { clientId?: string | undefined; subject?: string | undefined }): void => {
    if (!c.onReject) return;
    const method = typeof parts.method === 'string' ? parts.method.slice(0, 16) : undefined;
    const event: TokenRejectEvent = {
      reason, status, path: pathOf(String(parts.target)), ...(method ? { method } : {}),
      ...(who?.clientId !== undefined ? { clientId: who.clientId } : {}), ...(who?.subject !== undefined ? { subject: who.subject } : {}),
    };
    try { Promise.resolve(c.onReject(event)).catch(() => {}); } catch { /* the answer stays the same */ }
  };

  async function check(parts: BearerRequestParts): Promise<HeaderAuthenticateResult> {
    const { authorization: header, target, origin } = parts;
    const no = (denial: Denial, reason: TokenRejectReason, who?: { clientId?: string | undefined; subject?: string | undefined }): HeaderAuthenticateResult => {
      report(parts, denial.status, reason, who);
      return { ok: false, ...denial };
    };
    const q = target.indexOf('?');
    const inQuery = q >= 0 && target.includes('access_token', q) && new URLSearchParams(target.slice(q + 1).split('#')[0]).has('access_token');
    if (header === null || header === undefined) return no(challenge(origin, 401), inQuery ? 'token_in_request' : 'missing');
    if (typeof header !== 'string' || header.length > c.maxHeader) return no(challenge(origin, 400, 'invalid_request'), 'malformed');
    const inBody = parts.formBody !== undefined && (parts.formBody.length > 65_536 || new URLSearchParams(parts.formBody).has('access_token'));
    if (inQuery || inBody) return no(challenge(origin, 400, 'invalid_request'), 'token_in_request');
    const space = header.indexOf(' ');
    const scheme = space < 0 ? header : header.slice(0, space);
    if (scheme.toLowerCase() !== 'bearer') return no(challenge(origin, 401), 'not_bearer');
    const token = header.slice(space + 1);
    if (space < 0 || !TOKEN68.test(token)) return no(challenge(origin, 401, 'invalid_token'), 'malformed');
    let principal: Principal;
    try { principal = await c.verifier(token, c.resource); } catch (e) {
      // the upstream or the store is unavailable: the token may be fine, so the client retries rather than re-authorizes
      if (e instanceof ServerFlowError && e.status === 503) {
        return no({ status: 503, body: '{"error":"temporarily_unavailable"}', headers: { 'content-type': 'application/json', 'retry-after': '5', ...c.cors.response(origin) } }, 'unavailable');
      }
      return no(challenge(origin, 401, 'invalid_token'), rejectReason(e), e instanceof ServerFlowError ? e : undefined);
    }
    if (principal.resource !== c.resource) return no(challenge(origin, 401, 'invalid_token'), 'wrong_audience', principal);
    if (c.required.length > 0 && missingScopes(principal.scopes, c.required).length > 0) return no(challenge(origin, 403, 'insufficient_scope'), 'insufficient_scope', principal);
    return { ok: true, principal };
  }
  return { check, challenge, report };
}
