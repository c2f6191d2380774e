// Minting access tokens (RFC 9068 JWT, or opaque) and refresh tokens for a grant.
import { signAccessToken } from '@mcp-oauth/jwt-lite';
import type { GrantRecord } from '../store';
import type { Ctx } from './context';
import { randomToken, sha256 } from './crypto';
import { signingKey } from './keys';

export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

/** Issues an access token for `scopes` (a subset of the grant's) and, when asked, a refresh token for the whole grant. */
export async function issueTokens(ctx: Ctx, grant: GrantRecord, scopes: string[], refresh: string | boolean): Promise<TokenResponseBody> {
  const now = ctx.now();
  const exp = Math.min(now + ctx.ttl.accessToken, grant.expiresAt);
  const jti = randomToken(16, ctx.opts.crypto);
  let accessToken: string;
  if (ctx.opts.tokens?.format === 'opaque') {
    accessToken = randomToken(32, ctx.opts.crypto);
    await ctx.store.putAccessToken(await sha256(accessToken, ctx.opts.crypto), {
      jti, grantId: grant.id, clientId: grant.clientId, subject: grant.subject, scopes, resource: grant.resource, issuedAt: now, expiresAt: exp,
    });
  } else {
    const key = await signingKey(ctx);
    const iat = Math.floor(now / 1000);
    accessToken = await signAccessToken({
      iss: ctx.issuer, sub: grant.subject, aud: grant.resource, client_id: grant.clientId, scope: scopes.join(' '),
      iat, exp: Math.floor(exp / 1000), jti, sid: grant.id, ...(grant.grantType !== undefined ? { gty: grant.grantType } : {}),
    }, key.privateKey, ctx.opts.crypto ? { crypto: ctx.opts.crypto } : {});
  }
  const body: TokenResponseBody = {
    access_token: accessToken, token_type: 'Bearer', expires_in: Math.max(0, Math.floor((exp - now) / 1000)), scope: scopes.join(' '),
  };
  if (refresh === true) {
    const rt = randomToken(32, ctx.opts.crypto);
    await ctx.store.putRefreshToken(await sha256(rt, ctx.opts.crypto), { grantId: grant.id, clientId: grant.clientId, scopes: grant.scopes, resource: grant.resource, expiresAt: grant.expiresAt });
    body.refresh_token = rt;
  } else if (typeof refresh === 'string') body.refresh_token = refresh;
  return body;
}
