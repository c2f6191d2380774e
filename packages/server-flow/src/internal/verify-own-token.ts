// Checking a token this server issued: signature or store lookup, expiry, grant still alive, not revoked.
import { createVerifiedTokenCache, verifyAccessToken, verifyJwt } from '@mcp-oauth/jwt-lite';
import type { VerifiedTokenCache } from '@mcp-oauth/jwt-lite';
import { ServerFlowError } from '../errors';
import type { Principal } from '../principal';
import type { Ctx } from './context';
import { sha256 } from './crypto';
import { localResolver } from './keys';
import { parseScope } from '../scopes';

const REQUIRED = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];
const caches = new WeakMap<Ctx, VerifiedTokenCache>();

const invalid = (): never => { throw new ServerFlowError('InvalidToken'); };

export async function verifyOwnToken(ctx: Ctx, token: string, resource?: string): Promise<Principal> {
  if (token.length > 8192) invalid();
  let p: Principal;
  if (ctx.opts.tokens?.format === 'opaque') {
    const rec = await ctx.store.getAccessToken(await sha256(token));
    if (rec === undefined || rec.expiresAt <= ctx.now()) return invalid();
    p = { subject: rec.subject, clientId: rec.clientId, scopes: rec.scopes, resource: rec.resource, grantId: rec.grantId, tokenId: rec.jti, expiresAt: Math.floor(rec.expiresAt / 1000), issuer: ctx.issuer };
  } else {
    const { resolver, algs } = await localResolver(ctx);
    let cache = caches.get(ctx);
    if (cache === undefined) caches.set(ctx, (cache = createVerifiedTokenCache({ now: () => ctx.now() / 1000 })));
    let claims: Record<string, unknown>;
    try {
      const now = (): number => ctx.now() / 1000;
      claims = resource !== undefined
        ? await verifyAccessToken(token, resolver, { algorithms: algs, issuer: ctx.issuer, audience: resource, strictAudience: true, now, cache })
        : (await verifyJwt(token, resolver, { algorithms: algs, issuer: ctx.issuer, audience: ctx.opts.resources, typ: 'at+jwt', requiredClaims: REQUIRED, now, cache })).claims;
    } catch { return invalid(); }
    const aud = Array.isArray(claims['aud']) ? claims['aud'][0] : claims['aud'];
    p = {
      subject: String(claims['sub']), clientId: String(claims['client_id']), scopes: parseScope(typeof claims['scope'] === 'string' ? claims['scope'] : undefined),
      resource: String(aud), tokenId: String(claims['jti']), expiresAt: claims['exp'] as number, issuer: ctx.issuer,
      ...(typeof claims['sid'] === 'string' ? { grantId: claims['sid'] } : {}),
    };
  }
  if (resource !== undefined && p.resource !== resource) invalid();
  if (p.grantId !== undefined && (await ctx.store.getGrant(p.grantId)) === undefined) invalid();
  if (p.tokenId !== undefined && (await ctx.store.isAccessTokenRevoked(p.tokenId))) invalid();
  return p;
}
