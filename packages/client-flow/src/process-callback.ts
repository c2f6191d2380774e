import { ClientFlowError } from './errors';
import type { AuthorizationTransaction } from './types';

/**
 * Validates the authorization response and returns the code. The `state` must equal the pending
 * transaction's (C-AUTH-2; no transaction means no response is expected). RFC 9207 `iss` is then
 * checked against the recorded issuer with an exact string compare and no normalisation: advertised
 * and absent → `IssuerMissing`; present and different → `IssuerMismatch` (C-AUTH-3). Only then is an
 * error response reported, by its `error` code alone (`error_description` and `error_uri` are never
 * read). The caller deletes the transaction before calling, so a replayed `state` finds none.
 *
 * @example
 * ```ts
 * import { processCallback, type AuthorizationTransaction } from '@mcp-oauth/client-flow';
 * declare const callbackUrl: string; // the URL the browser was redirected to
 * declare const pending: AuthorizationTransaction; // from buildAuthorizationUrl
 *
 * const code = processCallback(callbackUrl, pending); // then exchangeCode(...)
 * ```
 * @throws {ClientFlowError} `StateMismatch`, `IssuerMissing`, `IssuerMismatch`, `AuthorizationDenied`, `InvalidResponse`.
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function processCallback(callbackUrl: string | URL, transaction: AuthorizationTransaction | undefined): string {
  const p = new URL(callbackUrl).searchParams;
  const one = (k: string): string | null => {
    const all = p.getAll(k);
    if (all.length > 1) throw new ClientFlowError('InvalidResponse');
    return all[0] ?? null;
  };
  const state = one('state');
  if (!transaction || state === null || state !== transaction.state) throw new ClientFlowError('StateMismatch');
  const iss = one('iss');
  if (iss === null ? transaction.iss_supported : iss !== transaction.issuer) {
    throw new ClientFlowError(iss === null ? 'IssuerMissing' : 'IssuerMismatch');
  }
  const error = one('error');
  if (error !== null) throw new ClientFlowError('AuthorizationDenied', { oauthError: error });
  const code = one('code');
  if (!code) throw new ClientFlowError('InvalidResponse');
  return code;
}
