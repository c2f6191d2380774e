// server-flow as the conformance target, in process: an authorization server and an MCP server
// (plus a second resource of the same AS), routed by origin through an injected fetch; mutants
// wrap the handlers to break one rule each.
import { computeCodeChallenge } from '@mcp-oauth/pkce';
import { createAuthorizationServer, createProtectedResource, memoryStore, type AuthorizationServer, type AuthorizationServerOptions, type TokenVerifier } from '@mcp-oauth/server-flow';

// https, so that the flow cookies are __Host- cookies (A85); requests are routed in process, no TLS.
export const ISSUER = 'https://127.0.0.1:4100';
export const MCP_URL = 'http://127.0.0.1:4200/mcp';
export const OTHER_URL = 'http://127.0.0.1:4300/mcp';
export const SCOPES: readonly string[] = ['mcp:tools', 'mcp:admin'];

/**
 * Properties that fail on server-flow before issue #11 lands (anonymous registrants get
 * client_credentials, jwks_uri inside the network accepted, error redirects to any registered URI,
 * introspection for any confidential client). The tests assert them as failing, so a fix is
 * noticed: after merging #11, empty this list.
 */
export const EXPECTED_TO_FAIL_BEFORE_11: readonly string[] = [];

export type Handler = (request: Request) => Promise<Response>;

/** The target's registration limit per caller (A82): above what one run registers before A82, under the kit's default ceiling of 100. */
export const REGISTRATION_LIMIT = 50;

/** What a mutant may change: the AS handler, the MCP handler, or the MCP server's verifier. */
export interface Mutant {
  readonly name: string;
  /** Property ids that must catch it. */
  readonly caughtBy: readonly string[];
  wrapAs?(handler: Handler, as: AuthorizationServer, now: () => number): Handler;
  /** Server options the mutant changes. */
  readonly options?: Partial<AuthorizationServerOptions>;
  wrapMcp?(handler: Handler): Handler;
  verifier?(as: AuthorizationServer): TokenVerifier;
}

export interface Target {
  readonly fetch: (request: Request) => Promise<Response>;
  readonly as: AuthorizationServer;
  /** Moves the AS clock forward (the kit's `sleep` in tests). */
  readonly sleep: (ms: number) => Promise<void>;
}

/** server-flow's documented refresh-token reuse grace (token-refresh.ts REUSE_GRACE_MS). */
export const REUSE_GRACE_MS = 2000;

function mcpHandler(resource: string, as: AuthorizationServer, verifier: TokenVerifier): Handler {
  const rs = createProtectedResource({ resource, authorizationServers: [ISSUER], verifier, scopesSupported: ['mcp:tools'], requiredScopes: ['mcp:tools'] });
  const path = new URL(resource).pathname;
  void as;
  return async (request) => {
    const meta = rs.handleMetadata(request);
    if (meta) return meta;
    if (new URL(request.url).pathname !== path) return new Response(null, { status: 404 });
    const auth = await rs.authenticate(request);
    if (!auth.ok) return auth.response;
    return Response.json({ jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'target', version: '0' } } });
  };
}

