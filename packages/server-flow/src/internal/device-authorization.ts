// POST /device_authorization (RFC 8628 §3.1-3.2, A-DEV-1, A-DOS-1).
import { ServerFlowError } from '../errors';
import { requestedResource, requestedScopes } from './authorize-request';
import { addressKey, callerAddress } from './client-address';
import { authenticateClient } from './client-auth';
import type { Ctx } from './context';
import { randomToken, sha256 } from './crypto';
import { DEVICE_GRANT, EXPIRED_GRACE, deviceConfig, deviceKey, displayUserCode, newUserCode, userCodeKey } from './device-codes';
import { mayUseGrant } from './grant-policy';
import { errorJson, json, readForm } from './http';

export async function handleDeviceAuthorization(ctx: Ctx, request: Request, clientAddress: string | undefined): Promise<Response> {
  const conf = deviceConfig(ctx)!;
  let clientId: string | undefined;
  try {
    // Per caller address before anything is parsed, per client once it is known (never one shared bucket).
    const address = callerAddress(request, clientAddress, ctx.opts.trustedProxyHeader);
    if (address !== undefined) {
      const hit = conf.requests.hit(`a:${addressKey(address)}`);
      if (!hit.allowed) return errorJson(new ServerFlowError('RateLimited'), { 'retry-after': String(Math.max(1, hit.retryAfter)) });
    }
    const form = await readForm(request, ctx.maxBody);
    const client = await authenticateClient(ctx, request, form);
    clientId = client.clientId;
    const hit = conf.requests.hit(`c:${client.clientId}`);
    if (!hit.allowed) return errorJson(new ServerFlowError('RateLimited'), { 'retry-after': String(Math.max(1, hit.retryAfter)) });
    // A-ANON-1: the client's registration lists the device grant (a grant with a user: ours approves).
    if (!(await mayUseGrant(ctx, client, DEVICE_GRANT))) throw new ServerFlowError('UnauthorizedClient');
    const resource = requestedResource(ctx, form.get('resource'));
    const scopes = requestedScopes(ctx, client, form.get('scope'));
    const now = ctx.now();
    const exp = now + conf.expiresIn * 1000;
    const deviceCode = randomToken(32);
    const dch = await sha256(deviceCode);
    let userCode = '';
    let uch = '';
    // A collision with a live user code is astronomically rare; the store's take makes the check exact.
    for (let i = 0; i < 3 && uch === ''; i++) {
      const candidate = newUserCode();
      const h = await sha256(candidate);
      const live = await ctx.store.takeTransaction(userCodeKey(h));
      if (live === undefined) { userCode = candidate; uch = h; } else await ctx.store.putTransaction(userCodeKey(h), live, Number(live['exp']));
    }
    if (uch === '') throw new ServerFlowError('ServerError');
    const pending = { clientId: client.clientId, scopes, resource, exp };
    await ctx.store.putTransaction(deviceKey(dch), { ...pending, interval: conf.interval, last: 0 }, exp + EXPIRED_GRACE);
    await ctx.store.putTransaction(userCodeKey(uch), { ...pending, dch }, exp);
    const complete = new URL(ctx.urls.device);
    complete.searchParams.set('user_code', displayUserCode(userCode));
    return json({
      device_code: deviceCode, user_code: displayUserCode(userCode), verification_uri: ctx.urls.device,
      verification_uri_complete: complete.href, expires_in: conf.expiresIn, interval: conf.interval,
    });
  } catch (e) {
    if (!(e instanceof ServerFlowError)) throw e;
    ctx.audit({ type: 'authorization.failed', error: e.oauthError, grantType: DEVICE_GRANT, ...(clientId ? { clientId } : {}) });
    return errorJson(e, e.code === 'MethodNotAllowed' ? { allow: 'POST' } : {});
  }
}
