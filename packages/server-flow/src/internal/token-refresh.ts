// grant_type=refresh_token with rotation and reuse detection (RFC 6749 §6, RFC 9700 §4.14.2, A-RT-1).
import { ServerFlowError } from '../errors';
import { missingScopes, parseScope } from '../scopes';
import type { ClientRecord } from '../store';
import type { Ctx } from './context';
import { tokenHashPrefix } from './context';
import { randomToken, sha256 } from './crypto';
import type { TokenResponseBody } from './issue-tokens';
import { issueTokens } from './issue-tokens';

/** Concurrent refreshes with one token inside this window lose without ending the grant (documented grace). */
export const REUSE_GRACE_MS = 2000;

async function reuse(ctx: Ctx, client: ClientRecord, grantId: string, rotatedAt: number | undefined, token: string): Promise<never> {
  if (rotatedAt === undefined || ctx.now() - rotatedAt > REUSE_GRACE_MS) {
    await ctx.store.revokeGrant(grantId);
    ctx.audit({ type: 'token.reuse_detected', clientId: client.clientId, grantId, grantType: 'refresh_token', tokenHash: await tokenHashPrefix(token) });
    ctx.audit({ type: 'grant.revoked', clientId: client.clientId, grantId });
  }
  throw new ServerFlowError('InvalidGrant', 'refresh token already used');
}

export async function refreshGrant(ctx: Ctx, client: ClientRecord, form: Map<string, string>): Promise<TokenResponseBody> {
  const token = form.get('refresh_token');
  if (token === undefined || token === '' || token.length > 512) throw new ServerFlowError('InvalidRequest', 'refresh_token missing');
  // both hashes at once: on Node each is a WebCrypto thread-pool round trip
  const next = randomToken(32, ctx.opts.crypto);
  const [hash, nextHash] = await Promise.all([sha256(token, ctx.opts.crypto), sha256(next, ctx.opts.crypto)]);
  const rec = await ctx.store.getRefreshToken(hash);
  if (rec === undefined || rec.expiresAt <= ctx.now()) throw new ServerFlowError('InvalidGrant', 'refresh token invalid or expired');
  if (rec.clientId !== client.clientId) throw new ServerFlowError('InvalidGrant', 'refresh token was issued to another client');
  if (rec.rotated) return reuse(ctx, client, rec.grantId, rec.rotatedAt, token);
  let scopes: string[];
  try { scopes = parseScope(form.get('scope')); } catch { throw new ServerFlowError('InvalidScope'); }
  if (scopes.length === 0) scopes = rec.scopes;
  else if (missingScopes(rec.scopes, scopes).length > 0) throw new ServerFlowError('InvalidScope');
  const resource = form.get('resource');
  if (resource !== undefined && resource !== rec.resource) throw new ServerFlowError('InvalidTarget');
  const grant = await ctx.store.getGrant(rec.grantId);
  if (grant === undefined) throw new ServerFlowError('InvalidGrant', 'grant ended');
  const result = await ctx.store.rotateRefreshToken(hash, nextHash, { ...rec, expiresAt: grant.expiresAt });
  if (result === 'missing') throw new ServerFlowError('InvalidGrant', 'refresh token invalid or expired');
  if (result === 'reused') return reuse(ctx, client, rec.grantId, (await ctx.store.getRefreshToken(hash))?.rotatedAt, token);
  const body = await issueTokens(ctx, grant, scopes, next);
  ctx.audit({ type: 'token.refreshed', clientId: client.clientId, subject: grant.subject, grantId: grant.id, grantType: 'refresh_token', scopes, resource: grant.resource });
  return body;
}
