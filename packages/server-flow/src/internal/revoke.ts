// POST /revoke (RFC 7009) and POST /introspect (RFC 7662), A-REV-1.
import { ServerFlowError } from '../errors';
import type { ClientRecord } from '../store';
import { authenticateClient } from './client-auth';
import { isConfidential } from './clients';
import type { Ctx } from './context';
import { tokenHashPrefix } from './context';
import { sha256 } from './crypto';
import { mayIntrospect } from './grant-policy';
import { errorJson, json, readForm } from './http';
import { verifyOwnToken } from './verify-own-token';
import { absentUnlessDown } from './store-guard';

async function authenticated(ctx: Ctx, request: Request, configuredOnly = false): Promise<{ client: ClientRecord; token: string | undefined; hint: string | undefined }> {
  const form = await readForm(request, ctx.maxBody);
  const client = await authenticateClient(ctx, request, form, configuredOnly);
  const token = form.get('token');
  if (token !== undefined && token.length > 8192) throw new ServerFlowError('InvalidRequest', 'token too long');
  return { client, token, hint: form.get('token_type_hint') };
}

/** Revokes a refresh token (ending its grant and the grant's access tokens) or one access token; unknown or foreign tokens get 200 and nothing changes. */
export async function handleRevoke(ctx: Ctx, request: Request): Promise<Response> {
  try {
    const { client, token } = await authenticated(ctx, request);
    if (token === undefined) throw new ServerFlowError('InvalidRequest', 'token missing');
    const hash = await sha256(token, ctx.opts.crypto);
    const rt = await ctx.store.getRefreshToken(hash);
    if (rt !== undefined) {
      if (rt.clientId === client.clientId && (await ctx.store.revokeGrant(rt.grantId))) {
        ctx.audit({ type: 'grant.revoked', clientId: client.clientId, grantId: rt.grantId, tokenHash: await tokenHashPrefix(token) });
      }
    } else {
      const p = await verifyOwnToken(ctx, token).catch(absentUnlessDown);
      if (p !== undefined && p.clientId === client.clientId && p.tokenId !== undefined) {
        await ctx.store.revokeAccessToken(p.tokenId, p.expiresAt * 1000 + 60_000);
        ctx.audit({ type: 'token.revoked', clientId: client.clientId, tokenId: p.tokenId, ...(p.grantId ? { grantId: p.grantId } : {}) });
      }
    }
    return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (!(e instanceof ServerFlowError)) throw e;
    return errorJson(e);
  }
}

/**
 * Introspection for the resource servers listed in `introspectionClients` (A-INTRO-1); anything not
 * live is `{ active: false }`. Only configured clients can authenticate here (a self-registered or
 * CIMD id is unknown: 401, no lookup or fetch); a configured client not listed gets 403, both before
 * the token is looked at.
 */
export async function handleIntrospect(ctx: Ctx, request: Request): Promise<Response> {
  try {
    const { client, token } = await authenticated(ctx, request, true);
    if (!isConfidential(client)) throw new ServerFlowError('InvalidClient', 'introspection needs an authenticated client');
    if (!mayIntrospect(ctx, client)) throw new ServerFlowError('AccessDenied', 'client not allowed to introspect');
    if (token === undefined) throw new ServerFlowError('InvalidRequest', 'token missing');
    const p = await verifyOwnToken(ctx, token).catch(absentUnlessDown);
    if (p === undefined) return json({ active: false });
    return json({
      active: true, scope: p.scopes.join(' '), client_id: p.clientId, sub: p.subject, aud: p.resource, iss: p.issuer,
      exp: p.expiresAt, token_type: 'Bearer', ...(p.tokenId ? { jti: p.tokenId } : {}), ...(p.grantId ? { sid: p.grantId } : {}),
    });
  } catch (e) {
    if (!(e instanceof ServerFlowError)) throw e;
    return errorJson(e);
  }
}
