// GET /authorize and POST /authorize/consent (RFC 6749 §4.1, A-CONS-1, A19, A20, A73).
import { redirectUriMatches } from '@mcp-oauth/dcr';
import { ServerFlowError } from '../errors';
import { missingScopes } from '../scopes';
import type { AuthzRequest } from './authorize-request';
import { redirectError, validateAuthorize } from './authorize-request';
import { findClient } from './clients';
import { consentPage } from './consent-page';
import type { Ctx } from './context';
import { constantTimeEqual, randomToken, sha256 } from './crypto';
import { consentKey, issueCode } from './issue-code';
import { cookie, errorPage, flowCookie, parseForm, queryParams, readBody, readForm } from './http';
import { seal, unseal } from './seal';
import { startUpstream } from './upstream-flow';
import { absentUnlessDown } from './store-guard';

const TXN_TTL = 600_000;

export async function currentUser(ctx: Ctx, request: Request): Promise<string | Response> {
  if (ctx.opts.autoApprove) return ctx.opts.autoApprove.subject;
  if (ctx.opts.upstream) return '';
  const r = await ctx.opts.authenticate!(request);
  if (r instanceof Response) return r;
  if (typeof r?.subject !== 'string' || r.subject === '') throw new TypeError('authenticate() must return { subject } or a Response');
  return r.subject;
}

async function approve(ctx: Ctx, req: AuthzRequest, subject: string, status: number, extra: Headers): Promise<Response> {
  const memory = ctx.opts.consentMemory ?? 30 * 86400;
  if (memory > 0 && req.client.source !== 'cimd' && !ctx.opts.upstream && !ctx.opts.autoApprove) {
    await ctx.store.putConsent(await consentKey(subject, req), req.scopes, ctx.now() + memory * 1000);
  }
  const res = ctx.opts.upstream ? await startUpstream(ctx, req, status) : await issueCode(ctx, req, subject, status);
  for (const c of extra.getSetCookie()) res.headers.append('set-cookie', c);
  return res;
}

export async function handleAuthorize(ctx: Ctx, request: Request): Promise<Response> {
  if (request.url.length > ctx.maxUrl) return errorPage(new ServerFlowError('InvalidRequest', 'request too long'));
  let params: Map<string, string>;
  try {
    if (request.method === 'GET') params = queryParams(new URL(request.url));
    else if (request.method === 'POST') params = await readForm(request, ctx.maxBody);
    else return errorPage(new ServerFlowError('MethodNotAllowed'));
  } catch (e) {
    if (e instanceof ServerFlowError) return errorPage(e);
    throw e;
  }
  const v = await validateAuthorize(ctx, params);
  if (!v.ok) return v.response;
  const req = v.req;
  const subject = await currentUser(ctx, request);
  if (subject instanceof Response) return subject;
  let decision: 'approve' | 'deny' | 'prompt' = ctx.opts.autoApprove ? 'approve' : 'prompt';
  if (decision === 'prompt' && !ctx.opts.upstream) {
    const remembered = req.client.source === 'cimd' ? undefined : await ctx.store.getConsent(await consentKey(subject, req));
    if (remembered !== undefined && missingScopes(remembered, req.scopes).length === 0) decision = 'approve';
    else if (ctx.opts.consent) {
      decision = await ctx.opts.consent({
        subject, clientId: req.client.clientId, clientName: req.client.metadata.client_name, redirectUri: req.redirectUri,
        scopes: req.scopes, resource: req.resource, clientSource: req.client.source, request,
      });
    }
  }
  if (decision === 'approve') return approve(ctx, req, subject, 302, new Headers());
  if (decision === 'deny') {
    ctx.audit({ type: 'authorization.denied', clientId: req.client.clientId, subject });
    return redirectError(ctx, req, new ServerFlowError('AccessDenied'));
  }
  const csrf = randomToken(32);
  const pending = {
    clientId: req.client.clientId, redirectUri: req.redirectUri, state: req.state ?? null, codeChallenge: req.codeChallenge,
    scopes: req.scopes, resource: req.resource, subject,
  };
  let txn: string;
  if (ctx.opts.upstream) {
    // Nobody is signed in yet: the pending consent travels sealed in the form, nothing is stored (A-DOS-1).
    txn = await seal(ctx, 'consent', { ...pending, c: await sha256(csrf) }, TXN_TTL);
  } else {
    txn = randomToken(24);
    // The key binds the CSRF token: a forged token misses and cannot consume the real transaction.
    await ctx.store.putTransaction(`consent:${txn}:${await sha256(csrf)}`, pending, ctx.now() + TXN_TTL);
  }
  const c = csrfCookie(ctx, txn);
  return consentPage({ client: req.client, redirectUri: req.redirectUri, scopes: req.scopes, resource: req.resource, action: ctx.paths.consent, txn, csrf, cookie: c.set(csrf, TXN_TTL / 1000) });
}

