import { describe, expect, it } from 'vitest';
import { memoryStore } from '@mcp-oauth/server-flow';
import { ISSUER, RESOURCE, bearer, cookiesRoundTrip, post, register, setup, token, type Overrides } from './helpers';

const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';
const withCookies = it.skipIf(!cookiesRoundTrip);
const user = (subject = 'alice'): Overrides => ({ autoApprove: undefined, authenticate: async () => ({ subject }) });
type As = ReturnType<typeof setup>['as'];
interface DeviceAnswer { device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number }

const deviceClient = (as: As, grants = [DEVICE, 'refresh_token']) => register(as, { grant_types: ['authorization_code', ...grants] });

async function start(as: As, clientId: string, body: Record<string, string> = {}, address = '198.51.100.7'): Promise<DeviceAnswer> {
  const res = await as.handle(post(`${ISSUER}/device_authorization`, { client_id: clientId, ...body }), { clientAddress: address });
  expect(res.status).toBe(200);
  return (await res.json()) as DeviceAnswer;
}

const poll = (as: As, clientId: string, deviceCode: string, extra: Record<string, string> = {}) =>
  token(as, { grant_type: DEVICE, client_id: clientId, device_code: deviceCode, ...extra });

async function errorOf(res: Response): Promise<string> { return ((await res.json()) as { error: string }).error; }

interface Page { res: Response; html: string; csrf: string; txn: string; cookie: string }
async function readPage(res: Response): Promise<Page> {
  const html = await res.clone().text();
  return {
    res, html, csrf: /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '', txn: /name="txn" value="([^"]+)"/.exec(html)?.[1] ?? '',
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
  };
}
const openPage = async (as: As, query = ''): Promise<Page> => readPage(await as.handle(new Request(`${ISSUER}/device${query}`)));
const enter = async (as: As, p: Page, userCode: string, cookie = p.cookie, address = '198.51.100.9'): Promise<Page> =>
  readPage(await as.handle(post(`${ISSUER}/device`, { step: 'code', csrf: p.csrf, user_code: userCode }, cookie ? { cookie } : {}), { clientAddress: address }));
const decide = (as: As, p: Page, decision = 'approve', cookie = p.cookie) =>
  as.handle(post(`${ISSUER}/device`, { step: 'decide', txn: p.txn, csrf: p.csrf, decision }, cookie ? { cookie } : {}));

/** Signs in, enters the user code, approves (or denies) on the consent page. */
async function approveOnPage(as: As, userCode: string, decision = 'approve'): Promise<Response> {
  const entry = await openPage(as);
  const consent = await enter(as, entry, userCode);
  expect(consent.res.status).toBe(200);
  return decide(as, consent, decision);
}

