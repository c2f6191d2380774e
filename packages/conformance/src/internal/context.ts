// What every property gets: the HTTP layer, what discovery found, and the client-side steps of a flow.
import { computeCodeChallenge, generateCodeVerifier } from '@mcp-oauth/pkce';
import type { ConformanceOptions, PreRegisteredClient } from '../types';
import { field, str, type Http, type Observed } from './http';

/** The property does not apply, or could not be checked; carries the evidence. */
export class Skip extends Error {
  readonly verdict: 'not-applicable' | 'not-tested';
  readonly evidence: string;
  constructor(verdict: 'not-applicable' | 'not-tested', evidence: string) { super(evidence); this.verdict = verdict; this.evidence = evidence; }
}

/** The property is violated by this observation. */
export class Violation extends Error {
  readonly evidence: string;
  readonly observed: Observed | undefined;
  constructor(evidence: string, observed?: Observed) { super(evidence); this.evidence = evidence; this.observed = observed; }
}

export interface Discovery {
  mcpUrl?: string;
  challenge?: Observed;
  prmUrl?: string;
  prm?: Record<string, unknown>;
  prmObserved?: Observed;
  issuer?: string;
  asmUrl?: string;
  asm?: Record<string, unknown>;
  asmObserved?: Observed;
  /** Why discovery stopped short, for the properties that need what is missing. */
  gap?: string;
}

export interface Client extends PreRegisteredClient {
  readonly source: 'pre-registered' | 'dcr';
}

export interface Ctx {
  readonly http: Http;
  readonly options: ConformanceOptions;
  readonly d: Discovery;
  readonly numRuns: number;
  readonly seed: number | undefined;
  /** Cached clients by role. */
  readonly clients: Map<string, Promise<Client>>;
  /** Registration requests sent so far (all from this one caller: A82 counts them against the limit). */
  readonly counters: { registrations: number };
}

export const KIT_REDIRECT = 'http://127.0.0.1/callback';
export const REMOTE_REDIRECT = 'https://client.example.com/cb';

export function asm(ctx: Ctx): Record<string, unknown> {
  if (!ctx.d.asm) throw new Skip('not-tested', `no authorization server metadata (${ctx.d.gap ?? 'discovery failed'})`);
  return ctx.d.asm;
}

export function endpoint(ctx: Ctx, name: string): string {
  const v = str(asm(ctx), name);
  if (!v) throw new Skip('not-applicable', `the metadata advertises no ${name}`);
  return v;
}

export function requireIntrusive(ctx: Ctx): void {
  if (!ctx.options.intrusive) throw new Skip('not-tested', 'needs --intrusive (registers a client and requests tokens)');
}

/** The resource the kit asks tokens for. */
export function resource(ctx: Ctx): string | undefined {
  return str(ctx.d.prm, 'resource') ?? ctx.options.resource ?? ctx.d.mcpUrl;
}

/** The scope a client would ask for (C-AUTH-5): the challenge's, else PRM `scopes_supported`, else none. */
export function scope(ctx: Ctx): string | undefined {
  const fromChallenge = /scope="([^"]*)"/.exec(ctx.d.challenge?.headers.get('www-authenticate') ?? '')?.[1];
  if (fromChallenge) return fromChallenge;
  const s = field(ctx.d.prm, 'scopes_supported');
  return Array.isArray(s) && s.length ? s.filter((x) => typeof x === 'string' && x !== 'offline_access').join(' ') || undefined : undefined;
}

const roleMetadata: Record<string, Record<string, unknown>> = {
  loopback: { redirect_uris: [KIT_REDIRECT], token_endpoint_auth_method: 'none', application_type: 'native' },
  second: { redirect_uris: [KIT_REDIRECT], token_endpoint_auth_method: 'none', application_type: 'native' },
  remote: { redirect_uris: [REMOTE_REDIRECT], token_endpoint_auth_method: 'none', application_type: 'web' },
  confidential: { redirect_uris: [KIT_REDIRECT], token_endpoint_auth_method: 'client_secret_basic', application_type: 'native' },
};

