import { describe, expect, it } from 'vitest';
import { memoryStore } from '@mcp-oauth/server-flow';
import type { MemoryStore, UpstreamOptions } from '@mcp-oauth/server-flow';
import { ISSUER, authorizeUrl, cookiesRoundTrip, pkcePair, post, register, setup } from './helpers';

const UP = 'https://idp.example.net';
const T0 = 1_750_000_000_000; // the fixture's clock

function upstream(over: Partial<UpstreamOptions> = {}): UpstreamOptions {
  return {
    authorizationEndpoint: `${UP}/authorize`, tokenEndpoint: `${UP}/token`, clientId: 'our-client', clientSecret: 'our-secret',
    identify: async () => 'idp-user',
    fetch: async () => Response.json({ access_token: 'UPSTREAM-AT', token_type: 'Bearer', expires_in: 3600 }),
    ...over,
  };
}

type Fixture = ReturnType<typeof setup>;

async function consent(f: Fixture, clientId: string, issuer = ISSUER) {
  const { challenge } = await pkcePair();
  const page = await f.as.handle(new Request(authorizeUrl(clientId, { code_challenge: challenge })));
  const html = await page.text();
  const txn = /name="txn" value="([^"]+)"/.exec(html)![1]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const setCookie = page.headers.get('set-cookie')!;
  const cookie = setCookie.split(';')[0]!;
  const submit = (c = cookie, over: Record<string, string> = {}) => f.as.handle(post(`${issuer}/authorize/consent`, { txn, csrf, decision: 'approve', ...over }, c ? { cookie: c } : {}));
  return { page, txn, csrf, setCookie, cookie, submit };
}

function callback(f: Fixture, toIdp: Response, cookie: string | undefined, state?: string): Promise<Response> {
  const s = state ?? new URL(toIdp.headers.get('location')!).searchParams.get('state')!;
  return f.as.handle(new Request(`${ISSUER}/oauth/callback?${new URLSearchParams({ code: 'up-code', state: s })}`, cookie ? { headers: { cookie } } : {}));
}

const unprefixed = (c: string): string => c.replace(/^__Host-/, '');