const csrfCookie = (ctx: Ctx, txn: string): ReturnType<typeof flowCookie> => flowCookie(ctx.secure, `mcp_csrf_${txn.slice(0, 12)}`, ctx.paths.consent, 'Strict');

/** The consent form's POST: CSRF double-submit (cookie = form = transaction), single use, 303 after (A20, A73). */
export async function handleConsent(ctx: Ctx, request: Request): Promise<Response> {
  const forbidden = (): Response => errorPage(new ServerFlowError('Forbidden', 'the consent request could not be verified'));
  let form: Map<string, string>;
  try {
    if (request.method !== 'POST') return errorPage(new ServerFlowError('MethodNotAllowed'));
    form = parseForm(new TextDecoder().decode(await readBody(request, ctx.maxBody)));
  } catch (e) {
    if (e instanceof ServerFlowError) return errorPage(e);
    throw e;
  }
  const txn = form.get('txn') ?? '';
  const csrf = form.get('csrf') ?? '';
  const decision = form.get('decision');
  if (!/^[A-Za-z0-9_-]{32,4096}$/.test(txn) || csrf === '') return forbidden();
  const c = csrfCookie(ctx, txn);
  const fromCookie = cookie(request, c.name);
  if (fromCookie === undefined || !constantTimeEqual(fromCookie, csrf)) return forbidden();
  const csrfHash = await sha256(csrf);
  let rec: Record<string, unknown> | undefined;
  if (ctx.opts.upstream) {
    rec = await unseal(ctx, 'consent', txn);
    if (rec !== undefined && !constantTimeEqual(String(rec['c']), csrfHash)) rec = undefined;
  } else if (txn.length === 32) rec = await ctx.store.takeTransaction(`consent:${txn}:${csrfHash}`);
  if (rec === undefined) return forbidden();
  const subject = String(rec['subject']);
  if (!ctx.opts.autoApprove && !ctx.opts.upstream) {
    const now = await currentUser(ctx, request);
    if (now instanceof Response || now !== subject) return forbidden();
  }
  const client = await findClient(ctx, String(rec['clientId'])).catch(absentUnlessDown);
  if (client === undefined) return forbidden();
  const req: AuthzRequest = {
    client, redirectUri: String(rec['redirectUri']), state: typeof rec['state'] === 'string' ? rec['state'] : undefined,
    codeChallenge: String(rec['codeChallenge']), scopes: rec['scopes'] as string[], resource: String(rec['resource']),
  };
  if (!redirectUriMatches(client.metadata.redirect_uris, req.redirectUri)) return forbidden();
  const clear = new Headers({ 'set-cookie': c.clear() });
  if (decision === 'approve') return approve(ctx, req, subject, 303, clear);
  ctx.audit({ type: 'authorization.denied', clientId: client.clientId, subject });
  const res = redirectError(ctx, req, new ServerFlowError('AccessDenied'), 303, true); // the user chose on our page
  for (const c of clear.getSetCookie()) res.headers.append('set-cookie', c);
  return res;
}
