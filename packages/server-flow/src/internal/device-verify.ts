// The verification page (RFC 8628 §3.3): GET shows the code form, POST step=code checks a user code
// (rate-limited per user and address) and asks for consent, POST step=decide records the decision.
// Login, consent hook, CSRF double-submit (single use) and framing as at /authorize (A-DEV-1).
import { ServerFlowError } from '../errors';
import { currentUser } from './authorize';
import { addressKey, callerAddress } from './client-address';
import { findClient } from './clients';
import type { Ctx } from './context';
import { constantTimeEqual, randomToken, sha256 } from './crypto';
import { EXPIRED_GRACE, decisionKey, deviceConfig, displayUserCode, normalizeUserCode, userCodeKey } from './device-codes';
import { codeEntryPage, deviceConsentPage, deviceDonePage } from './device-page';
import { cookie, errorPage, flowCookie, parseForm, queryParams, readBody } from './http';
import { absentUnlessDown } from './store-guard';

const TXN_TTL = 600_000;
const forbidden = (): Response => errorPage(new ServerFlowError('Forbidden', 'the request could not be verified'));
const entryCookie = (ctx: Ctx): ReturnType<typeof flowCookie> => flowCookie(ctx.secure, 'mcp_dcsrf', ctx.paths.device, 'Strict');
const txnCookie = (ctx: Ctx, txn: string): ReturnType<typeof flowCookie> => flowCookie(ctx.secure, `mcp_dcsrf_${txn.slice(0, 12)}`, ctx.paths.device, 'Strict');

export async function handleDevicePage(ctx: Ctx, request: Request, clientAddress: string | undefined): Promise<Response> {
  let form: Map<string, string>;
  try {
    if (request.method === 'GET') {
      const subject = await currentUser(ctx, request);
      if (subject instanceof Response) return subject;
      const given = normalizeUserCode(queryParams(new URL(request.url)).get('user_code') ?? '');
      const csrf = randomToken(32);
      return codeEntryPage({ action: ctx.paths.device, csrf, userCode: given ? displayUserCode(given) : '', cookie: entryCookie(ctx).set(csrf, TXN_TTL / 1000) });
    }
    if (request.method !== 'POST') return errorPage(new ServerFlowError('MethodNotAllowed'));
    form = parseForm(new TextDecoder().decode(await readBody(request, ctx.maxBody)));
  } catch (e) {
    if (e instanceof ServerFlowError) return errorPage(e);
    throw e;
  }
  return form.get('step') === 'decide' ? decide(ctx, request, form) : enterCode(ctx, request, form, clientAddress);
}

