// grant_type=client_credentials (RFC 6749 §4.4): a confidential client acting alone, no user (A-ANON-1).
import { ServerFlowError } from '../errors';
import type { ClientRecord, GrantRecord } from '../store';
import { requestedResource } from './authorize-request';
import { isConfidential } from './clients';
import type { Ctx } from './context';
import { randomToken } from './crypto';
import { scopesWithoutUser } from './grant-policy';
import type { TokenResponseBody } from './issue-tokens';
import { issueTokens } from './issue-tokens';

/** Called once `/token` checked that the client may use this grant (`mayUseGrant`). */
export async function clientCredentialsGrant(ctx: Ctx, client: ClientRecord, form: Map<string, string>): Promise<TokenResponseBody> {
  if (!isConfidential(client)) throw new ServerFlowError('UnauthorizedClient');
  const resource = requestedResource(ctx, form.get('resource'));
  const scopes = scopesWithoutUser(ctx, client, form.get('scope'));
  const now = ctx.now();
  const grant: GrantRecord = {
    id: randomToken(16), clientId: client.clientId, subject: client.clientId, scopes, resource, createdAt: now, expiresAt: now + ctx.ttl.accessToken,
    grantType: 'client_credentials',
  };
  await ctx.store.putGrant(grant);
  const body = await issueTokens(ctx, grant, scopes, false);
  ctx.audit({ type: 'token.issued', clientId: client.clientId, subject: client.clientId, grantId: grant.id, grantType: 'client_credentials', scopes, resource });
  return body;
}
