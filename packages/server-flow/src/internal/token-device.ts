// grant_type=urn:ietf:params:oauth:grant-type:device_code (RFC 8628 §3.4-3.5, A-DEV-1): the device
// code is single use; pending, slow_down (+5 s), expired and denied are answered as §3.5 says.
import { ServerFlowError } from '../errors';
import type { ClientRecord } from '../store';
import type { Ctx } from './context';
import { sha256 } from './crypto';
import { DEVICE_GRANT, EXPIRED_GRACE, decisionKey, deviceKey } from './device-codes';
import type { TokenResponseBody } from './issue-tokens';
import { issueTokens } from './issue-tokens';
import { randomToken } from './crypto';

/** How long a self-registered client is kept after its newest grant ends (ms), as for codes. */
const USED_CLIENT_GRACE = 30 * 86_400_000;

export async function deviceCodeGrant(ctx: Ctx, client: ClientRecord, form: Map<string, string>): Promise<TokenResponseBody> {
  const code = form.get('device_code');
  if (code === undefined || code === '' || code.length > 512) throw new ServerFlowError('InvalidRequest', 'device_code missing');
  const dch = await sha256(code);
  // Taken, then put back while pending: only one poll at a time sees the record, so the code is single use.
  const rec = await ctx.store.takeTransaction(deviceKey(dch));
  if (rec === undefined) throw new ServerFlowError('InvalidGrant', 'device_code invalid, expired or used');
  const exp = Number(rec['exp']);
  const putBack = (): Promise<void> => ctx.store.putTransaction(deviceKey(dch), rec, exp + EXPIRED_GRACE);
  if (rec['clientId'] !== client.clientId) { await putBack(); throw new ServerFlowError('InvalidGrant', 'device_code was issued to another client'); }
  const resource = form.get('resource');
  if (resource !== undefined && resource !== rec['resource']) { await putBack(); throw new ServerFlowError('InvalidTarget'); }
  const now = ctx.now();
  if (now >= exp) { await putBack(); throw new ServerFlowError('ExpiredToken'); }
  const decision = await ctx.store.takeTransaction(decisionKey(dch));
  if (decision !== undefined) {
    if (decision['denied'] === true) throw new ServerFlowError('DeviceAccessDenied');
    return issue(ctx, client, rec, String(decision['subject']), code);
  }
  const interval = Number(rec['interval']);
  const early = now - Number(rec['last']) < interval * 1000;
  await ctx.store.putTransaction(deviceKey(dch), { ...rec, last: now, interval: early ? interval + 5 : interval }, exp + EXPIRED_GRACE);
  throw new ServerFlowError(early ? 'SlowDown' : 'AuthorizationPending');
}

async function issue(ctx: Ctx, client: ClientRecord, rec: Record<string, unknown>, subject: string, code: string): Promise<TokenResponseBody> {
  const now = ctx.now();
  const scopes = rec['scopes'] as string[];
  const grant = { id: randomToken(16), clientId: client.clientId, subject, scopes, resource: String(rec['resource']), createdAt: now, expiresAt: now + ctx.ttl.refreshToken };
  await ctx.store.putGrant(grant);
  const keep = grant.expiresAt + USED_CLIENT_GRACE;
  if (client.expiresAt !== undefined && client.expiresAt < keep - 86_400_000) await ctx.store.putClient({ ...client, expiresAt: keep });
  const body = await issueTokens(ctx, grant, scopes, client.metadata.grant_types.includes('refresh_token'));
  ctx.audit({ type: 'token.issued', clientId: client.clientId, subject, grantId: grant.id, grantType: DEVICE_GRANT, scopes, resource: grant.resource, tokenHash: (await sha256(code)).slice(0, 16) });
  return body;
}
