import { describe, expect, it } from 'vitest';
import type { ConsentContext } from '@mcp-oauth/server-flow';
import { ISSUER, REDIRECT, authorizeUrl, cookiesRoundTrip, pkcePair, post, register, setup } from './helpers';

const withCookies = it.skipIf(!cookiesRoundTrip);

const user = (subject = 'alice') => ({ autoApprove: undefined, authenticate: async () => ({ subject }) });

interface Page { res: Response; html: string; txn: string; csrf: string; cookie: string }

async function consentPage(as: ReturnType<typeof setup>['as'], clientId: string, params: Record<string, string> = {}): Promise<Page> {
  const { challenge } = await pkcePair();
  const res = await as.handle(new Request(authorizeUrl(clientId, { code_challenge: challenge, ...params })));
  const html = await res.clone().text();
  const txn = /name="txn" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { res, html, txn, csrf, cookie };
}

const submit = (as: ReturnType<typeof setup>['as'], p: Page, over: Record<string, string> = {}, cookie = p.cookie): Promise<Response> =>
  as.handle(post(`${ISSUER}/authorize/consent`, { txn: p.txn, csrf: p.csrf, decision: 'approve', ...over }, cookie ? { cookie } : {}));

describe('consent', () => {
  it('A20: the consent page is not frameable and sends no referrer', async () => {
    const { as } = setup(user());
    const p = await consentPage(as, (await register(as)).client_id);
    expect(p.res.status).toBe(200);
    expect(p.res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(p.res.headers.get('x-frame-options')).toBe('DENY');
    expect(p.res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  withCookies('A20: approving answers 303 (never 307) with a code, state and iss', async () => {
    const { as } = setup(user());
    const c = await register(as);
    const p = await consentPage(as, c.client_id);
    const r = await submit(as, p);
    expect(r.status).toBe(303);
    const u = new URL(r.headers.get('location')!);
    expect(u.searchParams.has('code')).toBe(true);
    expect(u.searchParams.get('iss')).toBe(ISSUER);
    expect(u.searchParams.get('state')).toBe('st-1');
  });

  it('A20: error pages carry the same anti-framing headers', async () => {
    const { as } = setup(user());
    const res = await as.handle(new Request(authorizeUrl('unknown')));
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  withCookies('A19: deny → 303 with access_denied, state and iss; a fresh DCR client gets the warning interstitial first', async () => {
    const { as } = setup(user());
    const c = await register(as);
    const p = await consentPage(as, c.client_id);
    expect(p.html).toContain('registered itself automatically');
    const r = await submit(as, p, { decision: 'deny' });
    expect(r.status).toBe(303);
    const u = new URL(r.headers.get('location')!);
    expect(u.searchParams.get('error')).toBe('access_denied');
    expect(u.searchParams.get('state')).toBe('st-1');
    expect(u.searchParams.get('iss')).toBe(ISSUER);
    expect(u.searchParams.has('code')).toBe(false);
  });

  it('A39: the client name is escaped, the redirect host shown, and a client_uri on another host warned about', async () => {
    const { as } = setup(user());
    const c = await register(as, { client_name: '<img src=x onerror=alert(1)>', client_uri: 'https://elsewhere.example.net/', redirect_uris: ['https://client.example.com/cb'] });
    const p = await consentPage(as, c.client_id, { redirect_uri: 'https://client.example.com/cb' });
    expect(p.html).not.toContain('<img');
    expect(p.html).toContain('&#60;img src&#61;x onerror&#61;alert(1)&#62;');
    expect(p.html).toContain('client.example.com');
    expect(p.html).toContain('elsewhere.example.net');
  });

  withCookies('A73, A-CONS-1: the consent POST without, or with a mismatched, CSRF token or cookie is 403 and issues no code', async () => {
    const { as } = setup(user());
    const c = await register(as);
    const p = await consentPage(as, c.client_id);
    const other = await consentPage(as, c.client_id);
    for (const r of [
      await submit(as, p, {}, ''),
      await submit(as, p, { csrf: other.csrf }),
      await submit(as, p, {}, other.cookie),
      await submit(as, p, { csrf: 'x' }, `${p.cookie.split('=')[0]}=x`),
      await submit(as, p, { txn: other.txn }),
    ]) {
      expect(r.status).toBe(403);
      expect(r.headers.get('location')).toBeNull();
    }
    // the genuine submission still works once, then never again
    expect((await submit(as, p)).status).toBe(303);
    expect((await submit(as, p)).status).toBe(403);
  });

  withCookies('A73: consent by another signed-in user than the one shown is refused', async () => {
    let who = 'alice';
    const { as } = setup({ autoApprove: undefined, authenticate: async () => ({ subject: who }) });
    const c = await register(as);
    const p = await consentPage(as, c.client_id);
    who = 'mallory';
    expect((await submit(as, p)).status).toBe(403);
  });

  withCookies('A-CONS-1, A73: consent is remembered per user, client and redirect URI: (X, uri1) does not apply to (Y, uri1) or (X, uri2)', async () => {
    const { as } = setup(user());
    const x = await register(as, { redirect_uris: [REDIRECT, 'https://client.example.com/cb2'] });
    const y = await register(as);
    const p = await consentPage(as, x.client_id);
    expect((await submit(as, p)).status).toBe(303);
    const { challenge } = await pkcePair();
    const again = await as.handle(new Request(authorizeUrl(x.client_id, { code_challenge: challenge })));
    expect(again.status).toBe(302);
    expect(new URL(again.headers.get('location')!).searchParams.has('code')).toBe(true);
    expect((await consentPage(as, y.client_id)).res.status).toBe(200);
    expect((await consentPage(as, x.client_id, { redirect_uri: 'https://client.example.com/cb2' })).res.status).toBe(200);
    expect((await consentPage(as, x.client_id, { scope: 'mcp:read' })).res.status).toBe(200);
    const bob = setup(user('bob'));
    expect((await consentPage(bob.as, (await register(bob.as)).client_id)).res.status).toBe(200);
  });

  it('A-CONS-1: the host consent hook sees the request facts and can approve or deny; authenticate may answer with a login response', async () => {
    const seen: ConsentContext[] = [];
    const { as } = setup({ autoApprove: undefined, authenticate: async (r) => (r.headers.get('x-session') ? { subject: 'alice' } : Response.redirect('https://as.example.com/login', 302)), consent: async (ctx) => { seen.push(ctx); return 'approve'; } });
    const c = await register(as);
    const { challenge } = await pkcePair();
    const login = await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge })));
    expect(login.headers.get('location')).toBe('https://as.example.com/login');
    const ok = await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge }), { headers: { 'x-session': '1' } }));
    expect(new URL(ok.headers.get('location')!).searchParams.has('code')).toBe(true);
    expect(seen[0]).toMatchObject({ subject: 'alice', clientId: c.client_id, clientSource: 'dcr', scopes: ['mcp:tools'] });
  });

  withCookies('A73, A85: the consent cookie is HttpOnly and SameSite=Strict; on https a __Host- cookie (Secure, Path=/), on http loopback scoped to the consent path', async () => {
    const { as } = setup(user());
    const p = await consentPage(as, (await register(as)).client_id);
    const raw = p.res.headers.get('set-cookie')!;
    expect(raw).toContain('HttpOnly');
    expect(raw).toContain('SameSite=Strict');
    expect(raw).toMatch(/^__Host-mcp_csrf_/);
    expect(raw).toContain('; Path=/;');
    expect(raw).toContain('Secure');
    expect(raw.toLowerCase()).not.toContain('domain=');
    const local = setup({ ...user(), issuer: 'http://127.0.0.1:8080' });
    const lp = await consentPage(local.as, (await register(local.as)).client_id);
    const lraw = lp.res.headers.get('set-cookie')!;
    expect(lraw).toMatch(/^mcp_csrf_/);
    expect(lraw).toContain('Path=/authorize/consent');
    expect(lraw).not.toContain('Secure');
  });
});
