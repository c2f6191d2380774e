// A-ANON-1: who may use which grant. A user's authorization (authorization_code, then refresh_token)
// is open to every client; any other grant, whatever its name, is for clients the operator
// configured with it or that `allowGrantWithoutUser` accepts. The rule is an allowlist of user
// grants, so a grant type added later is closed to self-registered clients until someone opens it.
import { ServerFlowError } from '../errors';
import { parseScope, scopeCovers } from '../scopes';
import type { ClientRecord } from '../store';
import { configuredMethod } from './clients';
import type { Ctx } from './context';
import { DEVICE_GRANT } from './device-codes';

/** Grants through which a user authorized the client. */
export const USER_GRANTS: readonly string[] = ['authorization_code', 'refresh_token'];
/** Grants without a user that `/token` implements. */
export const GRANTS_WITHOUT_USER: readonly string[] = ['client_credentials'];

/** Whether a token's claims (or an introspection answer) say a user is behind it (RFC 9068 §2.2). */
export function claimsHaveUser(sub: unknown, clientId: unknown, gty: unknown): boolean {
  return sub !== clientId && (gty === undefined || (typeof gty === 'string' && USER_GRANTS.includes(gty)));
}

/**
 * Whether `client` may use `grantType` at `/token`: it must be one of the client's `grant_types`;
 * a grant without a user also needs a configured client, or `allowGrantWithoutUser` saying true.
 */
export async function mayUseGrant(ctx: Ctx, client: ClientRecord, grantType: string): Promise<boolean> {
  if (!client.metadata.grant_types.includes(grantType)) return false;
  if (USER_GRANTS.includes(grantType) || client.source === 'config' || deviceOn(ctx, grantType)) return true;
  const hook = ctx.opts.allowGrantWithoutUser;
  return hook !== undefined && (await hook(client, grantType)) === true;
}

/** The device grant is a grant with a user (ours approves it on the `/device` page), open only when enabled. */
const deviceOn = (ctx: Ctx, grantType: string): boolean => grantType === DEVICE_GRANT && ctx.opts.deviceAuthorization !== undefined && ctx.opts.deviceAuthorization !== false;

/** Registration and RFC 7592 updates: every grant the record lists must be one `/token` would honour. */
export async function registrable(ctx: Ctx, client: ClientRecord): Promise<boolean> {
  for (const g of client.metadata.grant_types) if (!(await mayUseGrant(ctx, client, g))) return false;
  return true;
}

/** The grant types a self-registered client may list at registration, for the dcr policy default. */
export function registrableGrantTypes(ctx: Ctx): readonly string[] {
  const user = deviceOn(ctx, DEVICE_GRANT) ? [...USER_GRANTS, DEVICE_GRANT] : USER_GRANTS;
  return ctx.opts.allowGrantWithoutUser === undefined ? user : [...user, ...GRANTS_WITHOUT_USER];
}

/** `grant_types_supported`: a grant without a user only when some configured client or the hook can use it. */
export function advertisedGrantTypes(ctx: Ctx): string[] {
  const o = ctx.opts;
  const usable = (g: string): boolean => o.allowGrantWithoutUser !== undefined ||
    (o.clients ?? []).some((c) => c.grant_types?.includes(g) === true && configuredMethod(c) !== 'none');
  return [...USER_GRANTS, ...(deviceOn(ctx, DEVICE_GRANT) ? [DEVICE_GRANT] : []), ...GRANTS_WITHOUT_USER.filter(usable)];
}

/**
 * Scopes for a grant without a user (no consent decides them): each within the server's `scopes`
 * and the client's `scope`; a client without `scope` is held to `defaultScopes`. Asked for none,
 * it gets the `defaultScopes` its cap covers.
 */
export function scopesWithoutUser(ctx: Ctx, client: ClientRecord, raw: string | undefined): string[] {
  let requested: string[];
  let cap: string[];
  try {
    requested = parseScope(raw);
    cap = client.metadata.scope !== undefined ? parseScope(client.metadata.scope) : [...(ctx.opts.defaultScopes ?? [])];
  } catch { throw new ServerFlowError('InvalidScope'); }
  const allowed = (s: string): boolean => ctx.opts.scopes.some((g) => scopeCovers(g, s)) && cap.some((g) => scopeCovers(g, s));
  if (requested.length === 0) return (ctx.opts.defaultScopes ?? []).filter(allowed);
  for (const s of requested) if (!allowed(s)) throw new ServerFlowError('InvalidScope');
  return requested;
}

/** Startup checks of the options this module reads (caller mistakes are TypeErrors). */
export function checkGrantOptions(o: Ctx['opts']): void {
  if (o.allowGrantWithoutUser !== undefined && typeof o.allowGrantWithoutUser !== 'function') throw new TypeError('allowGrantWithoutUser must be a function');
  const list = o.introspectionClients;
  if (list === undefined) return;
  if (!Array.isArray(list)) throw new TypeError('introspectionClients must be an array of client ids');
  for (const id of list) {
    const c = (o.clients ?? []).find((x) => x.client_id === id);
    if (c === undefined || configuredMethod(c) === 'none') throw new TypeError('introspectionClients must name confidential clients of `clients`');
  }
}

/** A-INTRO-1: whether this authenticated client may call `/introspect`. */
export function mayIntrospect(ctx: Ctx, client: ClientRecord): boolean {
  return client.source === 'config' && client.metadata.token_endpoint_auth_method !== 'none' && (ctx.opts.introspectionClients ?? []).includes(client.clientId);
}
