// Upstream tokens at rest (sealed under `encryptionKeys`, bound to the grant id) and their renewal
// with the upstream refresh token: one renewal per grant in flight in this process (single flight)
// and across instances (a store lease through `addIfAbsent`, keyed by the token being replaced), so
// an upstream refresh token is never spent twice. The provider's refusal ends the grant.
import { readJsonBody } from '@mcp-oauth/metadata';
import { ServerFlowError } from '../errors';
import type { GrantRecord, UpstreamTokens } from '../store';
import { openAtRest, sealAtRest } from './at-rest';
import type { Ctx } from './context';
import { sha256 } from './crypto';

/** How long a renewal lease holds (longer than the upstream call's 10 s timeout). */
const LEASE = 30_000;
const inFlight = new WeakMap<Ctx, Map<string, Promise<UpstreamTokens>>>();

/** The grant's upstream field as stored: sealed with `encryptionKeys`, else in clear. */
export async function storedUpstream(ctx: Ctx, grantId: string, tokens: UpstreamTokens): Promise<Pick<GrantRecord, 'upstream' | 'upstreamSealed'>> {
  return ctx.opts.encryptionKeys?.length ? { upstreamSealed: await sealAtRest(ctx, `upstream ${grantId}`, JSON.stringify(tokens)) } : { upstream: tokens };
}

/** The grant's upstream tokens, or undefined (none, or sealed under a key no longer configured). */
export async function readUpstream(ctx: Ctx, grant: GrantRecord): Promise<UpstreamTokens | undefined> {
  if (grant.upstreamSealed === undefined) return grant.upstream;
  const plain = await openAtRest(ctx, `upstream ${grant.id}`, grant.upstreamSealed);
  return plain === undefined ? undefined : (JSON.parse(plain) as UpstreamTokens);
}

/** POSTs a grant to the upstream token endpoint (our client authentication); status and JSON body. */
export async function upstreamTokenRequest(ctx: Ctx, params: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const up = ctx.opts.upstream!;
  const body = new URLSearchParams(params);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (up.clientSecret !== undefined) {
    const enc = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');
    headers['authorization'] = `Basic ${btoa(`${enc(up.clientId)}:${enc(up.clientSecret)}`)}`;
  } else body.set('client_id', up.clientId);
  const res = await (up.fetch ?? fetch)(up.tokenEndpoint, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const json = await readJsonBody(res, { maxBytes: 65_536 }).catch(() => undefined);
  return { status: res.status, json: typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {} };
}

/** The tokens of a 200 token response, or `UpstreamFailed`. */
export function upstreamTokens(ctx: Ctx, r: { status: number; json: Record<string, unknown> }, previous?: UpstreamTokens): UpstreamTokens {
  const { json } = r;
  const at = json['access_token'];
  if (r.status !== 200 || typeof at !== 'string' || at === '') throw new ServerFlowError('UpstreamFailed');
  const ttl = typeof json['expires_in'] === 'number' && json['expires_in'] > 0 ? json['expires_in'] : ctx.opts.upstream!.defaultLifetime ?? 3600;
  const out: UpstreamTokens = { accessToken: at, tokenType: typeof json['token_type'] === 'string' ? json['token_type'] : 'Bearer', expiresAt: ctx.now() + ttl * 1000 };
  const rt = typeof json['refresh_token'] === 'string' ? json['refresh_token'] : previous?.refreshToken; // a provider that does not rotate keeps the old one
  if (rt !== undefined) out.refreshToken = rt;
  const scope = typeof json['scope'] === 'string' ? json['scope'] : previous?.scope;
  if (scope !== undefined) out.scope = scope;
  return out;
}

/** Ends the grant for `error` and says so in the audit log. */
async function endGrant(ctx: Ctx, grant: GrantRecord, error: string): Promise<never> {
  await ctx.store.revokeGrant(grant.id);
  ctx.audit({ type: 'upstream.refresh_refused', clientId: grant.clientId, grantId: grant.id, error });
  ctx.audit({ type: 'grant.revoked', clientId: grant.clientId, grantId: grant.id });
  throw new ServerFlowError('InvalidToken');
}

/** Fresh upstream tokens for `grant`, whose access token `old` has expired. */
export function renewUpstream(ctx: Ctx, grant: GrantRecord, old: UpstreamTokens): Promise<UpstreamTokens> {
  let flights = inFlight.get(ctx);
  if (flights === undefined) inFlight.set(ctx, (flights = new Map()));
  let p = flights.get(grant.id);
  if (p === undefined) {
    p = renew(ctx, grant, old).finally(() => flights.delete(grant.id));
    flights.set(grant.id, p);
  }
  return p;
}

async function renew(ctx: Ctx, grant: GrantRecord, old: UpstreamTokens): Promise<UpstreamTokens> {
  if (old.refreshToken === undefined) return endGrant(ctx, grant, 'expired');
  if (!(await ctx.store.addIfAbsent(`upstream-renew:${grant.id}:${await sha256(old.accessToken)}`, ctx.now() + LEASE))) return awaitOther(ctx, grant.id, old);
  let r: { status: number; json: Record<string, unknown> };
  try {
    r = await upstreamTokenRequest(ctx, { grant_type: 'refresh_token', refresh_token: old.refreshToken });
  } catch {
    throw new ServerFlowError('UpstreamFailed');
  }
  if (r.status === 400 && r.json['error'] === 'invalid_grant') return endGrant(ctx, grant, 'invalid_grant');
  const tokens = upstreamTokens(ctx, r, old);
  if (!(await ctx.store.updateGrant({ ...grant, ...(await storedUpstream(ctx, grant.id, tokens)) }))) throw new ServerFlowError('InvalidToken'); // revoked meanwhile
  ctx.audit({ type: 'upstream.refreshed', clientId: grant.clientId, grantId: grant.id });
  return tokens;
}

/** Another instance holds the lease: wait (about 10 s at most) for the grant to carry its renewed token. */
async function awaitOther(ctx: Ctx, grantId: string, old: UpstreamTokens): Promise<UpstreamTokens> {
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const g = await ctx.store.getGrant(grantId);
    if (g === undefined) throw new ServerFlowError('InvalidToken');
    const t = await readUpstream(ctx, g);
    if (t !== undefined && t.accessToken !== old.accessToken) return t;
  }
  throw new ServerFlowError('UpstreamFailed');
}
