import { buildAuthorizationUrl } from '../build-authorization-url';
import { clientCredentialsToken } from '../client-credentials-token';
import { ClientFlowError } from '../errors';
import { exchangeCode } from '../exchange-code';
import { processCallback } from '../process-callback';
import type { TokenSet } from '../types';
import { scopes } from './http';
import type { Context, Session } from './session';

/** Gets new tokens, one authorization at a time per client: the configured grant, or the authorization-code flow. */
export function authorize(s: Session, ctx: Context, scope: string | undefined, reason: string): Promise<TokenSet> {
  s.o.trace?.({ type: 'authorize', reason, ...(scope ? { scope } : {}) });
  s.authorizing ??= obtain(s, ctx, scope).finally(() => { s.authorizing = undefined; });
  return s.authorizing;
}

async function obtain(s: Session, ctx: Context, scope: string | undefined): Promise<TokenSet> {
  const o = s.o;
  const grant = o.grant ?? 'authorization_code';
  const scoped = scope ? { scope } : {};
  if (typeof grant === 'function') {
    const tokens = { ...(await grant({ as: ctx.as, resource: ctx.resource, ...scoped, options: s.tokenOptions(), client: () => s.client(ctx) })), issuer: ctx.as.issuer };
    await s.update(ctx, { tokens });
    return tokens;
  }
  const client = await s.client(ctx);
  if (grant === 'client_credentials') {
    const tokens = await clientCredentialsToken(ctx.as, { ...s.tokenOptions(), client, resource: ctx.resource, ...scoped });
    await s.update(ctx, { tokens });
    return tokens;
  }
  const redirectUri = o.authorize && await s.redirect();
  if (!redirectUri) throw new ClientFlowError('AuthorizationRequired');
  // C-AUTH-5: offline_access only when the AS lists it (and then asked for, to get a refresh token)
  const offline = ctx.as.scopes_supported?.includes('offline_access') && o.offlineAccess !== false;
  const wanted = scopes(scope).filter((x) => x !== 'offline_access').concat(offline ? ['offline_access'] : []);
  const { url, transaction } = await buildAuthorizationUrl(ctx.as, {
    client, redirectUri, resource: ctx.resource, ...(wanted.length ? { scope: wanted.join(' ') } : {}), ...(o.random ? { random: o.random } : {}),
  });
  await s.update(ctx, { pending: transaction });
  const waiting = new Promise<string>((resolve) => { s.waiter = resolve; });
  const returned = await o.authorize!(url);
  const callback = returned === undefined || returned === null ? await waiting : String(returned);
  s.waiter = undefined;
  return complete(s, ctx, callback);
}

/** Handles the redirect back: the transaction is single use, then state, iss and the code exchange. */
export async function complete(s: Session, ctx: Context, callbackUrl: string): Promise<TokenSet> {
  const record = await s.load(ctx);
  await s.update(ctx, {}, 'pending'); // single use, deleted before anything is checked (A24)
  const code = processCallback(callbackUrl, record?.pending);
  const client = record?.client;
  if (!client || !record?.pending) throw new ClientFlowError('StateMismatch');
  const tokens = await exchangeCode(ctx.as, { ...s.tokenOptions(), client, transaction: record.pending, code });
  await s.update(ctx, { tokens });
  return tokens;
}

/** Hands a callback URL to an authorization waiting on a hook that returned nothing. */
export function deliver(s: Session, callbackUrl: string): Promise<TokenSet> | undefined {
  if (!s.waiter) return undefined;
  s.waiter(callbackUrl);
  return s.authorizing;
}
