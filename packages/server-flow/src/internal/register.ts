// POST /register (RFC 7591) and GET/PUT/DELETE /register/<client_id> (RFC 7592), A-DCR-1.
import { DcrError, createRateLimiter, issueClientCredentials, readRegistrationRequest, validateClientMetadata, validateClientUpdate } from '@mcp-oauth/dcr';
import type { ClientRegistrationPolicy, RateLimiter } from '@mcp-oauth/dcr';
import { ServerFlowError } from '../errors';
import type { ClientRecord } from '../store';
import { addressKey, callerAddress } from './client-address';
import type { Ctx } from './context';
import { constantTimeEqual, randomToken, secretMatches, sha256 } from './crypto';
import { registrable, registrableGrantTypes } from './grant-policy';
import { errorJson, json } from './http';

const limiters = new WeakMap<Ctx, RateLimiter>();
/** Seconds a self-registered client lives until a user first authorizes it (A-DOS-1). */
export const UNUSED_CLIENT_LIFETIME = 86_400;

function dcrFailure(e: unknown): Response {
  if (e instanceof DcrError) {
    const status = e.code === 'BodyTooLarge' ? 413 : 400;
    return json({ error: e.code === 'BodyTooLarge' ? 'invalid_request' : e.oauthError ?? 'invalid_client_metadata' }, status);
  }
  if (e instanceof ServerFlowError) return errorJson(e);
  throw e;
}

function settings(ctx: Ctx): Exclude<Ctx['opts']['registration'], false | undefined> {
  return ctx.opts.registration || {};
}

/** The operator's policy; its grant types default to those a registrant could use (A-ANON-1). */
function policy(ctx: Ctx): ClientRegistrationPolicy {
  const p = settings(ctx).policy ?? {};
  return p.grantTypes !== undefined ? p : { ...p, grantTypes: registrableGrantTypes(ctx) };
}

function information(ctx: Ctx, c: ClientRecord, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    ...c.metadata, client_id: c.clientId, client_id_issued_at: c.issuedAt,
    ...(c.secretHash !== undefined ? { client_secret_expires_at: c.secretExpiresAt ?? 0 } : {}),
    registration_client_uri: `${ctx.urls.register}/${encodeURIComponent(c.clientId)}`, ...extra,
  };
}

export async function handleRegister(ctx: Ctx, request: Request, clientAddress: string | undefined): Promise<Response> {
  if (request.method !== 'POST') return errorJson(new ServerFlowError('MethodNotAllowed'), { allow: 'POST' });
  const conf = settings(ctx);
  let limiter = limiters.get(ctx);
  if (limiter === undefined) {
    limiter = createRateLimiter({ limit: conf.rateLimit?.limit ?? 20, windowMs: conf.rateLimit?.windowMs ?? 3_600_000, maxKeys: conf.rateLimit?.maxKeys ?? 10_000, now: ctx.now });
    limiters.set(ctx, limiter);
  }
  // Never one bucket shared by every caller (A82): no address known is the operator's mistake.
  const address = callerAddress(request, clientAddress, ctx.opts.trustedProxyHeader);
  if (address === undefined) {
    ctx.audit({ type: 'client.registration_failed', error: 'server_error' });
    return errorJson(new ServerFlowError('Misconfigured', 'registration needs the caller address: pass { clientAddress } to handle() or set trustedProxyHeader'));
  }
  const hit = limiter.hit(addressKey(address));
  if (!hit.allowed) return errorJson(new ServerFlowError('RateLimited'), { 'retry-after': String(Math.max(1, hit.retryAfter)) });
  try {
    const metadata = await validateClientMetadata(await readRegistrationRequest(request, { maxBytes: ctx.maxBody }), policy(ctx));
    if (metadata.jwks_uri !== undefined && !ctx.opts.clientUrlGuard) throw new DcrError('invalid_client_metadata'); // A-SSRF-1: nothing may fetch it
    const issued = issueClientCredentials(metadata, { now: ctx.now, secretLifetime: conf.secretLifetime ?? 90 * 86400 });
    const rat = randomToken(32, ctx.opts.crypto);
    const rec: ClientRecord = {
      clientId: issued.client_id, metadata, issuedAt: issued.client_id_issued_at ?? Math.floor(ctx.now() / 1000), source: 'dcr', registrationTokenHash: await sha256(rat, ctx.opts.crypto),
      expiresAt: ctx.now() + (conf.unusedClientLifetime ?? UNUSED_CLIENT_LIFETIME) * 1000,
    };
    if (issued.client_secret !== undefined) {
      rec.secretHash = await sha256(issued.client_secret, ctx.opts.crypto);
      rec.secretExpiresAt = issued.client_secret_expires_at ?? 0;
    }
    if (!(await registrable(ctx, rec))) throw new DcrError('invalid_client_metadata'); // a grant /token would refuse it
    await ctx.store.putClient(rec);
    ctx.audit({ type: 'client.registered', clientId: rec.clientId });
    const secret = issued.client_secret !== undefined ? { client_secret: issued.client_secret } : {};
    return json(information(ctx, rec, { ...secret, registration_access_token: rat }), 201);
  } catch (e) {
    ctx.audit({ type: 'client.registration_failed', error: e instanceof DcrError ? e.oauthError ?? 'invalid_request' : 'invalid_request' });
    return dcrFailure(e);
  }
}

/** RFC 7592 §2: the registration access token authenticates; any failure is 401 without telling why. */
export async function handleClientConfiguration(ctx: Ctx, request: Request, clientId: string): Promise<Response> {
  const unauthorized = (): Response => json({ error: 'invalid_token' }, 401, { 'www-authenticate': 'Bearer error="invalid_token"' });
  const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(request.headers.get('authorization') ?? '');
  if (m === null) return unauthorized();
  const client = await ctx.store.getClient(clientId);
  if (client === undefined || client.registrationTokenHash === undefined || !(await secretMatches(m[1]!, client.registrationTokenHash, ctx.opts.crypto))) return unauthorized();
  try {
    if (request.method === 'GET') return json(information(ctx, client, {}));
    if (request.method === 'DELETE') {
      await ctx.store.deleteClient(clientId);
      ctx.audit({ type: 'client.deleted', clientId });
      return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
    }
    if (request.method !== 'PUT') return errorJson(new ServerFlowError('MethodNotAllowed'), { allow: 'GET, PUT, DELETE' });
    const { metadata, clientSecret } = await validateClientUpdate(await readRegistrationRequest(request, { maxBytes: ctx.maxBody }), clientId, policy(ctx));
    if (metadata.jwks_uri !== undefined && !ctx.opts.clientUrlGuard) throw new DcrError('invalid_client_metadata');
    if (clientSecret !== undefined && (client.secretHash === undefined || !constantTimeEqual(await sha256(clientSecret, ctx.opts.crypto), client.secretHash))) {
      throw new DcrError('invalid_request');
    }
    if ((client.secretHash === undefined) !== (metadata.token_endpoint_auth_method === 'none' || metadata.token_endpoint_auth_method === 'private_key_jwt')) {
      throw new DcrError('invalid_client_metadata');
    }
    const updated: ClientRecord = { ...client, metadata };
    if (!(await registrable(ctx, updated))) throw new DcrError('invalid_client_metadata');
    await ctx.store.putClient(updated);
    return json(information(ctx, updated, {}));
  } catch (e) {
    return dcrFailure(e);
  }
}
