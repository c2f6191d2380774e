// Delegation: /authorize -> (our consent) -> upstream authorize -> callback -> our code (A73, A74, R-TOK-3).
import { computeCodeChallenge, generateCodeVerifier } from '@mcp-oauth/pkce';
import { ServerFlowError } from '../errors';
import type { Principal } from '../principal';
import type { UpstreamTokens } from '../store';
import type { AuthzRequest } from './authorize-request';
import { redirectError } from './authorize-request';
import { findClient } from './clients';
import type { Ctx } from './context';
import { constantTimeEqual, randomToken, sha256 } from './crypto';
import { cookie, errorPage, flowCookie, queryParams } from './http';
import { seal, unseal } from './seal';
import { issueCode } from './issue-code';
import { readUpstream, renewUpstream, upstreamTokenRequest, upstreamTokens } from './upstream-tokens';
import { absentUnlessDown } from './store-guard';

const TXN_TTL = 600_000;
// SameSite=Lax: the callback is a top-level GET navigation from the upstream site.
const bindingCookie = (ctx: Ctx, state: string): ReturnType<typeof flowCookie> => flowCookie(ctx.secure, `mcp_up_${state.slice(0, 12)}`, ctx.paths.callback, 'Lax');

export async function startUpstream(ctx: Ctx, req: AuthzRequest, status: number): Promise<Response> {
  const up = ctx.opts.upstream!;
  const verifier = generateCodeVerifier();
  const binding = randomToken(32);
  // Nothing is stored before the upstream sends the user back signed in (A-DOS-1): the transaction
  // is sealed into `state`, bound to this browser by the hash of the cookie's value.
  const state = await seal(ctx, 'upstream', {
    clientId: req.client.clientId, redirectUri: req.redirectUri, state: req.state ?? null, codeChallenge: req.codeChallenge,
    scopes: req.scopes, resource: req.resource, verifier, b: await sha256(binding),
  }, TXN_TTL);
  const q = new URLSearchParams({ ...up.extraParams, response_type: 'code', client_id: up.clientId, redirect_uri: ctx.urls.callback, state, code_challenge: await computeCodeChallenge(verifier), code_challenge_method: 'S256' });
  if (up.scopes?.length) q.set('scope', up.scopes.join(' '));
  const location = up.authorizationEndpoint + (up.authorizationEndpoint.includes('?') ? '&' : '?') + q.toString();
  const headers = new Headers({ location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  headers.append('set-cookie', bindingCookie(ctx, state).set(binding, TXN_TTL / 1000));
  return new Response(null, { status, headers });
}

/** GET callback: the state must be one we issued, unused, unexpired, and bound to this browser's cookie (A74). */
export async function handleCallback(ctx: Ctx, request: Request): Promise<Response> {
  const forbidden = (): Response => errorPage(new ServerFlowError('Forbidden', 'this sign-in response could not be verified'));
  let q: Map<string, string>;
  try { q = queryParams(new URL(request.url)); } catch { return forbidden(); }
  const state = q.get('state');
  if (state === undefined) return forbidden();
  const bc = bindingCookie(ctx, state);
  const binding = cookie(request, bc.name);
  if (binding === undefined) return forbidden();
  const rec = await unseal(ctx, 'upstream', state);
  if (rec === undefined || !constantTimeEqual(String(rec['b']), await sha256(binding))) return forbidden();
  const client = await findClient(ctx, String(rec['clientId'])).catch(absentUnlessDown);
  if (client === undefined) return forbidden();
  const req: AuthzRequest = {
    client, redirectUri: String(rec['redirectUri']), state: typeof rec['state'] === 'string' ? rec['state'] : undefined,
    codeChallenge: String(rec['codeChallenge']), scopes: rec['scopes'] as string[], resource: String(rec['resource']),
  };
  const code = q.get('code');
  if (q.has('error') || code === undefined) {
    ctx.audit({ type: 'upstream.failed', clientId: client.clientId, error: 'access_denied' });
    return redirectError(ctx, req, new ServerFlowError('AccessDenied'));
  }
  let tokens: UpstreamTokens;
  let subject: string;
  try {
    tokens = upstreamTokens(ctx, await upstreamTokenRequest(ctx, { grant_type: 'authorization_code', code, redirect_uri: ctx.urls.callback, code_verifier: String(rec['verifier']) }));
    subject = await ctx.opts.upstream!.identify(tokens);
    if (typeof subject !== 'string' || subject === '') throw new ServerFlowError('UpstreamFailed');
  } catch {
    ctx.audit({ type: 'upstream.failed', clientId: client.clientId, error: 'temporarily_unavailable' });
    return redirectError(ctx, req, new ServerFlowError('UpstreamFailed'));
  }
  // Single use, recorded only now that the upstream vouched for a user (bound to a caller, A-DOS-1):
  // a replay of this state, even with a fresh upstream code, gets nothing.
  if (!(await ctx.store.addIfAbsent(`upstream-state:${await sha256(state)}`, Number(rec['exp'])))) return forbidden();
  ctx.audit({ type: 'upstream.linked', clientId: client.clientId, subject });
  const res = await issueCode(ctx, req, subject, 302, tokens);
  res.headers.append('set-cookie', bc.clear());
  return res;
}

/** The grant's upstream access token, renewed with the upstream refresh token once it has expired. */
export async function upstreamToken(ctx: Ctx, principal: Principal): Promise<string> {
  const grant = principal.grantId === undefined ? undefined : await ctx.store.getGrant(principal.grantId);
  const tokens = grant === undefined ? undefined : await readUpstream(ctx, grant);
  if (grant === undefined || tokens === undefined) throw new ServerFlowError('InvalidToken');
  if (tokens.expiresAt !== undefined && tokens.expiresAt <= ctx.now()) return (await renewUpstream(ctx, grant, tokens)).accessToken;
  return tokens.accessToken;
}

/** Calls the upstream API with the upstream token only (never the inbound one, A55); upstream 401 ends the grant. */
export async function upstreamFetch(ctx: Ctx, principal: Principal, input: string | URL, init: RequestInit = {}): Promise<Response> {
  const token = await upstreamToken(ctx, principal);
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  const res = await (ctx.opts.upstream?.fetch ?? fetch)(input, { ...init, headers });
  if (res.status === 401 && principal.grantId !== undefined) {
    await ctx.store.revokeGrant(principal.grantId);
    ctx.audit({ type: 'upstream.failed', clientId: principal.clientId, grantId: principal.grantId, error: 'invalid_token' });
    ctx.audit({ type: 'grant.revoked', clientId: principal.clientId, grantId: principal.grantId });
  }
  return res;
}
