// Validation of an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 8707 §2, RFC 9207 §2).
import { redirectUriMatches } from '@mcp-oauth/dcr';
import { isLoopbackHost } from '@mcp-oauth/metadata';
import { assertCodeChallenge } from '@mcp-oauth/pkce';
import { ServerFlowError } from '../errors';
import { parseScope, scopeCovers } from '../scopes';
import type { ClientRecord } from '../store';
import { findClient } from './clients';
import type { Ctx } from './context';
import { HTML_HEADERS, errorPage, escapeHtml } from './http';

export interface AuthzRequest {
  client: ClientRecord;
  redirectUri: string;
  state: string | undefined;
  codeChallenge: string;
  scopes: string[];
  resource: string;
}

/** The client's redirect URI carrying `params`, `state` when given, and always `iss` (A-ISS-1). */
function redirectLocation(ctx: Ctx, redirectUri: string, state: string | undefined, params: Record<string, string>): string {
  const q = new URLSearchParams(params);
  if (state !== undefined) q.set('state', state);
  q.set('iss', ctx.issuer);
  return redirectUri + (redirectUri.includes('?') ? '&' : '?') + q.toString();
}

/** A redirect to the client carrying `params`, `state` when given, and always `iss` (A-ISS-1). */
export function redirectTo(ctx: Ctx, redirectUri: string, state: string | undefined, params: Record<string, string>, status = 302): Response {
  const location = redirectLocation(ctx, redirectUri, state, params);
  return new Response(null, { status, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
}

/** RFC 8252 §7.3 loopback redirect URIs (`http` on a loopback address or `localhost`): the user's own machine. */
function isLoopbackRedirect(uri: string): boolean {
  if (!URL.canParse(uri)) return false;
  const u = new URL(uri);
  return u.protocol === 'http:' && (u.hostname === 'localhost' || isLoopbackHost(u.hostname));
}

/**
 * An error for the client at its redirect URI. Sent as a redirect only where the server trusts the
 * URI (a configured client, a loopback URI) or the user just chose on our consent page; for a
 * self-registered client's remote URI, a page names the destination host and leaves the choice to
 * the user, so the server is no open redirector (A-RED-2, RFC 9700 §4.11.2).
 */
export function redirectError(ctx: Ctx, req: Pick<AuthzRequest, 'client' | 'redirectUri' | 'state'>, e: ServerFlowError, status = 302, userChose = false): Response {
  const params = { error: e.oauthError };
  if (userChose || req.client.source === 'config' || isLoopbackRedirect(req.redirectUri)) return redirectTo(ctx, req.redirectUri, req.state, params, status);
  const location = redirectLocation(ctx, req.redirectUri, req.state, params);
  const u = URL.canParse(req.redirectUri) ? new URL(req.redirectUri) : undefined;
  const host = u ? u.host || u.protocol : req.redirectUri; // a custom scheme has no host: name the scheme
  const body = '<!doctype html><meta charset="utf-8"><title>Authorization error</title><h1>Authorization error</h1>'
    + `<p>The application's request could not be completed (${escapeHtml(e.oauthError)}).</p>`
    + `<p>It asked to send you back to <strong>${escapeHtml(host)}</strong>. Continue only if you trust that site.</p>`
    + `<p><a href="${escapeHtml(location)}" rel="noreferrer">Return to ${escapeHtml(host)}</a></p>`;
  return new Response(body, { status: 400, headers: HTML_HEADERS });
}

/**
 * Scopes a client may be granted: covered by the server's list and, for a client pre-registered in
 * config with a `scope`, by that list too. The `scope` a client sent at DCR (or put in its CIMD) is
 * informational, not a cap: MCP clients register with the scope of the first challenge and must
 * later step up to wider scopes (C-TOK-3); the user's consent decides what is granted.
 */
export function checkScopes(ctx: Ctx, client: ClientRecord, requested: string[]): void {
  const clientScopes = client.source === 'config' && client.metadata.scope !== undefined ? parseScope(client.metadata.scope) : undefined;
  for (const s of requested) {
    if (!ctx.opts.scopes.some((g) => scopeCovers(g, s))) throw new ServerFlowError('InvalidScope');
    if (clientScopes !== undefined && !clientScopes.some((g) => scopeCovers(g, s))) throw new ServerFlowError('InvalidScope');
  }
}

export function requestedScopes(ctx: Ctx, client: ClientRecord, raw: string | undefined): string[] {
  let scopes: string[];
  try { scopes = parseScope(raw); } catch { throw new ServerFlowError('InvalidScope'); }
  if (scopes.length === 0) scopes = [...(ctx.opts.defaultScopes ?? [])];
  checkScopes(ctx, client, scopes);
  return scopes;
}

export function requestedResource(ctx: Ctx, raw: string | undefined): string {
  if (raw === undefined) return ctx.opts.resources[0]!;
  if (!ctx.opts.resources.includes(raw)) throw new ServerFlowError('InvalidTarget');
  return raw;
}

/**
 * Checks the parameters in the order that decides whether errors may be redirected: client and
 * redirect URI first (failures are a local page, never a redirect: A14, A15), then the rest
 * (failures redirect with `error`, `state` and `iss`: A1, A19).
 */
export async function validateAuthorize(ctx: Ctx, params: Map<string, string>): Promise<{ ok: true; req: AuthzRequest } | { ok: false; response: Response }> {
  const page = (e: ServerFlowError): { ok: false; response: Response } => ({ ok: false, response: errorPage(e) });
  const clientId = params.get('client_id');
  if (clientId === undefined || clientId === '' || clientId.length > 2048) return page(new ServerFlowError('InvalidRequest', 'client_id missing'));
  let client: ClientRecord | undefined;
  try { client = await findClient(ctx, clientId); } catch (e) {
    if (e instanceof ServerFlowError && e.code !== 'StoreUnavailable') return page(e);
    throw e; // a failing store: 503 JSON, as from every endpoint
  }
  if (client === undefined) return page(new ServerFlowError('InvalidClient', 'unknown client'));
  const registered = client.metadata.redirect_uris;
  const presented = params.get('redirect_uri');
  let redirectUri: string;
  if (presented === undefined) {
    if (registered.length !== 1) return page(new ServerFlowError('InvalidRequest', 'redirect_uri missing'));
    redirectUri = registered[0]!;
  } else if (redirectUriMatches(registered, presented)) redirectUri = presented;
  else return page(new ServerFlowError('InvalidRequest', 'redirect_uri is not registered for this client'));
  const state = params.get('state');
  try {
    if (state !== undefined && state.length > 1024) throw new ServerFlowError('InvalidRequest', 'state too long');
    if (params.get('response_type') !== 'code') throw new ServerFlowError('UnsupportedResponseType');
    if (!client.metadata.grant_types.includes('authorization_code')) throw new ServerFlowError('UnauthorizedClient');
    const codeChallenge = params.get('code_challenge');
    if (codeChallenge === undefined) throw new ServerFlowError('InvalidRequest', 'code_challenge required');
    try { assertCodeChallenge(codeChallenge, params.get('code_challenge_method')); } catch {
      throw new ServerFlowError('InvalidRequest', 'code_challenge must be S256');
    }
    const resource = requestedResource(ctx, params.get('resource'));
    const scopes = requestedScopes(ctx, client, params.get('scope'));
    return { ok: true, req: { client, redirectUri, state, codeChallenge, scopes, resource } };
  } catch (e) {
    if (!(e instanceof ServerFlowError)) throw e;
    ctx.audit({ type: 'authorization.failed', clientId: client.clientId, error: e.oauthError });
    return { ok: false, response: redirectError(ctx, { client, redirectUri, state: state !== undefined && state.length <= 1024 ? state : undefined }, e) };
  }
}
