// Minting an authorization code once the user approved (RFC 6749 §4.1.2, A-CODE-1).
import type { UpstreamTokens } from '../store';
import type { AuthzRequest } from './authorize-request';
import { redirectTo } from './authorize-request';
import type { Ctx } from './context';
import { randomToken, sha256 } from './crypto';
import { storedUpstream } from './upstream-tokens';

/** How long a self-registered client is kept after its newest grant ends (ms). */
const USED_CLIENT_GRACE = 30 * 86_400_000;

export async function issueCode(ctx: Ctx, req: AuthzRequest, subject: string, status: number, upstream?: UpstreamTokens): Promise<Response> {
  const now = ctx.now();
  const grantId = randomToken(16, ctx.opts.crypto);
  const code = randomToken(32, ctx.opts.crypto);
  // The grant is created whole now (only a compare-and-set updates it later, so no write can
  // resurrect a revoked one): it lives as long as its refresh tokens may, or, with delegation and
  // no upstream refresh token, as long as the upstream access token.
  const end = upstream?.refreshToken === undefined ? upstream?.expiresAt ?? now + ctx.ttl.refreshToken : now + ctx.ttl.refreshToken;
  await ctx.store.putGrant({
    id: grantId, clientId: req.client.clientId, subject, scopes: req.scopes, resource: req.resource,
    createdAt: now, expiresAt: end, ...(upstream ? await storedUpstream(ctx, grantId, upstream) : {}),
  });
  // A self-registered client a user authorized is kept until 30 days after its newest grant ends
  // (an unused one expires sooner, A-DOS-1); the write happens once a day at most.
  const keep = end + USED_CLIENT_GRACE;
  if (req.client.expiresAt !== undefined && req.client.expiresAt < keep - 86_400_000) await ctx.store.putClient({ ...req.client, expiresAt: keep });
  await ctx.store.putCode(await sha256(code, ctx.opts.crypto), {
    grantId, clientId: req.client.clientId, redirectUri: req.redirectUri, codeChallenge: req.codeChallenge,
    scopes: req.scopes, resource: req.resource, subject, expiresAt: now + ctx.ttl.code,
  });
  ctx.audit({ type: 'authorization.approved', clientId: req.client.clientId, subject, grantId, scopes: req.scopes, resource: req.resource });
  return redirectTo(ctx, req.redirectUri, req.state, { code }, status);
}

export function consentKey(subject: string, req: AuthzRequest): Promise<string> {
  return sha256(JSON.stringify([subject, req.client.clientId, req.redirectUri, req.resource]));
}
