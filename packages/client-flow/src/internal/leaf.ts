// The pieces of the leaf packages client-flow uses, behind one seam that turns their errors into
// ClientFlowErrors (one error family per package).
import {
  assertSafeUrl, authorizationServerMetadataUrls as asUrls, canonicalResourceUri as canonical, isLoopbackHost as loopback,
  MetadataError, parseWwwAuthenticate, processAuthorizationServerMetadata, protectedResourceMetadataUrls as prmUrls, readJsonBody,
} from '@mcp-oauth/metadata';
import { signJwt, type JwtKey } from '@mcp-oauth/jwt-lite';
import { ClientFlowError, type ClientFlowErrorCode } from '../errors';
import type { AuthorizationServerMetadata } from '../types';
import { whence } from './http';

/** A private key bound to one JWS algorithm: `@mcp-oauth/jwt-lite`'s `JwtKey`. */
export type SigningKey = JwtKey;

const MAPPED: readonly string[] = ['InsecureUrl', 'IssuerMismatch', 'PkceUnsupported', 'ResourceMismatch'];

/** Runs a leaf call, turning its MetadataError into the matching ClientFlowError. */
export async function lift<T>(fn: () => T | Promise<T>, res?: Response): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    if (!(cause instanceof MetadataError)) throw cause;
    throw new ClientFlowError((MAPPED.includes(cause.code) ? cause.code : 'InvalidResponse') as ClientFlowErrorCode, { cause, ...res && whence(res) });
  }
}

/** True for `localhost`, 127.0.0.0/8 and `[::1]`. */
export const isLoopbackHost: (host: string) => boolean = loopback;

const SHELLISH = /[^\x21-\x7e]|["'`$<>\\^|{}()]/;

/**
 * The safe-URL policy of `@mcp-oauth/metadata` (https, or http on loopback; no userinfo, fragment
 * or whitespace), plus no quote or shell metacharacter anywhere: these URLs may reach a browser opener.
 */
export function safeUrl(raw: unknown): URL {
  try {
    if (typeof raw === 'string' && !SHELLISH.test(raw)) return assertSafeUrl(raw);
  } catch {}
  throw new ClientFlowError('InsecureUrl');
}

export const protectedResourceMetadataUrls = (server: URL): Promise<URL[]> => lift(() => prmUrls(server));
export const authorizationServerMetadataUrls = (issuer: string): Promise<URL[]> => lift(() => asUrls(issuer));
export const canonicalResourceUri = (server: URL): Promise<string> => lift(() => canonical(server));

/** Validates AS metadata (exact issuer, S256, endpoint URLs) with `@mcp-oauth/metadata`. */
export const processAsMetadata = (res: Response, issuer: string): Promise<AuthorizationServerMetadata> =>
  lift(() => processAuthorizationServerMetadata(res, issuer) as Promise<AuthorizationServerMetadata>, res);

/** The parameters of a `Bearer` or `DPoP` challenge. */
export interface Challenge {
  readonly resourceMetadata?: string;
  readonly scope?: string;
  readonly error?: string;
}

/** The first Bearer (else DPoP) challenge of a `WWW-Authenticate` value, bounded; `undefined` when none. */
export function parseChallenge(header: string | null): Challenge | undefined {
  let all: { scheme: string; params: Record<string, string> }[] = [];
  try { all = header ? parseWwwAuthenticate(header) : []; } catch {}
  const c = all.find((x) => x.scheme === 'bearer') ?? all.find((x) => x.scheme === 'dpop');
  if (!c) return undefined;
  const { resource_metadata: resourceMetadata, scope, error } = c.params;
  return { ...(resourceMetadata ? { resourceMetadata } : {}), ...(scope ? { scope } : {}), ...(error ? { error } : {}) };
}

/** Reads a JSON object body (bounded in size, depth and time); anything else is `InvalidResponse`. */
export async function readJsonObject(response: Response): Promise<Record<string, unknown>> {
  const v = await lift(() => readJsonBody(response), response);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ClientFlowError('InvalidResponse', whence(response));
  return v as Record<string, unknown>;
}

/**
 * The coded error for an endpoint's refusal, whatever its content type: the answer's `error` and
 * `error_description` (sanitised by ClientFlowError), the endpoint without its query, the status.
 */
export async function refused(code: ClientFlowErrorCode, res: Response, url: URL): Promise<ClientFlowError> {
  const doc = await readJsonObject(new Response(res.body, { headers: { 'content-type': 'application/json' } })).catch(() => ({} as Record<string, unknown>));
  return new ClientFlowError(code, { oauthError: doc['error'], errorDescription: doc['error_description'], url: url.origin + url.pathname, status: res.status });
}

/** Signs a client assertion with `@mcp-oauth/jwt-lite`. */
export const signAssertion = (claims: Record<string, unknown>, key: SigningKey): Promise<string> => signJwt(claims, key, { typ: 'JWT' });

/**
 * Signs a DPoP proof (RFC 9449 §4.2) with `@mcp-oauth/jwt-lite`: header `typ: dpop+jwt` and the
 * public `jwk` (which jwt-lite checks is public and of the key's type); no `kid`, the `jwk` names the key.
 */
export const signDpopProof = (claims: Record<string, unknown>, key: SigningKey, jwk: JsonWebKey): Promise<string> =>
  signJwt(claims, { alg: key.alg, key: key.key }, { typ: 'dpop+jwt', header: { jwk } });

/** Base64url (no padding) of bytes. */
export function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