/** POSTs client metadata to the registration endpoint (intrusive). */
export async function register(ctx: Ctx, metadata: Record<string, unknown>): Promise<Observed> {
  requireIntrusive(ctx);
  const url = endpoint(ctx, 'registration_endpoint');
  ctx.counters.registrations++;
  const o = await ctx.http.send('POST', url, { headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ client_name: 'mcp-oauth conformance', response_types: ['code'], ...metadata }) });
  if (o.status === 429) throw new Skip('not-tested', 'the registration endpoint rate-limited the kit (429)');
  const secret = str(o.json, 'client_secret');
  if (secret) guardSecret(ctx, secret);
  const rat = str(o.json, 'registration_access_token');
  if (rat) ctx.http.allow(rat, [str(o.json, 'registration_client_uri')]);
  return o;
}

function guardSecret(ctx: Ctx, secret: string): void {
  const m = ctx.d.asm;
  ctx.http.allow(secret, [str(m, 'token_endpoint'), str(m, 'revocation_endpoint'), str(m, 'introspection_endpoint')]);
}

/** A client for `role`, registered once per run (or the pre-registered one for `loopback`). */
export function client(ctx: Ctx, role: 'loopback' | 'second' | 'remote' | 'confidential'): Promise<Client> {
  requireIntrusive(ctx);
  const cached = ctx.clients.get(role);
  if (cached) return cached;
  const p = (async (): Promise<Client> => {
    if (role === 'loopback' && ctx.options.client) {
      if (ctx.options.client.client_secret) guardSecret(ctx, ctx.options.client.client_secret);
      return { ...ctx.options.client, source: 'pre-registered' };
    }
    if (!str(asm(ctx), 'registration_endpoint')) throw new Skip('not-tested', `needs a ${role} client: the server offers no registration_endpoint${role === 'loopback' ? '; pass a pre-registered client' : ''}`);
    const grants = ['authorization_code', 'refresh_token'];
    const o = await register(ctx, { ...roleMetadata[role], grant_types: grants });
    const id = str(o.json, 'client_id');
    if (o.status !== 201 || !id) throw new Skip('not-tested', `registering a ${role} client failed with ${o.status}`);
    const secret = str(o.json, 'client_secret');
    return { client_id: id, redirect_uri: (roleMetadata[role]!['redirect_uris'] as string[])[0]!, source: 'dcr', ...(secret && role === 'confidential' ? { client_secret: secret } : {}) };
  })();
  ctx.clients.set(role, p);
  return p;
}

/** The outcome of one authorization request. */
export interface Authorization {
  readonly url: string;
  readonly first: Observed;
  /** The URL the server finally sent the browser to, when it redirected. */
  readonly location: string | undefined;
  /** Its query when `location` starts with `redirectUri`. */
  readonly response: URLSearchParams | undefined;
  readonly verifier: string;
  readonly state: string;
}

const randomString = (): string => generateCodeVerifier(43).slice(0, 22);

/** Sends an authorization request (never followed) and completes a login with `options.login` when the server shows a page. */
export async function authorize(ctx: Ctx, c: Client, overrides: Record<string, string | undefined> = {}, redirectUri: string = c.redirect_uri): Promise<Authorization> {
  const verifier = generateCodeVerifier();
  const state = randomString();
  const sc = scope(ctx);
  const res = resource(ctx);
  const all: Record<string, string | undefined> = {
    response_type: 'code', client_id: c.client_id, redirect_uri: redirectUri, state, code_challenge: await computeCodeChallenge(verifier), code_challenge_method: 'S256',
    ...(res ? { resource: res } : {}), ...(sc ? { scope: sc } : {}), ...overrides,
  };
  const url = new URL(endpoint(ctx, 'authorization_endpoint'));
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.append(k, v);
  const first = await ctx.http.send('GET', url.href, { headers: { accept: 'text/html' } });
  let location = first.status >= 300 && first.status < 400 ? first.location : undefined;
  const target = all['redirect_uri'] ?? redirectUri;
  const toClient = (l: string | undefined): boolean => l !== undefined && (l === target || l.startsWith(`${target}?`) || l.startsWith(`${target}#`));
  if (!toClient(location) && first.status < 400 && ctx.options.login) location = await ctx.options.login(url.href);
  let response: URLSearchParams | undefined;
  if (location !== undefined && toClient(location)) {
    // Query, or the fragment for response modes that use it (an error to response_type=token).
    const hash = location.indexOf('#');
    const beforeHash = hash < 0 ? location : location.slice(0, hash);
    const q = beforeHash.indexOf('?');
    response = new URLSearchParams(q < 0 ? '' : beforeHash.slice(q + 1));
    if (!response.has('code') && !response.has('error') && hash >= 0) response = new URLSearchParams(location.slice(hash + 1));
    const code = response.get('code');
    if (code) ctx.http.allow(code, [str(ctx.d.asm, 'token_endpoint')]);
  }
  ctx.http.allow(verifier, [str(ctx.d.asm, 'token_endpoint')]);
  return { url: url.href, first, location, response, verifier, state };
}

