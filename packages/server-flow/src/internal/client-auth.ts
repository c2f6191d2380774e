// Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3, RFC 7523 §3).
import { createLocalJwks, verifyJwt } from '@mcp-oauth/jwt-lite';
import type { JwksResolver } from '@mcp-oauth/jwt-lite';
import { ServerFlowError } from '../errors';
import type { ClientRecord } from '../store';
import { clientJwks } from './client-urls';
import { findClient, findConfiguredClient } from './clients';
import type { Ctx } from './context';
import { secretMatches } from './crypto';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_ALGS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'] as const;

function basicCredentials(header: string): [string, string] {
  const m = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(header);
  if (m === null || header.length > 2048) throw new ServerFlowError('InvalidClient', 'malformed Basic credentials');
  let raw: string;
  try { raw = atob(m[1]!); } catch { throw new ServerFlowError('InvalidClient', 'malformed Basic credentials'); }
  const i = raw.indexOf(':');
  if (i < 0) throw new ServerFlowError('InvalidClient', 'malformed Basic credentials');
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before base64
    const dec = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
    return [dec(raw.slice(0, i)), dec(raw.slice(i + 1))];
  } catch { throw new ServerFlowError('InvalidClient', 'malformed Basic credentials'); }
}

function assertionSubject(assertion: string): string {
  const part = assertion.split('.')[1];
  if (assertion.length > 8192 || part === undefined) throw new ServerFlowError('InvalidClient', 'malformed client assertion');
  try {
    const claims: unknown = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
    const sub = (claims as { sub?: unknown }).sub;
    if (typeof sub === 'string' && sub !== '') return sub;
  } catch { /* fall through */ }
  throw new ServerFlowError('InvalidClient', 'malformed client assertion');
}

async function verifyAssertion(ctx: Ctx, client: ClientRecord, assertion: string): Promise<void> {
  const { jwks, jwks_uri } = client.metadata;
  // A jwks_uri is fetched only through the server's clientUrlGuard (A-SSRF-1); without one it has no keys.
  const keys: JwksResolver | undefined = jwks !== undefined ? createLocalJwks(jwks as never) : typeof jwks_uri === 'string' ? clientJwks(ctx, jwks_uri) : undefined;
  if (keys === undefined) throw new ServerFlowError('InvalidClient', 'client has no keys');
  let claims: { jti?: unknown; exp?: unknown };
  try {
    ({ claims } = await verifyJwt(assertion, keys, {
      algorithms: ASSERTION_ALGS,
      issuer: client.clientId,
      audience: [ctx.issuer, ctx.urls.token],
      requiredClaims: ['exp', 'jti', 'sub'],
      now: () => ctx.now() / 1000,
      clockTolerance: 30,
      ...(ctx.opts.crypto ? { crypto: ctx.opts.crypto } : {}),
    }));
  } catch { throw new ServerFlowError('InvalidClient', 'client assertion refused'); }
  const exp = claims.exp as number;
  if (exp * 1000 - ctx.now() > 3_600_000) throw new ServerFlowError('InvalidClient', 'client assertion lives too long');
  // Per client: a client minting fresh jtis fills its own bound, never the store (A-DOS-1).
  const added = await ctx.store.addIfAbsentCapped(`jti:${client.clientId}`, String(claims.jti), exp * 1000 + 30_000, ctx.maxAssertions);
  if (added !== 'added') throw new ServerFlowError('InvalidClient', added === 'full' ? 'too many live client assertions' : 'client assertion replayed');
}

/**
 * Authenticates the client of a token, revocation or introspection request by exactly one method,
 * which must be the one it registered. Two methods at once is invalid_request (A53). With
 * `configuredOnly`, any other client is unknown: no store lookup, no CIMD or JWKS fetch.
 */
export async function authenticateClient(ctx: Ctx, request: Request, form: Map<string, string>, configuredOnly = false): Promise<ClientRecord> {
  const header = request.headers.get('authorization');
  const bodySecret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  const used = [header !== null, bodySecret !== undefined, assertion !== undefined].filter(Boolean).length;
  if (used > 1) throw new ServerFlowError('InvalidRequest', 'more than one client authentication method');
  let clientId = form.get('client_id');
  let secret: string | undefined;
  let method: string;
  if (header !== null) {
    const [id, s] = basicCredentials(header);
    if (clientId !== undefined && clientId !== id) throw new ServerFlowError('InvalidRequest', 'client_id differs from the authenticated client');
    clientId = id;
    secret = s;
    method = 'client_secret_basic';
  } else if (assertion !== undefined) {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) throw new ServerFlowError('InvalidRequest', 'unsupported client_assertion_type');
    const sub = assertionSubject(assertion);
    if (clientId !== undefined && clientId !== sub) throw new ServerFlowError('InvalidClient', 'client_id differs from the assertion');
    clientId = sub;
    method = 'private_key_jwt';
  } else {
    secret = bodySecret;
    method = bodySecret !== undefined ? 'client_secret_post' : 'none';
  }
  if (clientId === undefined || clientId === '') throw new ServerFlowError('InvalidClient', 'client authentication required');
  const client = await (configuredOnly ? findConfiguredClient : findClient)(ctx, clientId);
  if (client === undefined) throw new ServerFlowError('InvalidClient', 'unknown client');
  if (client.metadata.token_endpoint_auth_method !== method) throw new ServerFlowError('InvalidClient', 'wrong client authentication method');
  if (method === 'private_key_jwt') await verifyAssertion(ctx, client, assertion!);
  else if (secret !== undefined) {
    const expires = client.secretExpiresAt ?? 0;
    if (client.secretHash === undefined || !(await secretMatches(secret, client.secretHash, ctx.opts.crypto))) throw new ServerFlowError('InvalidClient', 'client authentication failed');
    if (expires !== 0 && expires * 1000 <= ctx.now()) throw new ServerFlowError('InvalidClient', 'client secret expired');
  }
  return client;
}
