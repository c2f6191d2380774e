// One OAuth flow by hand over HTTP (fetch + WebCrypto only), step by step, so that tests can send
// each step to a chosen server instance, keep the tokens, and replay them. Used by the store tests
// (restart, many instances, faults) and bench/store-load.bench.mjs.
const b64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
export const REDIRECT_URI = 'http://127.0.0.1/callback';

export interface Tokens { access_token: string; refresh_token: string; token_type: string; expires_in: number; scope?: string }

/** POST a form to `origin + path`. */
export async function postForm(origin: string, path: string, form: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(origin + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  const text = await res.text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, body };
}

/** RFC 7591 registration of a public client. */
export async function register(origin: string): Promise<string> {
  const res = await fetch(`${origin}/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: [REDIRECT_URI], client_name: 'store test', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }),
  });
  const body = await res.json() as { client_id?: string };
  if (res.status !== 201 || !body.client_id) throw new Error(`register: ${res.status} ${JSON.stringify(body)}`);
  return body.client_id;
}

/** GET /authorize (auto-approve mode) → the code from the redirect, with its PKCE verifier. */
export async function authorize(origin: string, clientId: string, resource: string): Promise<{ code: string; verifier: string }> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT_URI, code_challenge: challenge, code_challenge_method: 'S256', scope: 'mcp:tools', resource, state });
  const res = await fetch(`${origin}/authorize?${q}`, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`authorize: ${res.status} ${await res.text()}`);
  const back = new URL(location);
  const code = back.searchParams.get('code');
  if (!code || back.searchParams.get('state') !== state) throw new Error(`authorize: no code in ${location}`);
  return { code, verifier };
}

export function redeem(origin: string, clientId: string, resource: string, code: string, verifier: string): ReturnType<typeof postForm> {
  return postForm(origin, '/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: clientId, code_verifier: verifier, resource });
}

export function refresh(origin: string, clientId: string, resource: string, refreshToken: string): ReturnType<typeof postForm> {
  return postForm(origin, '/token', { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId, resource });
}

/** An MCP `initialize` with the token: the status says whether the resource accepted it. */
export async function callMcp(mcpUrl: string, accessToken: string): Promise<number> {
  const res = await fetch(mcpUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'store test', version: '1' } } }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** register → authorize → redeem, each step at `origins[i % n]` (one origin: all on one server). */
export async function fullFlow(origins: string[], resource: string): Promise<{ clientId: string; tokens: Tokens }> {
  const at = (i: number): string => origins[i % origins.length]!;
  const clientId = await register(at(0));
  const { code, verifier } = await authorize(at(1), clientId, resource);
  const res = await redeem(at(2), clientId, resource, code, verifier);
  if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return { clientId, tokens: res.body as Tokens };
}

/**
 * authorize → redeem for a registered client (registration is rate-limited per address, 20 an hour
 * by default, so load and fault runs register a few clients and authorize many times).
 */
export async function codeFlow(origins: string[], clientId: string, resource: string): Promise<{ clientId: string; tokens: Tokens }> {
  const { code, verifier } = await authorize(origins[0]!, clientId, resource);
  const res = await redeem(origins[1 % origins.length]!, clientId, resource, code, verifier);
  if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return { clientId, tokens: res.body as Tokens };
}
