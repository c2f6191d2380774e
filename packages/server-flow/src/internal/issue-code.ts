// Minting an authorization code once the user approved (RFC 6749 §4.1.2, A-CODE-1).
import type { UpstreamTokens } from '../store';
import type { AuthzRequest } from './authorize-request';
import { redirectTo } from './authorize-request';
import type { Ctx } from './context';
import { randomToken, sha256 } from './crypto';

export async function issueCode(ctx: Ctx, req: AuthzRequest, subject: string, status: number, upstream?: UpstreamTokens): Promise<Response> {
  const now = ctx.now();
  const grantId = randomToken(16);
  const code = randomToken(32);
  // The grant is created whole now (so no later write can resurrect a revoked one): it lives as
  // long as its refresh tokens may, or, with delegation, as long as the upstream session.
  await ctx.store.putGrant({
    id: grantId, clientId: req.client.clientId, subject, scopes: req.scopes, resource: req.resource,
    createdAt: now, expiresAt: upstream?.expiresAt ?? now + ctx.ttl.refreshToken, ...(upstream ? { upstream } : {}),
  });
  await ctx.store.putCode(await sha256(code), {
    grantId, clientId: req.client.clientId, redirectUri: req.redirectUri, codeChallenge: req.codeChallenge,
    scopes: req.scopes, resource: req.resource, subject, expiresAt: now + ctx.ttl.code,
  });
  ctx.audit({ type: 'authorization.approved', clientId: req.client.clientId, subject, grantId, scopes: req.scopes, resource: req.resource });
  return redirectTo(ctx, req.redirectUri, req.state, { code }, status);
}

export function consentKey(subject: string, req: AuthzRequest): Promise<string> {
  return sha256(JSON.stringify([subject, req.client.clientId, req.redirectUri, req.resource]));
}