/** Finds a code of an authorization that should succeed; Skip when the server needs a person. */
export async function code(ctx: Ctx, c: Client, overrides: Record<string, string | undefined> = {}): Promise<Authorization & { code: string }> {
  const a = await authorize(ctx, c, overrides);
  const got = a.response?.get('code');
  if (!got) {
    throw new Skip('not-tested', a.response?.get('error')
      ? `a valid authorization request was answered with error=${a.response.get('error')}`
      : `a valid authorization request was answered with ${a.first.status} and no redirect to the client; the server needs a login: pass \`login\``);
  }
  return { ...a, code: got };
}

/** POSTs a token request for `c` (client_secret_basic when it has a secret, else client_id in the body). */
export async function tokenRequest(ctx: Ctx, c: Client | undefined, form: Record<string, string | undefined>): Promise<Observed> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) body.append(k, v);
  if (c?.client_secret) headers['authorization'] = `Basic ${btoa(`${encodeURIComponent(c.client_id)}:${encodeURIComponent(c.client_secret)}`)}`;
  else if (c && !body.has('client_id')) body.set('client_id', c.client_id);
  const o = await ctx.http.send('POST', endpoint(ctx, 'token_endpoint'), { headers, body: body.toString() });
  protectTokens(ctx, o, form['resource'] ?? resource(ctx));
  return o;
}

/** Registers the tokens of a token response with the leak guard. */
export function protectTokens(ctx: Ctx, o: Observed, forResource: string | undefined): void {
  const m = ctx.d.asm;
  const at = str(o.json, 'access_token');
  if (at) ctx.http.allow(at, [forResource, str(m, 'revocation_endpoint'), str(m, 'introspection_endpoint')]);
  const rt = str(o.json, 'refresh_token');
  if (rt) ctx.http.allow(rt, [str(m, 'token_endpoint'), str(m, 'revocation_endpoint'), str(m, 'introspection_endpoint')]);
}

/** authorize → token with everything right. */
export async function tokens(ctx: Ctx, c: Client, overrides: Record<string, string | undefined> = {}): Promise<{ json: Record<string, unknown>; observed: Observed; accessToken: string }> {
  const a = await code(ctx, c, overrides);
  const o = await tokenRequest(ctx, c, { grant_type: 'authorization_code', code: a.code, code_verifier: a.verifier, redirect_uri: c.redirect_uri, resource: overrides['resource'] ?? resource(ctx) });
  const at = str(o.json, 'access_token');
  if (o.status !== 200 || !at) throw new Skip('not-tested', `a valid token request was answered with ${o.status}${str(o.json, 'error') ? ` ${str(o.json, 'error')}` : ''}`);
  return { json: o.json as Record<string, unknown>, observed: o, accessToken: at };
}

/** A JSON-RPC `initialize` to the MCP endpoint, with `authorization` when given. */
export function callResource(ctx: Ctx, authorization: string | undefined, opts: { url?: string; extraHeaders?: Record<string, string> } = {}): Promise<Observed> {
  const url = opts.url ?? ctx.d.mcpUrl;
  if (!url) throw new Skip('not-applicable', 'no MCP server URL (the target is an issuer)');
  return ctx.http.send('POST', url, {
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(authorization !== undefined ? { authorization } : {}), ...opts.extraHeaders },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'mcp-oauth-conformance', version: '0.0.0' } } }),
  });
}
