// grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 8707 §2.2, A-CODE-1).
import { verifyCodeChallenge, type Sha256 } from '@mcp-oauth/pkce';
import { ServerFlowError } from '../errors';
import type { ClientRecord } from '../store';
import type { Ctx } from './context';
import { sha256 } from './crypto';
import { tokenHashPrefix } from './context';
import type { TokenResponseBody } from './issue-tokens';
import { issueTokens } from './issue-tokens';

export async function codeGrant(ctx: Ctx, client: ClientRecord, form: Map<string, string>): Promise<TokenResponseBody> {
  const code = form.get('code');
  if (code === undefined || code === '' || code.length > 512) throw new ServerFlowError('InvalidRequest', 'code missing');
  const hash = await sha256(code, ctx.opts.crypto);
  const rec = await ctx.store.getCode(hash);
  if (rec === undefined) throw new ServerFlowError('InvalidGrant', 'code invalid or expired');
  if (rec.clientId !== client.clientId) throw new ServerFlowError('InvalidGrant', 'code was issued to another client');
  // `used` is checked before expiry: a replay after the TTL still ends the grant (A86).
  if (rec.used) {
    // A6: a second redemption revokes everything the first issued.
    await ctx.store.revokeGrant(rec.grantId);
    ctx.audit({ type: 'token.reuse_detected', clientId: client.clientId, grantId: rec.grantId, grantType: 'authorization_code', tokenHash: await tokenHashPrefix(code) });
    ctx.audit({ type: 'grant.revoked', clientId: client.clientId, grantId: rec.grantId });
    throw new ServerFlowError('InvalidGrant', 'code already used');
  }
  if (rec.expiresAt <= ctx.now()) throw new ServerFlowError('InvalidGrant', 'code invalid or expired');
  // Checks that fail without consuming the code, so a stolen code cannot be burnt for its owner (A10, A11).
  if (form.get('redirect_uri') !== rec.redirectUri) throw new ServerFlowError('InvalidGrant', 'redirect_uri differs from the authorization request');
  const resource = form.get('resource');
  if (resource !== undefined && resource !== rec.resource) throw new ServerFlowError('InvalidTarget');
  const verifier = form.get('code_verifier');
  if (verifier === undefined) throw new ServerFlowError('InvalidGrant', 'code_verifier missing');
  let ok: boolean;
  try { ok = await verifyCodeChallenge(verifier, rec.codeChallenge, (ctx.opts.crypto?.digest ? ctx.opts.crypto : undefined) as Sha256 | undefined); } catch {
    throw new ServerFlowError('InvalidRequest', 'code_verifier malformed');
  }
  if (!ok) throw new ServerFlowError('InvalidGrant', 'code_verifier does not match');
  const grant = await ctx.store.getGrant(rec.grantId);
  if (grant === undefined) throw new ServerFlowError('InvalidGrant', 'grant ended');
  // Tokens are written before the code is marked used: a crash in between leaves an unused code
  // (the client may redeem it again) and tokens nobody received, never a redeemed code without its
  // tokens. A lost race below revokes the grant, and with it what this call wrote.
  const body = await issueTokens(ctx, grant, rec.scopes, client.metadata.grant_types.includes('refresh_token'));
  // The used mark outlives every token this exchange can issue (A-CODE-1).
  if (!(await ctx.store.consumeCode(hash, ctx.now() + Math.max(ctx.ttl.refreshToken, ctx.ttl.accessToken)))) {
    await ctx.store.revokeGrant(rec.grantId);
    ctx.audit({ type: 'token.reuse_detected', clientId: client.clientId, grantId: rec.grantId, grantType: 'authorization_code' });
    throw new ServerFlowError('InvalidGrant', 'code already used');
  }
  ctx.audit({ type: 'token.issued', clientId: client.clientId, subject: grant.subject, grantId: grant.id, grantType: 'authorization_code', scopes: rec.scopes, resource: grant.resource });
  return body;
}
