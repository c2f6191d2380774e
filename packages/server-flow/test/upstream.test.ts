import { describe, expect, it } from 'vitest';
import type { UpstreamOptions } from '@mcp-oauth/server-flow';
import { ISSUER, REDIRECT, authorizeUrl, bearer, cookiesRoundTrip, pkcePair, post, register, setup, token } from './helpers';
import type { Tokens } from './helpers';

const UP = 'https://idp.example.net';

function upstream(calls: Request[], over: Partial<UpstreamOptions> = {}): UpstreamOptions {
  return {
    authorizationEndpoint: `${UP}/authorize`, tokenEndpoint: `${UP}/token`, clientId: 'our-client', clientSecret: 'our-secret', scopes: ['api'],
    identify: async (t) => `idp:${t.accessToken.slice(0, 4)}`,
    fetch: async (input, init) => {
      const req = new Request(input as string, init);
      calls.push(req.clone());
      if (req.url === `${UP}/token`) return Response.json({ access_token: 'UPSTREAM-AT-1', token_type: 'Bearer', expires_in: 6 * 3600, refresh_token: 'UP-RT' });
      if (req.url === `${UP}/api`) return req.headers.get('authorization') === 'Bearer UPSTREAM-AT-1' ? Response.json({ ok: true }) : new Response(null, { status: 401 });
      if (req.url === `${UP}/revoked-api`) return new Response(null, { status: 401 });
      return new Response(null, { status: 404 });
    },
    ...over,
  };
}

async function throughConsent(f: ReturnType<typeof setup>, clientId: string, challenge: string) {
  const page = await f.as.handle(new Request(authorizeUrl(clientId, { code_challenge: challenge })));
  const html = await page.text();
  const txn = /name="txn" value="([^"]+)"/.exec(html)![1]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  return { page, approve: () => f.as.handle(post(`${ISSUER}/authorize/consent`, { txn, csrf, decision: 'approve' }, { cookie })) };
}

async function delegated(calls: Request[] = [], over: Partial<UpstreamOptions> = {}) {
  const f = setup({ autoApprove: undefined, upstream: upstream(calls, over) });
  const c = await register(f.as);
  const { verifier, challenge } = await pkcePair();
  const { page, approve } = await throughConsent(f, c.client_id, challenge);
  const toIdp = await approve();
  return { f, c, verifier, page, toIdp };
}

async function callback(f: ReturnType<typeof setup>, toIdp: Response, q: Record<string, string> = {}, withCookie = true): Promise<Response> {
  const at = new URL(toIdp.headers.get('location')!);
  const state = at.searchParams.get('state')!;
  const cookie = toIdp.headers.get('set-cookie')!.split(';')[0]!;
  return f.as.handle(new Request(`${ISSUER}/oauth/callback?${new URLSearchParams({ code: 'up-code', state, ...q })}`, withCookie ? { headers: { cookie } } : {}));
}

