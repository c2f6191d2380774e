// Checking a token this server issued: signature or store lookup, expiry, grant still alive, not revoked.
import { createVerifiedTokenCache, verifyAccessToken } from '@mcp-oauth/jwt-lite';
import type { AccessTokenClaims, VerifiedTokenCache } from '@mcp-oauth/jwt-lite';
import type { TokenRejectReason } from '../token-reject';
import { invalidToken, rejectReason } from './reject-reason';
import type { Principal } from '../principal';
import type { Ctx } from './context';
import { sha256 } from './crypto';
import { localResolver } from './keys';
import { parseScope } from '../scopes';
import { claimsHaveUser } from './grant-policy';

const caches = new WeakMap<Ctx, VerifiedTokenCache>();

const invalid = (reason: TokenRejectReason, who?: Principal): never => { throw invalidToken(reason, who); };

export async function verifyOwnToken(ctx: Ctx, token: string, resource?: string): Promise<Principal> {
  if (token.length > 8192) invalid('malformed');
  let p: Principal;
  if (ctx.opts.tokens?.format === 'opaque') {
    const rec = await ctx.store.getAccessToken(await sha256(token, ctx.opts.crypto));
    if (rec === undefined) return invalid('unknown_token');
    if (rec.expiresAt <= ctx.now()) return invalid('expired');
    p = { subject: rec.subject, hasUser: rec.subject !== rec.clientId, clientId: rec.clientId, scopes: rec.scopes, resource: rec.resource, grantId: rec.grantId, tokenId: rec.jti, expiresAt: Math.floor(rec.expiresAt / 1000), issuer: ctx.issuer };
  } else {
    const r = localResolver(ctx);
    const { resolver, algs } = r instanceof Promise ? await r : r;
    let cache = caches.get(ctx);
    if (cache === undefined) caches.set(ctx, (cache = createVerifiedTokenCache({ now: () => ctx.now() / 1000 })));
    let claims: AccessTokenClaims;
    try {
      const now = (): number => ctx.now() / 1000;
      // RFC 9068 profile; without a resource, any of ours (each token has exactly one `aud`).
      claims = await verifyAccessToken(token, resolver, { algorithms: algs, issuer: ctx.issuer, audience: resource ?? ctx.opts.resources, strictAudience: true, now, cache, ...(ctx.opts.crypto ? { crypto: ctx.opts.crypto } : {}) });
    } catch (e) { return invalid(rejectReason(e)); }
    // Types checked by verifyAccessToken; strictAudience: exactly one `aud`.
    const { aud, sid } = claims;
    p = {
      subject: claims.sub, hasUser: claimsHaveUser(claims.sub, claims.client_id, claims['gty']), clientId: claims.client_id, scopes: parseScope(claims.scope), resource: typeof aud === 'string' ? aud : aud[0]!,
      tokenId: claims.jti, expiresAt: claims.exp, issuer: ctx.issuer,
    };
    if (typeof sid === 'string') p.grantId = sid;
  }
  if (resource !== undefined && p.resource !== resource) invalid('wrong_audience', p);
  if (p.grantId !== undefined) {
    const grant = await ctx.store.getGrant(p.grantId);
    if (grant === undefined) return invalid('revoked', p);
    if (grant.grantType !== undefined) p.hasUser = false; // A79: recorded with the grant
  }
  if (p.tokenId !== undefined && (await ctx.store.isAccessTokenRevoked(p.tokenId))) invalid('revoked', p);
  return p;
}
