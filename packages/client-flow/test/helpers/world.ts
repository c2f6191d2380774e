// An in-process fake MCP server + authorization server behind a fake `fetch`, for every runtime.
import { computeCodeChallenge } from '@mcp-oauth/pkce';

export interface Seen { method: string; url: string; headers: Headers; body: string }

export interface WorldOptions {
  mcp?: string;
  issuer?: string;
  /** Where the PRM lives: announced in the 401 header, at the path-based URL, at the root URL, or nowhere. */
  prm?: 'header' | 'path' | 'root' | 'none';
  /** Which AS metadata URL answers (index in the MCP order) */
  asAt?: number;
  asMetadata?: Record<string, unknown>;
  prmDoc?: Record<string, unknown>;
  requiredScopes?: string[];
  challengeScope?: string;
  /** iss in the callback: the issuer (default), omitted, or this string. */
  iss?: 'omit' | string;
  tokenTtl?: number;
  issueRefresh?: boolean;
  registration?: 'dcr' | 'none';
  now?: () => number;
}

export interface World {
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  browser: (url: URL) => Promise<string>;
  seen: Seen[];
  state: {
    required: string[];
    asMetadata: Record<string, unknown>;
    prmDoc: Record<string, unknown>;
    iss: string | undefined;
    tokenTtl: number;
    issueRefresh: boolean;
    override: undefined | ((req: Seen) => Response | undefined);
  };
  counters: { refresh: number; token: number; authorize: number; register: number };
  tokens: Map<string, { scope: string; exp: number; dpop?: boolean }>;
  clients: Map<string, { secret?: string; method: string; body: Record<string, unknown> }>;
  mcp: URL;
  issuer: string;
  prmPathUrl: string;
  prmRootUrl: string;
  prmHeaderUrl: string;
  asUrls: string[];
  requests: (pred?: (s: Seen) => boolean) => Seen[];
}