// The delegation flow binds the browser with cookies: it cannot run where Fetch forbids them (browser pages).
describe.skipIf(!cookiesRoundTrip)('upstream delegation', () => {
  it('A73, A-CONS-1: a fresh client sees our consent page first: no redirect upstream and no state cookie before approval', async () => {
    const { page, toIdp } = await delegated();
    expect(page.status).toBe(200);
    expect(page.headers.get('location')).toBeNull();
    expect(page.headers.get('set-cookie')).not.toContain('mcp_up_');
    expect(toIdp.status).toBe(303);
    const at = new URL(toIdp.headers.get('location')!);
    expect(at.origin + at.pathname).toBe(`${UP}/authorize`);
    expect(at.searchParams.get('code_challenge_method')).toBe('S256');
    expect(at.searchParams.get('redirect_uri')).toBe(`${ISSUER}/oauth/callback`);
    expect(at.searchParams.get('client_id')).toBe('our-client');
    expect(toIdp.headers.get('set-cookie')).toContain('mcp_up_');
  });

  it('R-TOK-3: the callback exchanges upstream with our PKCE; the MCP client gets our token, never the upstream one; tools get the upstream token server-side', async () => {
    const calls: Request[] = [];
    const { f, c, verifier, toIdp } = await delegated(calls);
    const back = await callback(f, toIdp);
    expect(back.status).toBe(302);
    const u = new URL(back.headers.get('location')!);
    expect(u.searchParams.get('iss')).toBe(ISSUER);
    const tokenCall = calls.find((r) => r.url === `${UP}/token`)!;
    const sent = new URLSearchParams(await tokenCall.text());
    expect(sent.get('code')).toBe('up-code');
    expect(sent.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    const res = await token(f.as, { grant_type: 'authorization_code', code: u.searchParams.get('code')!, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT });
    const raw = await res.text();
    expect(raw).not.toContain('UPSTREAM');
    expect(raw).not.toContain('UP-RT');
    const t = JSON.parse(raw) as Tokens;
    expect(atob(t.access_token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).not.toContain('UPSTREAM');
    const auth = await f.rs.authenticate(bearer(t.access_token));
    if (!auth.ok) throw new Error('expected ok');
    expect(auth.principal.subject).toBe('idp:UPST');
    expect(await f.as.upstreamToken(auth.principal)).toBe('UPSTREAM-AT-1');
    expect(t.expires_in).toBe(600);
  });

  it('A55: in proxy mode the upstream request carries the upstream token, never the inbound one', async () => {
    const calls: Request[] = [];
    const { f, c, verifier, toIdp } = await delegated(calls);
    const code = new URL((await callback(f, toIdp)).headers.get('location')!).searchParams.get('code')!;
    const t = (await (await token(f.as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT })).json()) as Tokens;
    const auth = await f.rs.authenticate(bearer(t.access_token));
    if (!auth.ok) throw new Error('expected ok');
    const r = await f.as.upstreamFetch(auth.principal, `${UP}/api`, { headers: { authorization: `Bearer ${t.access_token}` } });
    expect(r.status).toBe(200);
    const apiCall = calls.find((x) => x.url === `${UP}/api`)!;
    expect(apiCall.headers.get('authorization')).toBe('Bearer UPSTREAM-AT-1');
    for (const req of calls) {
      expect(req.headers.get('authorization') ?? '').not.toContain(t.access_token);
    }
  });

  it('R-TOK-3: when the upstream rejects its token the grant ends at once: the next MCP request gets 401 and refresh fails', async () => {
    const { f, c, verifier, toIdp } = await delegated();
    const code = new URL((await callback(f, toIdp)).headers.get('location')!).searchParams.get('code')!;
    const t = (await (await token(f.as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT })).json()) as Tokens;
    const auth = await f.rs.authenticate(bearer(t.access_token));
    if (!auth.ok) throw new Error('expected ok');
    expect((await f.as.upstreamFetch(auth.principal, `${UP}/revoked-api`)).status).toBe(401);
    const next = await f.rs.authenticate(bearer(t.access_token));
    expect(next.ok ? 200 : next.response.status).toBe(401);
    const rt = await token(f.as, { grant_type: 'refresh_token', refresh_token: t.refresh_token!, client_id: c.client_id });
    expect(((await rt.json()) as { error: string }).error).toBe('invalid_grant');
    expect(f.events.some((e) => e.type === 'upstream.failed' && e.grantId === auth.principal.grantId)).toBe(true);
  });

  it('R-TOK-3: without an upstream refresh token the session follows the upstream token: a 6-hour broker session ends the grant with it', async () => {
    const noRefresh: UpstreamOptions['fetch'] = async (input, init) => new Request(input as string, init).url === `${UP}/token`
      ? Response.json({ access_token: 'UPSTREAM-AT-1', token_type: 'Bearer', expires_in: 6 * 3600 })
      : new Response(null, { status: 404 });
    const { f, c, verifier, toIdp } = await delegated([], { fetch: noRefresh });
    const code = new URL((await callback(f, toIdp)).headers.get('location')!).searchParams.get('code')!;
    const t = (await (await token(f.as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT })).json()) as Tokens;
    f.clock.t += 5 * 3600_000;
    const r1 = await token(f.as, { grant_type: 'refresh_token', refresh_token: t.refresh_token!, client_id: c.client_id });
    expect(r1.status).toBe(200);
    const t1 = (await r1.json()) as Tokens;
    f.clock.t += 3600_000 + 1000;
    expect((await f.rs.authenticate(bearer(t1.access_token))).ok).toBe(false);
    const r2 = await token(f.as, { grant_type: 'refresh_token', refresh_token: t1.refresh_token!, client_id: c.client_id });
    expect(((await r2.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('A74: a callback with an unknown, reused or expired state, or without the binding cookie, is 403 with no code', async () => {
    const { f, toIdp } = await delegated();
    const noCookie = await callback(f, toIdp, {}, false);
    expect(noCookie.status).toBe(403);
    const unknown = await callback(f, toIdp, { state: 'x'.repeat(43) });
    expect(unknown.status).toBe(403);
    const ok = await callback(f, toIdp);
    expect(ok.status).toBe(302);
    const reused = await callback(f, toIdp);
    expect(reused.status).toBe(403);
    expect(reused.headers.get('location')).toBeNull();
    const late = await delegated();
    late.f.clock.t += 601_000;
    expect((await callback(late.f, late.toIdp)).status).toBe(403);
  });

  it('A-TLS-1: upstream endpoints must be https (loopback http allowed), and identify is required', () => {
    expect(() => setup({ autoApprove: undefined, upstream: upstream([], { tokenEndpoint: 'http://idp.example.net/token' }) })).toThrow(TypeError);
    expect(() => setup({ autoApprove: undefined, upstream: upstream([], { authorizationEndpoint: 'javascript:alert(1)' }) })).toThrow(TypeError);
    expect(() => setup({ autoApprove: undefined, upstream: upstream([], { identify: undefined as never }) })).toThrow(TypeError);
    expect(() => setup({ autoApprove: undefined, upstream: upstream([], { tokenEndpoint: 'http://127.0.0.1:9/token' }) })).not.toThrow();
  });

  it('A74: an upstream error or a failed upstream exchange redirects with an error, state and iss, and no code', async () => {
    const { f, toIdp } = await delegated();
    const denied = new URL((await callback(f, toIdp, { error: 'access_denied' })).headers.get('location')!);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('iss')).toBe(ISSUER);
    const broken = await delegated([], { fetch: async () => Response.json({ error: 'invalid_grant' }, { status: 400 }) });
    const failed = new URL((await callback(broken.f, broken.toIdp)).headers.get('location')!);
    expect(failed.searchParams.get('error')).toBe('temporarily_unavailable');
    expect(failed.searchParams.has('code')).toBe(false);
  });
});