/** Starts the target; every request is answered in process (no socket), the AS sees caller address 127.0.0.1. */
export function startTarget(mutant?: Mutant, options: { needsLogin?: boolean; noRegistration?: boolean } = {}): Target {
  let skew = 0;
  const as = createAuthorizationServer({
    now: () => Date.now() + skew,
    issuer: ISSUER, resources: [MCP_URL, OTHER_URL], scopes: SCOPES, defaultScopes: ['mcp:tools'], store: memoryStore(),
    ...(options.needsLogin
      // A login page unless the request names the user (what the test's login driver does), then consent approved.
      ? { authenticate: async (r: Request) => (new URL(r.url).searchParams.get('login_hint') === 'user-1' ? { subject: 'user-1' } : new Response('<form>login</form>', { status: 200, headers: { 'content-type': 'text/html' } })), consent: async () => 'approve' as const }
      // Signed in at once; consent approved at once, except that prompt=consent shows the consent page (A85).
      : { consentMemory: 0, authenticate: async () => ({ subject: 'user-1' }), consent: async (c: { request: Request }) => (new URL(c.request.url).searchParams.get('prompt') === 'consent' ? 'prompt' as const : 'approve' as const) }),
    registration: options.noRegistration ? false : { rateLimit: { limit: REGISTRATION_LIMIT, windowMs: 3_600_000 } },
    clients: [
      { client_id: 'pre-registered', redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] },{ client_id: 'machine', client_secret: 'machine-secret-0123456789abcdef0123456789', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic', scope: 'mcp:tools' },
      // a resource server that may introspect (A-INTRO-1): the endpoint is advertised, strangers are refused
      { client_id: 'rs', client_secret: 'resource-server-secret-0123456789abcdef', grant_types: [], token_endpoint_auth_method: 'client_secret_basic' }],
    introspectionClients: ['rs'],
    // client URLs guarded as on a real server (every name "resolves" to a public address here), so a
    // public jwks_uri registers and only the guard's rules refuse the internal ones (A-SSRF-1)
    clientUrlGuard: { resolve: async () => ['93.184.215.14'], fetch: async () => new Response(null, { status: 404 }) },
    ...mutant?.options,
  });
  const base: Handler = (r) => as.handle(r, { clientAddress: '127.0.0.1' });
  const asHandler = mutant?.wrapAs ? mutant.wrapAs(base, as, () => Date.now() + skew) : base;
  const verifier = mutant?.verifier ? mutant.verifier(as) : as.verifier();
  const baseMcp = mcpHandler(MCP_URL, as, verifier);
  const mcp = mutant?.wrapMcp ? mutant.wrapMcp(baseMcp) : baseMcp;
  const other = mcpHandler(OTHER_URL, as, as.verifier());
  const routes: Record<string, Handler> = { [new URL(ISSUER).origin]: asHandler, [new URL(MCP_URL).origin]: mcp, [new URL(OTHER_URL).origin]: other };
  return {
    as,
    sleep: async (ms) => { skew += ms; },
    fetch: async (request) => {
      const h = routes[new URL(request.url).origin];
      return h ? h(request) : new Response(null, { status: 502 });
    },
  };
}

// ---- helpers for mutants: rewrite a request, keep everything else --------------------------------

const path = (r: Request): string => new URL(r.url).pathname;

async function withForm(r: Request, edit: (f: URLSearchParams) => void): Promise<Request> {
  const f = new URLSearchParams(await r.clone().text());
  edit(f);
  const headers = new Headers(r.headers);
  headers.delete('content-length');
  return new Request(r.url, { method: 'POST', headers, body: f.toString() });
}

function withQuery(r: Request, edit: (q: URLSearchParams) => void): Request {
  const u = new URL(r.url);
  edit(u.searchParams);
  return new Request(u.href, { method: r.method, headers: r.headers, redirect: 'manual' });
}

/** Registered redirect URIs seen in registration responses, by client id. */
function registrations(): { seen: Map<string, string[]>; observe: (req: Request, res: Response) => Promise<void> } {
  const seen = new Map<string, string[]>();
  return {
    seen,
    async observe(req, res) {
      if (path(req) !== '/register' || res.status !== 201) return;
      const j = (await res.clone().json()) as { client_id: string; redirect_uris?: string[] };
      seen.set(j.client_id, j.redirect_uris ?? []);
    },
  };
}

async function editJson(res: Response, edit: (j: Record<string, unknown>) => Record<string, unknown>): Promise<Response> {
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(edit((await res.json()) as Record<string, unknown>)), { status: res.status, headers });
}

const FIXED_VERIFIER = 'conformance-mutant-verifier-0123456789abcdefghijkl';

