// POST /token: client authentication, then one grant type (RFC 6749 §3.2, §4.4, §5).
import { ServerFlowError } from '../errors';
import type { ClientRecord } from '../store';
import { authenticateClient } from './client-auth';
import type { Ctx } from './context';
import { mayUseGrant } from './grant-policy';
import { errorJson, json, readForm } from './http';
import type { TokenResponseBody } from './issue-tokens';
import { clientCredentialsGrant } from './token-client-credentials';
import { codeGrant } from './token-code';
import { DEVICE_GRANT } from './device-codes';
import { deviceCodeGrant } from './token-device';
import { refreshGrant } from './token-refresh';

type Grant = (ctx: Ctx, client: ClientRecord, form: Map<string, string>) => Promise<TokenResponseBody>;
const GRANTS = new Map<string, Grant>([['authorization_code', codeGrant], ['refresh_token', refreshGrant], ['client_credentials', clientCredentialsGrant], [DEVICE_GRANT, deviceCodeGrant]]);

export async function handleToken(ctx: Ctx, request: Request): Promise<Response> {
  let clientId: string | undefined;
  let grantType: string | undefined;
  try {
    const form = await readForm(request, ctx.maxBody);
    grantType = form.get('grant_type');
    const client = await authenticateClient(ctx, request, form);
    clientId = client.clientId;
    if (grantType === undefined) throw new ServerFlowError('InvalidRequest', 'grant_type missing');
    const grant = GRANTS.get(grantType);
    if (grant === undefined || (grantType === DEVICE_GRANT && !ctx.opts.deviceAuthorization)) throw new ServerFlowError('UnsupportedGrantType');
    // A-ANON-1: the client lists the grant, and a grant without a user needs a configured client or the hook.
    if (!(await mayUseGrant(ctx, client, grantType))) throw new ServerFlowError('UnauthorizedClient');
    return json(await grant(ctx, client, form));
  } catch (e) {
    if (!(e instanceof ServerFlowError)) throw e;
    const known = GRANTS.has(grantType ?? '') ? grantType : undefined;
    ctx.audit({ type: 'token.failed', error: e.oauthError, ...(clientId ? { clientId } : {}), ...(known ? { grantType: known } : {}) });
    return errorJson(e, e.code === 'MethodNotAllowed' ? { allow: 'POST' } : {});
  }
}
