// Shared fixtures: an authorization server with an injected clock and audit sink, and the steps of a flow.
import { computeCodeChallenge, generateCodeVerifier } from '@mcp-oauth/pkce';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import type { AuditEvent, AuthorizationServer, AuthorizationServerOptions, ProtectedResource } from '@mcp-oauth/server-flow';

export const ISSUER = 'https://as.example.com';
export const RESOURCE = 'https://mcp.example.com/mcp';
// A loopback redirect (RFC 8252): the server trusts it with error redirects (A-RED-2).
export const REDIRECT = 'http://127.0.0.1:53682/cb';
export const SCOPES: string[] = ['mcp:tools', 'mcp:read', 'mcp:exec:*', 'offline_access'];

export interface Fixture {
  as: AuthorizationServer;
  rs: ProtectedResource;
  clock: { t: number };
  events: AuditEvent[];
}

/** Options to change; `undefined` removes a default (e.g. `autoApprove: undefined`). */
export type Overrides = { [K in keyof AuthorizationServerOptions]?: AuthorizationServerOptions[K] | undefined };

export function setup(overrides: Overrides = {}): Fixture {
  const clock = { t: 1_750_000_000_000 };
  const events: AuditEvent[] = [];
  const options: Record<string, unknown> = {
    issuer: ISSUER, resources: [RESOURCE, 'https://other.example.com/mcp'], scopes: SCOPES, defaultScopes: ['mcp:tools'],
    autoApprove: { subject: 'user-1' }, now: () => clock.t, audit: (e: AuditEvent) => events.push(e), ...overrides,
  };
  for (const [k, v] of Object.entries(options)) if (v === undefined) delete options[k];
  const as = createAuthorizationServer(options as unknown as AuthorizationServerOptions);
  const rs = createProtectedResource({ resource: RESOURCE, authorizationServers: [ISSUER], verifier: as.verifier(), scopesSupported: ['mcp:tools', 'mcp:read'] });
  return { as, rs, clock, events };
}

export const post = (url: string, body: Record<string, string> | string, headers: Record<string, string> = {}): Request =>
  new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: typeof body === 'string' ? body : new URLSearchParams(body).toString(),
  });

export const basic = (id: string, secret: string): string => `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;

export interface Registered { client_id: string; client_secret?: string; registration_access_token: string; [k: string]: unknown }

export async function register(as: AuthorizationServer, metadata: Record<string, unknown> = {}, address = '203.0.113.1'): Promise<Registered> {
  const res = await as.handle(new Request(`${ISSUER}/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], client_name: 'Test', ...metadata }),
  }), { clientAddress: address });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Registered;
}

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = generateCodeVerifier();
  return { verifier, challenge: await computeCodeChallenge(verifier) };
}

export function authorizeUrl(clientId: string, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  const all: Record<string, string | undefined> = { response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, state: 'st-1', code_challenge_method: 'S256', resource: RESOURCE, ...params };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) q.set(k, v);
  return `${ISSUER}/authorize?${q}`;
}

/** Runs /authorize (auto-approved) and returns the code and the verifier. */
export async function getCode(as: AuthorizationServer, clientId: string, params: Record<string, string | undefined> = {}): Promise<{ code: string; verifier: string; location: URL }> {
  const { verifier, challenge } = await pkcePair();
  const res = await as.handle(new Request(authorizeUrl(clientId, { code_challenge: challenge, ...params })));
  const location = new URL(res.headers.get('location') ?? 'about:blank');
  const code = location.searchParams.get('code');
  if (code === null) throw new Error(`no code: ${res.status} ${location}`);
  return { code, verifier, location };
}

export async function token(as: AuthorizationServer, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return as.handle(post(`${ISSUER}/token`, body, headers));
}

export interface Tokens { access_token: string; refresh_token?: string; expires_in: number; scope: string; token_type: string }

/** register → authorize → token for a public client. */
export async function fullFlow(as: AuthorizationServer, params: Record<string, string | undefined> = {}): Promise<{ client: Registered; tokens: Tokens }> {
  const client = await register(as);
  const { code, verifier } = await getCode(as, client.client_id, params);
  const res = await token(as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: client.client_id, redirect_uri: REDIRECT, resource: RESOURCE });
  if (res.status !== 200) throw new Error(`token failed: ${res.status} ${await res.text()}`);
  return { client, tokens: (await res.json()) as Tokens };
}

export const bearer = (t: string, init: RequestInit = {}): Request => new Request(RESOURCE, { ...init, headers: { authorization: `Bearer ${t}`, ...(init.headers as Record<string, string> | undefined) } });

/**
 * Whether this runtime lets a Fetch Response carry `Set-Cookie` and a Request carry `Cookie`.
 * Browser pages forbid both (Fetch "forbidden header names"), so there a server's cookie-bound
 * consent and delegation flows cannot run at all; tests of those flows are skipped there only.
 */
export const cookiesRoundTrip: boolean =
  new Response(null, { headers: { 'set-cookie': 'a=1' } }).headers.has('set-cookie') && new Request('https://x.example', { headers: { cookie: 'a=1' } }).headers.has('cookie');