describe.skipIf(!cookiesRoundTrip)('__Host- flow cookies and sealed upstream flow state', () => {
  it('A85: on https the consent CSRF cookie is __Host- (Secure, Path=/, no Domain); a same-named cookie planted for the parent domain does not pass', async () => {
    const f = setup({ autoApprove: undefined, authenticate: async () => ({ subject: 'alice' }) });
    const c = await register(f.as);
    const p = await consent(f, c.client_id);
    expect(p.setCookie).toMatch(/^__Host-mcp_csrf_[A-Za-z0-9_-]{12}=/);
    expect(p.setCookie).toContain('; Path=/;');
    expect(p.setCookie).toContain('Secure');
    expect(p.setCookie.toLowerCase()).not.toContain('domain=');
    const planted = await p.submit(unprefixed(p.cookie));
    expect(planted.status).toBe(403);
    expect(planted.headers.get('location')).toBeNull();
    const ok = await p.submit();
    expect(ok.status).toBe(303);
    expect(ok.headers.getSetCookie().join('\n')).toMatch(/__Host-mcp_csrf_[^=]+=; Path=\/; .*Max-Age=0/);
  });

  it('A85: on https the upstream binding cookie is __Host- (Secure, Path=/, no Domain); a planted unprefixed cookie does not pass the callback', async () => {
    const f = setup({ autoApprove: undefined, upstream: upstream() });
    const c = await register(f.as);
    const toIdp = await (await consent(f, c.client_id)).submit();
    expect(toIdp.status).toBe(303);
    const set = toIdp.headers.get('set-cookie')!;
    expect(set).toMatch(/^__Host-mcp_up_[A-Za-z0-9_-]{12}=/);
    expect(set).toContain('; Path=/;');
    expect(set).toContain('Secure');
    expect(set.toLowerCase()).not.toContain('domain=');
    const cookie = set.split(';')[0]!;
    const planted = await callback(f, toIdp, unprefixed(cookie));
    expect(planted.status).toBe(403);
    expect(planted.headers.get('location')).toBeNull();
    const ok = await callback(f, toIdp, cookie);
    expect(ok.status).toBe(302);
    expect(new URL(ok.headers.get('location')!).searchParams.has('code')).toBe(true);
  });

  it('A85: on http loopback both cookies keep their plain names, scoped to their paths, without Secure', async () => {
    const f = setup({ autoApprove: undefined, issuer: 'http://127.0.0.1:8080', upstream: upstream() });
    const c = await register(f.as);
    const p = await consent(f, c.client_id, 'http://127.0.0.1:8080');
    expect(p.setCookie).toMatch(/^mcp_csrf_/);
    expect(p.setCookie).toContain('Path=/authorize/consent');
    expect(p.setCookie).not.toContain('Secure');
    const toIdp = await p.submit();
    const set = toIdp.headers.get('set-cookie')!;
    expect(set).toMatch(/^mcp_up_/);
    expect(set).toContain('Path=/oauth/callback');
    expect(set).not.toContain('Secure');
  });

  it('A-DOS-1: in upstream mode an anonymous /authorize and consent POST store nothing; only the callback, once the upstream named a user, records the used state', async () => {
    const store: MemoryStore = memoryStore({ now: () => T0 });
    const f = setup({ autoApprove: undefined, upstream: upstream(), store });
    const c = await register(f.as);
    const before = store.stats();
    const p = await consent(f, c.client_id);
    const toIdp = await p.submit();
    // a consent POST replayed only starts another upstream sign-in: still nothing stored
    expect((await p.submit()).status).toBe(303);
    expect(store.stats()).toEqual(before);
    const cookie = toIdp.headers.get('set-cookie')!.split(';')[0]!;
    expect((await callback(f, toIdp, cookie)).status).toBe(302);
    expect(store.stats().replay).toBe(before.replay + 1);
    expect((await callback(f, toIdp, cookie)).status).toBe(403);
  });

  it('A-DOS-1, A74: a sealed state that was altered, sealed by another server, or bound to another browser is 403', async () => {
    const f = setup({ autoApprove: undefined, upstream: upstream() });
    const c = await register(f.as);
    const toIdp = await (await consent(f, c.client_id)).submit();
    const state = new URL(toIdp.headers.get('location')!).searchParams.get('state')!;
    const cookie = toIdp.headers.get('set-cookie')!.split(';')[0]!;
    const flipped = state.slice(0, 20) + (state[20] === 'A' ? 'B' : 'A') + state.slice(21);
    expect((await callback(f, toIdp, cookie.replace(/=.*/, `=${'x'.repeat(43)}`))).status).toBe(403);
    expect((await callback(f, toIdp, cookie.replace(state.slice(0, 12), flipped.slice(0, 12)), flipped)).status).toBe(403);
    const other = setup({ autoApprove: undefined, upstream: upstream() });
    expect((await callback(other, toIdp, cookie)).status).toBe(403);
    // a txn field altered or sealed for the callback is refused at the consent POST
    const p = await consent(f, c.client_id);
    expect((await p.submit(p.cookie, { txn: state })).status).toBe(403);
  });

  it('A-DOS-1: instances sharing upstream.stateSecret open each other\'s sealed state; a short secret is a RangeError', async () => {
    const stateSecret = 'k'.repeat(40);
    const store = memoryStore({ now: () => T0 });
    const a = setup({ autoApprove: undefined, upstream: upstream({ stateSecret }), store });
    const b = setup({ autoApprove: undefined, upstream: upstream({ stateSecret }), store });
    const c = await register(a.as);
    const toIdp = await (await consent(a, c.client_id)).submit();
    const back = await callback(b, toIdp, toIdp.headers.get('set-cookie')!.split(';')[0]!);
    expect(back.status).toBe(302);
    expect(() => setup({ autoApprove: undefined, upstream: upstream({ stateSecret: 'short' }) })).toThrow(RangeError);
  });
});