describe('device authorization grant (RFC 8628)', () => {
  it('A-DEV-1: off by default: no endpoint, no metadata, the grant type is unsupported', async () => {
    const { as } = setup();
    const md = await as.metadata();
    expect(md).not.toHaveProperty('device_authorization_endpoint');
    expect(md.grant_types_supported).not.toContain(DEVICE);
    expect((await as.handle(post(`${ISSUER}/device_authorization`, { client_id: 'x' }), { clientAddress: '198.51.100.7' })).status).toBe(404);
    expect((await as.handle(new Request(`${ISSUER}/device`))).status).toBe(404);
    const c = await register(as);
    const res = await poll(as, c.client_id, 'x');
    expect(await errorOf(res)).toBe('unsupported_grant_type');
  });

  it('A-DEV-1: RFC 8628 §4: enabled, the metadata names the endpoint and the grant type', async () => {
    const { as } = setup({ deviceAuthorization: true });
    const md = await as.metadata();
    expect(md['device_authorization_endpoint']).toBe(`${ISSUER}/device_authorization`);
    expect(md.grant_types_supported).toContain(DEVICE);
  });

  it('A-DEV-1: RFC 8628 §3.2: the answer carries both verification URIs, an 8-letter user code shown XXXX-XXXX, expires_in and interval', async () => {
    const { as } = setup({ deviceAuthorization: true });
    const c = await deviceClient(as);
    const d = await start(as, c.client_id);
    expect(d.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(d.verification_uri).toBe(`${ISSUER}/device`);
    expect(new URL(d.verification_uri_complete).searchParams.get('user_code')).toBe(d.user_code);
    expect(d.expires_in).toBe(600);
    expect(d.interval).toBe(5);
    expect(d.device_code.length).toBeGreaterThanOrEqual(43);
  });

  it('A-DEV-1: RFC 8628 §3.5: end to end with the consent page: pending, approval, tokens for the resource, then the device code is used up', async () => {
    const { as, rs, clock, events } = setup({ ...user(), deviceAuthorization: true });
    const c = await deviceClient(as);
    const d = await start(as, c.client_id, { resource: RESOURCE, scope: 'mcp:tools' });
    expect(await errorOf(await poll(as, c.client_id, d.device_code))).toBe('authorization_pending');
    if (!cookiesRoundTrip) return;
    const done = await approveOnPage(as, d.user_code.toLowerCase().replace('-', ' '));
    expect(done.status).toBe(200);
    clock.t += 5000;
    const res = await poll(as, c.client_id, d.device_code, { resource: RESOURCE });
    expect(res.status).toBe(200);
    const t = (await res.json()) as { access_token: string; refresh_token?: string; scope: string };
    expect(t.scope).toBe('mcp:tools');
    expect(t.refresh_token).toBeTypeOf('string');
    const auth = await rs.authenticate(bearer(t.access_token));
    expect(auth.ok && auth.principal.subject).toBe('alice');
    clock.t += 5000;
    expect(await errorOf(await poll(as, c.client_id, d.device_code))).toBe('invalid_grant');
    // A-AUDIT-1: neither code appears in any event
    const all = JSON.stringify(events);
    expect(all).not.toContain(d.device_code);
    expect(all).not.toContain(d.user_code.replace('-', ''));
    expect(events.some((e) => e.type === 'token.issued' && e.grantType === DEVICE && e.subject === 'alice')).toBe(true);
    const r = await token(as, { grant_type: 'refresh_token', client_id: c.client_id, refresh_token: t.refresh_token! });
    expect(r.status).toBe(200);
  });

  withCookies('A-DEV-1: RFC 8628 §3.5: access_denied after the user denies, and the code then is gone', async () => {
    const { as, clock } = setup({ ...user(), deviceAuthorization: true });
    const c = await deviceClient(as);
    const d = await start(as, c.client_id);
    expect((await approveOnPage(as, d.user_code, 'deny')).status).toBe(200);
    clock.t += 5000;
    const res = await poll(as, c.client_id, d.device_code);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe('access_denied');
    clock.t += 5000;
    expect(await errorOf(await poll(as, c.client_id, d.device_code))).toBe('invalid_grant');
  });

  it('A-DEV-1: RFC 8628 §3.5: slow_down when polling faster than interval, and the interval grows by 5 s', async () => {
    const { as, clock } = setup({ deviceAuthorization: true, autoApprove: undefined, authenticate: async () => ({ subject: 'a' }) });
    const c = await deviceClient(as);
    const d = await start(as, c.client_id);
    expect(await errorOf(await poll(as, c.client_id, d.device_code))).toBe('authorization_pending');
    clock.t += 4000;
    expect(await errorOf(await poll(as, c.client_id, d.device_code))).toBe('slow_down');
    clock.t += 9000; // < 10 s: the interval is now 10 s
    expect(await errorOf(await poll(as, c.client_id, d.device_code))).toBe('slow_down');
    clock.t += 15_000; // the interval is now 15 s
    expect(await errorOf(await poll(as, c.client_id, d.device_code))).toBe('authorization_pending');
  });

  it('A-DEV-1: RFC 8628 §3.5: expired_token once expires_in passed; the page refuses the user code too', async () => {
    const { as, clock } = setup({ deviceAuthorization: { expiresIn: 60 } });
    const c = await deviceClient(as);
    const d = await start(as, c.client_id);
    clock.t += 60_000;
    expect(await errorOf(await poll(as, c.client_id, d.device_code))).toBe('expired_token');
    clock.t += 10_000;
    expect(await errorOf(await poll(as, c.client_id, d.device_code))).toBe('expired_token');
    if (!cookiesRoundTrip) return;
    const entry = await openPage(as);
    const p = await enter(as, entry, d.user_code);
    expect(p.res.status).toBe(400);
    expect(p.txn).toBe('');
  });

  it('A-DEV-1: a device code is bound to its client and its resource (RFC 8707)', async () => {
    const { as } = setup({ deviceAuthorization: true });
    const c = await deviceClient(as);
    const other = await deviceClient(as);
    const d = await start(as, c.client_id);
    expect(await errorOf(await poll(as, other.client_id, d.device_code))).toBe('invalid_grant');
    expect(await errorOf(await poll(as, c.client_id, d.device_code, { resource: 'https://other.example.com/mcp' }))).toBe('invalid_target');
    expect(await errorOf(await poll(as, c.client_id, d.device_code))).toBe('authorization_pending');
    const bad = await as.handle(post(`${ISSUER}/device_authorization`, { client_id: c.client_id, resource: 'https://evil.example/mcp' }), { clientAddress: '198.51.100.7' });
    expect(await errorOf(bad)).toBe('invalid_target');
    const scope = await as.handle(post(`${ISSUER}/device_authorization`, { client_id: c.client_id, scope: 'admin' }), { clientAddress: '198.51.100.7' });
    expect(await errorOf(scope)).toBe('invalid_scope');
  });

  it('A-DEV-1: with autoApprove the first entry of the code approves; the user code is single use', async () => {
    const { as } = setup({ deviceAuthorization: true });
    const c = await deviceClient(as);
    const d = await start(as, c.client_id);
    if (!cookiesRoundTrip) return;
    const entry = await openPage(as, `?user_code=${d.user_code}`);
    expect(entry.html).toContain(d.user_code);
    expect((await enter(as, entry, d.user_code)).res.status).toBe(200);
    expect((await enter(as, entry, d.user_code)).res.status).toBe(400);
    const res = await poll(as, c.client_id, d.device_code);
    expect(res.status).toBe(200);
  });

  it('A-DEV-1: brute force: after 5 user codes in 10 minutes one user, or one address, is refused with 429, even the right code', async () => {
    let who = 'mallory';
    const { as, clock } = setup({ autoApprove: undefined, authenticate: async () => ({ subject: who }), deviceAuthorization: { expiresIn: 1800 } });
    const c = await deviceClient(as);
    const d = await start(as, c.client_id);
    if (!cookiesRoundTrip) return;
    const entry = await openPage(as);
    for (let i = 0; i < 5; i++) expect((await enter(as, entry, 'BCDF-GHJK', entry.cookie, `198.51.100.${i}`)).res.status).toBe(400);
    const refused = await enter(as, entry, d.user_code, entry.cookie, '198.51.100.99');
    expect(refused.res.status).toBe(429); // per user, from any address
    expect(refused.res.headers.get('retry-after')).not.toBeNull();
    expect(refused.txn).toBe('');
    clock.t += 600_000;
    for (let i = 0; i < 5; i++) { who = `user-${i}`; expect((await enter(as, entry, 'BCDF-GHJK', entry.cookie, '198.51.100.50')).res.status).toBe(400); }
    who = 'alice';
    expect((await enter(as, entry, d.user_code, entry.cookie, '198.51.100.50')).res.status).toBe(429); // per address, for any user
    expect((await enter(as, entry, d.user_code, entry.cookie, '198.51.100.51')).res.status).toBe(200);
  });

  it('A-DEV-1: user codes are normalised (case, dashes, spaces) and anything else is refused without a lookup', async () => {
    const { as } = setup({ ...user(), deviceAuthorization: true });
    const c = await deviceClient(as);
    const d = await start(as, c.client_id);
    if (!cookiesRoundTrip) return;
    const entry = await openPage(as);
    expect((await enter(as, entry, 'AEIO-UY12')).res.status).toBe(400);
    const ok = await enter(as, entry, ` ${d.user_code.slice(0, 4).toLowerCase()} - ${d.user_code.slice(5)} `);
    expect(ok.res.status).toBe(200);
    expect(ok.txn).not.toBe('');
  });

  it('A-DEV-1: A20: the verification and consent pages are not frameable and send no referrer', async () => {
    const { as } = setup({ ...user(), deviceAuthorization: true });
    const c = await deviceClient(as);
    const d = await start(as, c.client_id);
    const entry = await openPage(as);
    for (const r of [entry.res, ...(cookiesRoundTrip ? [(await enter(as, entry, d.user_code)).res] : [])]) {
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('A-DEV-1: the page signs the user in first: authenticate answers with its login response', async () => {
    const { as } = setup({ autoApprove: undefined, authenticate: async () => Response.redirect(`${ISSUER}/login`, 303), deviceAuthorization: true });
    const res = await as.handle(new Request(`${ISSUER}/device?user_code=BCDF-GHJK`));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${ISSUER}/login`);
  });

  withCookies('A-DEV-1: CSRF: entering a code without the cookie, or with another value, is refused (403)', async () => {
    const { as } = setup({ ...user(), deviceAuthorization: true });
    const c = await deviceClient(as);
    const d = await start(as, c.client_id);
    const entry = await openPage(as);
    expect((await enter(as, entry, d.user_code, '')).res.status).toBe(403);
    expect((await enter(as, { ...entry, csrf: 'forged' }, d.user_code)).res.status).toBe(403);
  });

  withCookies('A-DEV-1: CSRF: the decision needs the consent cookie, the right token, the same user, and is single use', async () => {
    let who = 'alice';
    const { as, clock } = setup({ autoApprove: undefined, authenticate: async () => ({ subject: who }), deviceAuthorization: true });
    const c = await deviceClient(as);
    const d = await start(as, c.client_id);
    const consent = await enter(as, await openPage(as), d.user_code);
    expect((await decide(as, consent, 'approve', '')).status).toBe(403);
    expect((await decide(as, { ...consent, csrf: 'forged' }, 'approve')).status).toBe(403);
    who = 'bob';
    expect((await decide(as, consent)).status).toBe(403); // the transaction is now used up
    who = 'alice';
    expect((await decide(as, consent)).status).toBe(403);
    clock.t += 5000;
    expect(await errorOf(await poll(as, c.client_id, d.device_code))).toBe('authorization_pending');
  });

  withCookies('A-DEV-1: remembered consent never skips the device confirmation; the consent hook decides as at /authorize', async () => {
    const asked: string[] = [];
    const { as, clock } = setup({ ...user(), deviceAuthorization: true, consent: async (x) => { asked.push(x.clientId); return x.scopes.includes('mcp:read') ? 'deny' : 'prompt'; } });
    const c = await deviceClient(as);
    const d1 = await start(as, c.client_id);
    expect((await approveOnPage(as, d1.user_code)).status).toBe(200);
    const d2 = await start(as, c.client_id);
    const again = await enter(as, await openPage(as), d2.user_code);
    expect(again.txn).not.toBe(''); // asked again
    const d3 = await start(as, c.client_id, { scope: 'mcp:read' });
    await enter(as, await openPage(as), d3.user_code);
    clock.t += 5000;
    expect(await errorOf(await poll(as, c.client_id, d3.device_code))).toBe('access_denied');
    expect(asked).toHaveLength(3);
  });

  it('A-ANON-1: a self-registered client may list the device grant only when it is enabled', async () => {
    const off = setup();
    const res = await off.as.handle(new Request(`${ISSUER}/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://127.0.0.1:1/cb'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', DEVICE] }),
    }), { clientAddress: '203.0.113.1' });
    expect(res.status).toBe(400);
    const on = setup({ deviceAuthorization: true });
    expect((await deviceClient(on.as)).grant_types).toContain(DEVICE);
  });

  it('A-ANON-1: a client whose registration does not list the device grant gets unauthorized_client at both endpoints', async () => {
    const { as } = setup({ deviceAuthorization: true });
    const c = await register(as);
    const res = await as.handle(post(`${ISSUER}/device_authorization`, { client_id: c.client_id }), { clientAddress: '198.51.100.7' });
    expect(await errorOf(res)).toBe('unauthorized_client');
    expect(await errorOf(await poll(as, c.client_id, 'x'.repeat(43)))).toBe('unauthorized_client');
  });

  it('A-ANON-1: a configured client must list the device grant too', async () => {
    const { as } = setup({ deviceAuthorization: true, clients: [{ client_id: 'cli', token_endpoint_auth_method: 'none', grant_types: [DEVICE, 'refresh_token'] }, { client_id: 'web', redirect_uris: ['http://127.0.0.1:1/cb'], token_endpoint_auth_method: 'none' }] });
    expect((await start(as, 'cli')).user_code).toHaveLength(9);
    const res = await as.handle(post(`${ISSUER}/device_authorization`, { client_id: 'web' }), { clientAddress: '198.51.100.7' });
    expect(await errorOf(res)).toBe('unauthorized_client');
  });

  it('A-DOS-1: /device_authorization is rate-limited per caller address and per client (429 slow_down with Retry-After)', async () => {
    const { as, clock } = setup({ deviceAuthorization: { rateLimit: { limit: 2, windowMs: 60_000 } } });
    const c = await deviceClient(as);
    const c2 = await deviceClient(as);
    await start(as, c.client_id, {}, '198.51.100.1');
    await start(as, c2.client_id, {}, '198.51.100.1');
    const byAddress = await as.handle(post(`${ISSUER}/device_authorization`, { client_id: c2.client_id }), { clientAddress: '198.51.100.1' });
    expect(byAddress.status).toBe(429);
    expect(byAddress.headers.get('retry-after')).not.toBeNull();
    await start(as, c.client_id, {}, '198.51.100.2');
    const byClient = await as.handle(post(`${ISSUER}/device_authorization`, { client_id: c.client_id }), { clientAddress: '198.51.100.3' });
    expect(byClient.status).toBe(429);
    clock.t += 60_000;
    await start(as, c.client_id, {}, '198.51.100.3');
  });

  it('A-DOS-1: pending device authorizations live in the capped transactions: a flood from many addresses never grows the store past its cap', async () => {
    const store = memoryStore({ now: () => 1_750_000_000_000, limits: { transactions: 20 } }); // the fixture's clock
    const { as } = setup({ store, deviceAuthorization: { rateLimit: { limit: 1000, windowMs: 60_000 } } });
    const c = await deviceClient(as);
    for (let i = 0; i < 60; i++) await start(as, c.client_id, {}, `198.51.100.${i}`);
    expect(store.stats().transactions).toBeLessThanOrEqual(20);
    expect(store.stats().transactions).toBeGreaterThan(0);
  });

  it('A-DEV-1: a bad deviceAuthorization option, or the device grant with upstream, is a startup error', () => {
    expect(() => setup({ deviceAuthorization: { interval: 0 } })).toThrow(RangeError);
    expect(() => setup({ deviceAuthorization: 'yes' as unknown as boolean })).toThrow(TypeError);
    const upstream = { authorizationEndpoint: 'https://idp.example/authorize', tokenEndpoint: 'https://idp.example/token', clientId: 'x', identify: async () => 's' };
    expect(() => setup({ autoApprove: undefined, upstream, deviceAuthorization: true })).toThrow(TypeError);
    expect(() => setup({ autoApprove: undefined, upstream, deviceAuthorization: false })).not.toThrow();
  });
});
