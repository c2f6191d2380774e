// POST /token: client authentication, then one grant type (RFC 6749 §3.2, §4.4, §5).
import { ServerFlowError } from '../errors';
import type { ClientRecord } from '../store';
import { requestedResource, requestedScopes } from './authorize-request';
import { authenticateClient } from './client-auth';
import { isConfidential } from './clients';
import type { Ctx } from './context';
import { randomToken } from './crypto';
import { errorJson, json, readForm } from './http';
import type { TokenResponseBody } from './issue-tokens';
import { issueTokens } from './issue-tokens';
import { codeGrant } from './token-code';
import { refreshGrant } from './token-refresh';

async function clientCredentials(ctx: Ctx, client: ClientRecord, form: Map<string, string>): Promise<TokenResponseBody> {
  if (!isConfidential(client) || !client.metadata.grant_types.includes('client_credentials')) {
    throw new ServerFlowError('UnauthorizedClient');
  }
  const resource = requestedResource(ctx, form.get('resource'));
  const scopes = requestedScopes(ctx, client, form.get('scope'));
  const now = ctx.now();
  const grant = { id: randomToken(16), clientId: client.clientId, subject: client.clientId, scopes, resource, createdAt: now, expiresAt: now + ctx.ttl.accessToken };
  await ctx.store.putGrant(grant);
  const body = await issueTokens(ctx, grant, scopes, false);
  ctx.audit({ type: 'token.issued', clientId: client.clientId, subject: client.clientId, grantId: grant.id, grantType: 'client_credentials', scopes, resource });
  return body;
}

export async function handleToken(ctx: Ctx, request: Request): Promise<Response> {
  let clientId: string | undefined;
  let grantType: string | undefined;
  try {
    const form = await readForm(request, ctx.maxBody);
    grantType = form.get('grant_type');
    const client = await authenticateClient(ctx, request, form);
    clientId = client.clientId;
    let body: TokenResponseBody;
    if ((grantType === 'authorization_code' || grantType === 'refresh_token') && !client.metadata.grant_types.includes(grantType)) {
      throw new ServerFlowError('UnauthorizedClient');
    }
    if (grantType === 'authorization_code') body = await codeGrant(ctx, client, form);
    else if (grantType === 'refresh_token') body = await refreshGrant(ctx, client, form);
    else if (grantType === 'client_credentials') body = await clientCredentials(ctx, client, form);
    else if (grantType === undefined) throw new ServerFlowError('InvalidRequest', 'grant_type missing');
    else throw new ServerFlowError('UnsupportedGrantType');
    return json(body);
  } catch (e) {
    if (!(e instanceof ServerFlowError)) throw e;
    const known = ['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType ?? '') ? grantType : undefined;
    ctx.audit({ type: 'token.failed', error: e.oauthError, ...(clientId ? { clientId } : {}), ...(known ? { grantType: known } : {}) });
    return errorJson(e, e.code === 'MethodNotAllowed' ? { allow: 'POST' } : {});
  }
}