async function enterCode(ctx: Ctx, request: Request, form: Map<string, string>, clientAddress: string | undefined): Promise<Response> {
  const conf = deviceConfig(ctx)!;
  const csrf = form.get('csrf') ?? '';
  const fromCookie = cookie(request, entryCookie(ctx).name);
  if (csrf === '' || fromCookie === undefined || !constantTimeEqual(fromCookie, csrf)) return forbidden();
  const subject = await currentUser(ctx, request);
  if (subject instanceof Response) return subject;
  // Brute force (A-DEV-1): every submission counts, per signed-in user and per caller address.
  const address = callerAddress(request, clientAddress, ctx.opts.trustedProxyHeader);
  for (const key of [`s:${subject}`, ...(address !== undefined ? [`a:${addressKey(address)}`] : [])]) {
    const hit = conf.attempts.hit(key);
    if (!hit.allowed) {
      ctx.audit({ type: 'authorization.failed', subject, error: 'slow_down' });
      const res = errorPage(new ServerFlowError('RateLimited', 'too many codes entered; try again later'));
      res.headers.set('retry-after', String(Math.max(1, hit.retryAfter)));
      return res;
    }
  }
  const code = normalizeUserCode(form.get('user_code') ?? '');
  const uch = code === undefined ? undefined : await sha256(code);
  const rec = uch === undefined ? undefined : await ctx.store.takeTransaction(userCodeKey(uch));
  const retry = (): Response => {
    ctx.audit({ type: 'authorization.failed', subject, error: 'invalid_grant' });
    return codeEntryPage({ action: ctx.paths.device, csrf, userCode: '', error: 'That code is not valid or has expired. Check the code on your device.', status: 400 });
  };
  if (rec === undefined || uch === undefined || code === undefined) return retry();
  const exp = Number(rec['exp']);
  if (!(exp > ctx.now())) return retry();
  const client = await findClient(ctx, String(rec['clientId'])).catch(absentUnlessDown);
  if (client === undefined) return retry();
  const scopes = rec['scopes'] as string[];
  const resource = String(rec['resource']);
  let decision: 'approve' | 'deny' | 'prompt' = ctx.opts.autoApprove ? 'approve' : 'prompt';
  // Consent memory never skips this page (device-code phishing, RFC 8628 §5.4); the host's hook may decide.
  if (decision === 'prompt' && ctx.opts.consent) {
    decision = await ctx.opts.consent({
      subject, clientId: client.clientId, clientName: client.metadata.client_name, redirectUri: '', scopes, resource, clientSource: client.source, request,
    });
  }
  if (decision !== 'prompt') return record(ctx, rec, client.clientId, subject, decision === 'approve');
  await ctx.store.putTransaction(userCodeKey(uch), rec, exp); // back until the user decides
  const txn = randomToken(24);
  const csrf2 = randomToken(32);
  await ctx.store.putTransaction(`device-consent:${txn}:${await sha256(csrf2)}`, { uch, subject }, Math.min(exp, ctx.now() + TXN_TTL));
  return deviceConsentPage({
    client, scopes, resource, userCode: displayUserCode(code), action: ctx.paths.device, txn, csrf: csrf2, cookie: txnCookie(ctx, txn).set(csrf2, TXN_TTL / 1000),
  });
}

async function decide(ctx: Ctx, request: Request, form: Map<string, string>): Promise<Response> {
  const txn = form.get('txn') ?? '';
  const csrf = form.get('csrf') ?? '';
  if (!/^[A-Za-z0-9_-]{32}$/.test(txn) || csrf === '') return forbidden();
  const c = txnCookie(ctx, txn);
  const fromCookie = cookie(request, c.name);
  if (fromCookie === undefined || !constantTimeEqual(fromCookie, csrf)) return forbidden();
  // The key binds the CSRF token: a forged one misses and cannot consume the real transaction.
  const t = await ctx.store.takeTransaction(`device-consent:${txn}:${await sha256(csrf)}`);
  if (t === undefined) return forbidden();
  const subject = String(t['subject']);
  const now = await currentUser(ctx, request);
  if (now instanceof Response || now !== subject) return forbidden();
  const rec = await ctx.store.takeTransaction(userCodeKey(String(t['uch']))); // the user code is single use
  if (rec === undefined || !(Number(rec['exp']) > ctx.now())) return forbidden();
  const res = await record(ctx, rec, String(rec['clientId']), subject, form.get('decision') === 'approve');
  res.headers.append('set-cookie', c.clear());
  return res;
}

/** Stores the user's decision for the device's next poll; the user code was taken (single use). */
async function record(ctx: Ctx, rec: Record<string, unknown>, clientId: string, subject: string, approved: boolean): Promise<Response> {
  const exp = Number(rec['exp']);
  await ctx.store.putTransaction(decisionKey(String(rec['dch'])), approved ? { subject } : { denied: true }, exp + EXPIRED_GRACE);
  if (approved) ctx.audit({ type: 'authorization.approved', clientId, subject, scopes: rec['scopes'] as string[], resource: String(rec['resource']) });
  else ctx.audit({ type: 'authorization.denied', clientId, subject });
  return deviceDonePage(approved);
}