export function createWorld(o: WorldOptions = {}): World {
  const mcp = new URL(o.mcp ?? 'https://mcp.example.com/mcp');
  const issuer = o.issuer ?? 'https://as.example.com';
  const iu = new URL(issuer);
  const ipath = iu.pathname.replace(/\/$/, '');
  const now = o.now ?? (() => Date.now());
  const seen: Seen[] = [];
  const tokens = new Map<string, { scope: string; exp: number; dpop?: boolean }>();
  const refresh = new Map<string, { scope: string; client: string }>();
  const codes = new Map<string, { challenge: string; redirect: string; scope: string; client: string; resource: string | null }>();
  const clients = new Map<string, { secret?: string; method: string; body: Record<string, unknown> }>();
  let n = 0;
  const counters = { refresh: 0, token: 0, authorize: 0, register: 0 };
  const prmPathUrl = `${mcp.origin}/.well-known/oauth-protected-resource${mcp.pathname === '/' ? '' : mcp.pathname}`;
  const prmRootUrl = `${mcp.origin}/.well-known/oauth-protected-resource`;
  const prmHeaderUrl = `${mcp.origin}/custom/prm-location`;
  const prmUrl = o.prm === 'header' ? prmHeaderUrl : o.prm === 'root' ? prmRootUrl : prmPathUrl;
  const asUrls = ipath
    ? [`${iu.origin}/.well-known/oauth-authorization-server${ipath}`, `${iu.origin}/.well-known/openid-configuration${ipath}`, `${iu.origin}${ipath}/.well-known/openid-configuration`]
    : [`${iu.origin}/.well-known/oauth-authorization-server`, `${iu.origin}/.well-known/openid-configuration`];
  const asBase = `${iu.origin}${ipath}`;
  const state: World['state'] = {
    required: [...(o.requiredScopes ?? [])],
    asMetadata: {
      issuer,
      authorization_endpoint: `${asBase}/authorize`,
      token_endpoint: `${asBase}/token`,
      revocation_endpoint: `${asBase}/revoke`,
      ...(o.registration === 'none' ? {} : { registration_endpoint: `${asBase}/register` }),
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      ...o.asMetadata,
    } as Record<string, unknown>,
    prmDoc: { resource: mcp.href, authorization_servers: [issuer], ...o.prmDoc } as Record<string, unknown>,
    iss: o.iss,
    tokenTtl: o.tokenTtl ?? 3600,
    issueRefresh: o.issueRefresh ?? true,
    /** Extra handlers tried first (url → response). */
    override: undefined,
  };
  const json = (v: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(v), { status, headers: { 'content-type': 'application/json', ...headers } });
  const challenge = () => {
    const parts = [];
    if (o.prm === 'header') parts.push(`resource_metadata="${prmHeaderUrl}"`);
    if (o.challengeScope) parts.push(`scope="${o.challengeScope}"`);
    return parts.length ? `Bearer ${parts.join(', ')}` : 'Bearer';
  };

  function issue(scope: string, client: string, dpop: boolean) {
    const at = `at-${++n}`;
    tokens.set(at, { scope, exp: now() / 1000 + state.tokenTtl, dpop });
    const body: Record<string, unknown> = { access_token: at, token_type: dpop ? 'DPoP' : 'Bearer', expires_in: state.tokenTtl, scope };
    if (state.issueRefresh) { const rt = `rt-${n}`; refresh.set(rt, { scope, client }); body.refresh_token = rt; }
    return json(body, 200, { 'cache-control': 'no-store' });
  }

  function clientOf(req: Seen, form: URLSearchParams): string | undefined {
    const auth = req.headers.get('authorization');
    if (auth?.startsWith('Basic ')) {
      const [id, secret] = atob(auth.slice(6)).split(':').map((s) => decodeURIComponent(s.replace(/\+/g, ' ')));
      return id && clients.get(id)?.secret === secret ? id : undefined;
    }
    const id = form.get('client_id') ?? undefined;
    if (!id) return undefined;
    const c = clients.get(id);
    if (!c) return id.startsWith('https://') ? id : undefined;
    if (c.method === 'client_secret_post') return form.get('client_secret') === c.secret ? id : undefined;
    if (c.method === 'private_key_jwt') return form.get('client_assertion') ? id : undefined;
    return id;
  }

  async function handle(req: Seen): Promise<Response> {
    const extra = state.override?.(req);
    if (extra) return extra;
    const url = new URL(req.url);
    const href = url.origin + url.pathname;
    if (href === mcp.origin + mcp.pathname) {
      const auth = req.headers.get('authorization');
      if (!auth) return new Response('{}', { status: 401, headers: { 'www-authenticate': challenge() } });
      const t = tokens.get(auth.replace(/^(Bearer|DPoP) /, ''));
      if (!t || t.exp <= now() / 1000) return new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
      const have = t.scope.split(' ');
      const missing = state.required.filter((s) => !have.includes(s));
      if (missing.length) return new Response('{}', { status: 403, headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${state.required.join(' ')}"` } });
      return json({ ok: true, body: req.body });
    }
    if (o.prm !== 'none' && href === prmUrl && req.method === 'GET') return json(state.prmDoc);
    const at = asUrls.indexOf(href);
    if (at >= 0 && at === (o.asAt ?? 0)) return json(state.asMetadata);
    if (href === state.asMetadata['registration_endpoint'] && req.method === 'POST') {
      counters.register++;
      const body = JSON.parse(req.body) as Record<string, unknown>;
      const id = `${iu.hostname.split(".")[0]}-client-${++n}`;
      const method = String(body.token_endpoint_auth_method ?? 'client_secret_basic');
      const secret = method === 'none' ? undefined : `secret-${n}`;
      clients.set(id, { method, body, ...(secret ? { secret } : {}) });
      return json({ ...body, client_id: id, ...(secret ? { client_secret: secret } : {}) }, 201);
    }
    if (href === state.asMetadata['token_endpoint'] && req.method === 'POST') {
      counters.token++;
      const form = new URLSearchParams(req.body);
      const client = clientOf(req, form);
      if (!client) return json({ error: 'invalid_client' }, 401);
      const dpop = req.headers.has('dpop');
      const grant = form.get('grant_type');
      if (grant === 'authorization_code') {
        const c = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!c || c.client !== client || c.redirect !== form.get('redirect_uri') || c.resource !== form.get('resource') ||
          (await computeCodeChallenge(form.get('code_verifier') ?? 'x'.repeat(43))) !== c.challenge) return json({ error: 'invalid_grant' }, 400);
        return issue(c.scope, client, dpop);
      }
      if (grant === 'refresh_token') {
        counters.refresh++;
        const r = refresh.get(form.get('refresh_token') ?? '');
        if (!r || r.client !== client) return json({ error: 'invalid_grant' }, 400);
        refresh.delete(form.get('refresh_token') ?? '');
        return issue(r.scope, client, dpop);
      }
      if (grant === 'client_credentials') return issue(form.get('scope') ?? '', client, dpop);
      return json({ error: 'unsupported_grant_type' }, 400);
    }
    if (href === state.asMetadata['revocation_endpoint']) {
      const form = new URLSearchParams(req.body);
      tokens.delete(form.get('token') ?? '');
      refresh.delete(form.get('token') ?? '');
      return new Response(null, { status: 200 });
    }
    return new Response('not found', { status: 404 });
  }

  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const r = new Request(input, init);
    const s: Seen = { method: r.method, url: r.url, headers: r.headers, body: await r.text() };
    seen.push(s);
    return handle(s);
  };

  /** The browser + user: follows the authorization URL and returns the callback URL. */
  const browser = async (url: URL): Promise<string> => {
    counters.authorize++;
    const p = url.searchParams;
    const redirect = p.get('redirect_uri') ?? '';
    const code = `code-${++n}`;
    const client = p.get('client_id') ?? '';
    codes.set(code, { challenge: p.get('code_challenge') ?? '', redirect, scope: p.get('scope') ?? '', client, resource: p.get('resource') });
    const cb = new URL(redirect);
    cb.searchParams.set('code', code);
    cb.searchParams.set('state', p.get('state') ?? '');
    if (state.iss !== 'omit') cb.searchParams.set('iss', state.iss ?? issuer);
    return cb.href;
  };

  return { fetch, browser, seen, state, counters, tokens, clients, mcp, issuer, prmPathUrl, prmRootUrl, prmHeaderUrl, asUrls,
    requests: (pred?: (s: Seen) => boolean) => seen.filter(pred ?? (() => true)) };
}
