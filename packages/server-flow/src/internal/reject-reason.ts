// Why a token was refused, from the coded errors of jwt-lite and server-flow (for `onReject`).
import { JwtError, type JwtErrorCode } from '@mcp-oauth/jwt-lite';
import { ServerFlowError } from '../errors';
import type { TokenRejectReason } from '../token-reject';

const JWT: Partial<Record<JwtErrorCode, TokenRejectReason>> = {
  JWSInvalid: 'malformed', ClaimInvalid: 'malformed', ClaimMissing: 'malformed', TypMismatch: 'malformed',
  AlgNotAllowed: 'bad_signature', SignatureInvalid: 'bad_signature', KeyNotFound: 'unknown_key',
  Expired: 'expired', NotYetValid: 'not_yet_valid', IssuerMismatch: 'wrong_issuer', AudienceMismatch: 'wrong_audience',
  Revoked: 'revoked', JwksFetchFailed: 'unavailable',
};

/** The reason a verifier's error stands for (`invalid` when it does not say). */
export function rejectReason(e: unknown): TokenRejectReason {
  if (e instanceof ServerFlowError) return e.status === 503 ? 'unavailable' : e.reason ?? 'invalid';
  return e instanceof JwtError ? JWT[e.code] ?? 'invalid' : 'invalid';
}

/** A ServerFlowError `InvalidToken` carrying the reason (and who, when verified). */
export function invalidToken(reason: TokenRejectReason, who?: { clientId: string; subject: string }): ServerFlowError {
  return new ServerFlowError('InvalidToken', undefined, { reason, ...(who ? { clientId: who.clientId, subject: who.subject } : {}) });
}