export const MUTANTS: readonly Mutant[] = [
  {
    name: 'PKCE check removed', caughtBy: ['A-PKCE-1'],
    wrapAs: (h) => async (r) => {
      if (path(r) === '/authorize') {
        const c = await computeCodeChallenge(FIXED_VERIFIER);
        return h(withQuery(r, (q) => { q.set('code_challenge', c); q.set('code_challenge_method', 'S256'); }));
      }
      if (path(r) === '/token') return h(await withForm(r, (f) => { if (f.get('grant_type') === 'authorization_code') f.set('code_verifier', FIXED_VERIFIER); }));
      return h(r);
    },
  },
  {
    name: '`plain` PKCE accepted', caughtBy: ['A-PKCE-1'],
    wrapAs: (h) => async (r) => {
      const q = new URL(r.url).searchParams;
      if (path(r) === '/authorize' && q.get('code_challenge_method') === 'plain') {
        const c = await computeCodeChallenge(q.get('code_challenge') ?? '');
        return h(withQuery(r, (x) => { x.set('code_challenge', c); x.set('code_challenge_method', 'S256'); }));
      }
      return h(r);
    },
  },
  {
    name: 'redirect URI prefix match', caughtBy: ['A-RED-1'],
    wrapAs: (h) => {
      const reg = registrations();
      return async (r) => {
        const q = new URL(r.url).searchParams;
        const presented = q.get('redirect_uri');
        const registered = reg.seen.get(q.get('client_id') ?? '')?.find((u) => presented !== null && presented !== u && presented.startsWith(u));
        if (path(r) === '/authorize' && registered && presented) {
          const res = await h(withQuery(r, (x) => x.set('redirect_uri', registered)));
          const loc = res.headers.get('location');
          if (!loc?.startsWith(registered)) return res;
          return new Response(null, { status: 302, headers: { location: presented + (presented.includes('?') ? '&' : '?') + loc.slice(loc.indexOf('?') + 1) } });
        }
        const res = await h(r);
        await reg.observe(r, res);
        return res;
      };
    },
  },
  {
    name: 'code reusable', caughtBy: ['A-CODE-1'],
    wrapAs: (h) => {
      const answered = new Map<string, string>();
      return async (r) => {
        if (path(r) !== '/token') return h(r);
        const f = new URLSearchParams(await r.clone().text());
        const code = f.get('grant_type') === 'authorization_code' ? f.get('code') : null;
        if (code && answered.has(code)) return new Response(answered.get(code), { status: 200, headers: { 'content-type': 'application/json' } });
        const res = await h(r);
        if (code && res.status === 200) answered.set(code, await res.clone().text());
        return res;
      };
    },
  },
  {
    name: 'audience unchecked at the resource', caughtBy: ['R-TOK-2'],
    // The broken resource takes any token of its AS, whatever resource it was issued for.
    verifier: (as) => {
      const v = as.verifier();
      return async (token) => ({ ...(await v(token, MCP_URL).catch(() => v(token, OTHER_URL))), resource: MCP_URL });
    },
  },
  {
    name: '`iss` missing from authorization responses', caughtBy: ['A-ISS-1'],
    wrapAs: (h) => async (r) => {
      const res = await h(r);
      const loc = res.headers.get('location');
      if (path(r) !== '/authorize' || !loc || !loc.includes('iss=')) return res;
      const u = new URL(loc);
      u.searchParams.delete('iss');
      const headers = new Headers(res.headers);
      headers.set('location', u.href);
      return new Response(res.body, { status: res.status, headers });
    },
  },
  {
    name: 'refresh token reuse undetected', caughtBy: ['A-RT-1'],
    wrapAs: (h) => {
      const answered = new Map<string, string>();
      return async (r) => {
        if (path(r) !== '/token') return h(r);
        const f = new URLSearchParams(await r.clone().text());
        const rt = f.get('grant_type') === 'refresh_token' ? f.get('refresh_token') : null;
        if (rt && answered.has(rt)) return new Response(answered.get(rt), { status: 200, headers: { 'content-type': 'application/json' } });
        const res = await h(r);
        if (rt && res.status === 200) answered.set(rt, await res.clone().text());
        return res;
      };
    },
  },
  {
    name: 'anonymous registrant allowed client_credentials', caughtBy: ['A-ANON-1'],
    wrapAs: (h) => async (r) => {
      if (path(r) === '/token') {
        const f = new URLSearchParams(await r.clone().text());
        if (f.get('grant_type') === 'client_credentials') {
          const res = await h(r);
          if (res.status === 200) return res;
          // The broken policy: any authenticated registrant gets what the configured machine client gets.
          return h(await withForm(new Request(r.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa('machine:machine-secret-0123456789abcdef0123456789')}` }, body: f.toString() }), (x) => x.set('scope', 'mcp:tools')));
        }
      }
      return h(r);
    },
  },
  {
    name: '`jwks_uri` unguarded', caughtBy: ['A-SSRF-1'],
    wrapAs: (h) => async (r) => {
      if (path(r) !== '/register' || r.method !== 'POST') return h(r);
      const body = (await r.clone().json()) as Record<string, unknown>;
      if (typeof body['jwks_uri'] !== 'string') return h(r);
      const res = await h(new Request(r.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, jwks_uri: 'https://jwks.example.com/keys.json' }) }));
      if (res.status !== 201) return res;
      return Response.json({ ...((await res.json()) as Record<string, unknown>), jwks_uri: body['jwks_uri'] }, { status: 201 });
    },
  },
  {
    name: 'error redirect to any registered URI', caughtBy: ['A-RED-2'],
    wrapAs: (h) => {
      const reg = registrations();
      return async (r) => {
        const res = await h(r);
        await reg.observe(r, res);
        const q = new URL(r.url).searchParams;
        const redirect = q.get('redirect_uri');
        // Any answer without a redirect (an error page, an interstitial naming the host) becomes one.
        if (path(r) !== '/authorize' || res.headers.has('location') || !redirect || !reg.seen.get(q.get('client_id') ?? '')?.includes(redirect)) return res;
        const to = new URL(redirect);
        to.searchParams.set('error', 'invalid_request');
        if (q.get('state')) to.searchParams.set('state', q.get('state')!);
        to.searchParams.set('iss', ISSUER);
        return new Response(null, { status: 302, headers: { location: to.href } });
      };
    },
  },
  {
    name: 'introspection open to any client', caughtBy: ['A-INTRO-1'],
    // The broken policy answers every caller from the AS's own verifier (independent of which
    // callers the real server lists as resource servers).
    wrapAs: (h, as) => async (r) => {
      if (path(r) !== '/introspect') return h(r);
      const token = new URLSearchParams(await r.clone().text()).get('token') ?? '';
      const res = await h(r);
      if (res.status === 200 && ((await res.clone().json()) as { active?: boolean }).active) return res;
      const v = as.verifier();
      const p = await v(token, MCP_URL).catch(() => v(token, OTHER_URL)).catch(() => undefined);
      return Response.json(p ? { active: true, sub: p.subject, client_id: p.clientId, scope: p.scopes.join(' '), aud: p.resource } : { active: false });
    },
  },
];

/** Broken variants beyond the eleven of issue #12: one per remaining property, so that none of them cannot fail. */
export const MORE_MUTANTS: readonly Mutant[] = [
  {
    name: 'resource unchecked (any resource gets a token for the MCP server)', caughtBy: ['A-AUD-1'],
    wrapAs: (h) => async (r) => {
      const foreign = (v: string | null): boolean => v !== null && v !== MCP_URL && v !== OTHER_URL;
      if (path(r) === '/authorize' && foreign(new URL(r.url).searchParams.get('resource'))) return h(withQuery(r, (q) => q.set('resource', MCP_URL)));
      if (path(r) === '/token') return h(await withForm(r, (f) => { if (foreign(f.get('resource'))) f.set('resource', MCP_URL); }));
      return h(r);
    },
  },
  {
    name: 'scope not enforced at the resource', caughtBy: ['R-TOK-4'],
    verifier: (as) => { const v = as.verifier(); return async (token, resource) => ({ ...(await v(token, resource)), scopes: SCOPES.slice() }); },
  },
  {
    name: 'challenge without resource_metadata', caughtBy: ['R-PRM-2'],
    wrapMcp: (h) => async (r) => {
      const res = await h(r);
      if (res.status !== 401) return res;
      return new Response(res.body, { status: 401, headers: { 'www-authenticate': 'Bearer realm="mcp"' } });
    },
  },
  {
    name: 'PRM resource with a trailing slash', caughtBy: ['R-PRM-1'],
    wrapMcp: (h) => async (r) => {
      const res = await h(r);
      return path(r).startsWith('/.well-known/oauth-protected-resource') && res.status === 200 ? editJson(res, (j) => ({ ...j, resource: `${MCP_URL}/` })) : res;
    },
  },
  {
    name: 'PRM advertises offline_access', caughtBy: ['R-TOK-6'],
    wrapMcp: (h) => async (r) => {
      const res = await h(r);
      return path(r).startsWith('/.well-known/oauth-protected-resource') && res.status === 200 ? editJson(res, (j) => ({ ...j, scopes_supported: ['mcp:tools', 'offline_access'] })) : res;
    },
  },
  {
    name: 'AS metadata advertises plain PKCE', caughtBy: ['A-MD-1'],
    wrapAs: (h) => async (r) => {
      const res = await h(r);
      return path(r).startsWith('/.well-known/') && res.status === 200 ? editJson(res, (j) => ({ ...j, code_challenge_methods_supported: ['S256', 'plain'] })) : res;
    },
  },
  {
    name: 'resource accepts unsigned tokens (alg none)', caughtBy: ['R-TOK-1'],
    wrapMcp: (h) => async (r) => {
      const token = /^Bearer (\S+)$/.exec(r.headers.get('authorization') ?? '')?.[1];
      if (token?.endsWith('.') && token.split('.').length === 3) return Response.json({ jsonrpc: '2.0', id: 1, result: {} });
      return h(r);
    },
  },
  {
    name: 'resource reads access_token from the query string', caughtBy: ['R-TOK-5'],
    wrapMcp: (h) => async (r) => {
      const t = new URL(r.url).searchParams.get('access_token');
      if (!t || r.headers.has('authorization')) return h(r);
      const headers = new Headers(r.headers);
      headers.set('authorization', `Bearer ${t}`);
      const u = new URL(r.url);
      u.search = '';
      return h(new Request(u.href, { method: r.method, headers, body: await r.text() }));
    },
  },
  {
    name: 'registration accepts javascript: redirect URIs', caughtBy: ['A-DCR-1'],
    wrapAs: (h) => async (r) => {
      if (path(r) !== '/register' || r.method !== 'POST') return h(r);
      const body = (await r.clone().json()) as Record<string, unknown>;
      const uris = body['redirect_uris'];
      if (!Array.isArray(uris)) return h(r);
      const res = await h(new Request(r.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, redirect_uris: ['http://127.0.0.1/callback'] }) }));
      return res.status === 201 ? editJson(res, (j) => ({ ...j, redirect_uris: uris })) : res;
    },
  },
  {
    name: 'registration keeps the client_secret the body chose', caughtBy: ['A-DCR-1'],
    wrapAs: (h) => async (r) => {
      if (path(r) !== '/register' || r.method !== 'POST') return h(r);
      const chosen = ((await r.clone().json()) as Record<string, unknown>)['client_secret'];
      const res = await h(r);
      return res.status === 201 && typeof chosen === 'string' ? editJson(res, (j) => ({ ...j, client_secret: chosen })) : res;
    },
  },
  {
    name: 'flow cookies without the __Host- prefix on https', caughtBy: ['A85'],
    wrapAs: (h) => async (r) => {
      const res = await h(r);
      const cookies = res.headers.getSetCookie();
      if (!cookies.length) return res;
      const headers = new Headers(res.headers);
      headers.delete('set-cookie');
      for (const c of cookies) headers.append('set-cookie', c.replace(/^__Host-/, '').replace(/; Path=\//, '; Path=/authorize/consent'));
      return new Response(res.body, { status: res.status, headers });
    },
  },
  {
    name: 'code redemption not atomic (concurrent redemptions all get the first answer)', caughtBy: ['A7'],
    wrapAs: (h) => {
      const inFlight = new Map<string, Promise<{ status: number; text: string }>>();
      return async (r) => {
        if (path(r) !== '/token') return h(r);
        const f = new URLSearchParams(await r.clone().text());
        const code = f.get('grant_type') === 'authorization_code' ? f.get('code') : null;
        if (!code) return h(r);
        let p = inFlight.get(code);
        if (!p) {
          p = h(r).then(async (res) => ({ status: res.status, text: await res.text() }));
          inFlight.set(code, p);
          void p.finally(() => setTimeout(() => inFlight.delete(code), 0));
        }
        const { status, text } = await p;
        return new Response(text, { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
      };
    },
  },
  {
    name: 'codes never expire', caughtBy: ['A86'],
    options: { tokens: { codeTtl: 86_400 } },
  },
  {
    name: 'the used mark of a code expires with the code (a late replay revokes nothing)', caughtBy: ['A86'],
    wrapAs: (h, _as, now) => {
      const redeemed = new Map<string, number>();
      return async (r) => {
        if (path(r) !== '/token') return h(r);
        const f = new URLSearchParams(await r.clone().text());
        const code = f.get('grant_type') === 'authorization_code' ? f.get('code') : null;
        // past the 60 s code lifetime the broken store has forgotten the code: a plain invalid_grant, no revocation
        if (code && (redeemed.get(code) ?? Infinity) + 60_000 < now()) return Response.json({ error: 'invalid_grant' }, { status: 400 });
        const res = await h(r);
        if (code && res.status === 200) redeemed.set(code, now());
        return res;
      };
    },
  },
  {
    name: 'registration limited per address taken from a header any caller sets (each request its own bucket)', caughtBy: ['A82'],
    wrapAs: (h, as) => {
      let n = 0;
      return async (r) => {
        if (path(r) !== '/register') return h(r);
        n++;
        return as.handle(r, { clientAddress: `198.51.${(n >> 8) & 255}.${n & 255}` });
      };
    },
  },
  {
    name: 'token endpoint fails with 500 on an oversized body', caughtBy: ['A-DOS-1'],
    wrapAs: (h) => async (r) => {
      if (path(r) === '/token' && Number(r.headers.get('content-length') ?? (await r.clone().text()).length) > 100_000) return new Response('internal error', { status: 500 });
      return h(r);
    },
  },
];
