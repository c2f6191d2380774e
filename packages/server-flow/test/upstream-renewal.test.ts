// Issue #13 part 4: upstream tokens sealed at rest, renewed with the upstream refresh token (one
// renewal per grant, across instances), and a refusal that ends the grant with an audit event.
import { describe, expect, it } from 'vitest';
import { memoryStore, type AuthorizationServerOptions, type Principal, type UpstreamOptions } from '@mcp-oauth/server-flow';
import { ISSUER, REDIRECT, authorizeUrl, bearer, cookiesRoundTrip, pkcePair, post, register, setup, token } from './helpers';
import type { Fixture, Tokens } from './helpers';

const UP = 'https://idp.example.net';
const KEY1 = 'a'.repeat(16) + 'b'.repeat(16) + '-operator-key-1';
const KEY2 = 'c'.repeat(16) + 'd'.repeat(16) + '-operator-key-2';

/** A provider that issues UPSTREAM-AT-n / UPSTREAM-RT-n and refuses a refresh token spent twice. */
function provider() {
  const p = { refreshes: 0, refuse: false, fail: false, apiCalls: [] as string[] };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const req = new Request(input as string, init);
    if (req.url === `${UP}/token`) {
      const body = new URLSearchParams(await req.text());
      if (body.get('grant_type') === 'authorization_code') return Response.json({ access_token: 'UPSTREAM-AT-1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'UPSTREAM-RT-1' });
      const n = ++p.refreshes;
      await new Promise((resolve) => setTimeout(resolve, 20)); // concurrent callers overlap with this call
      if (p.fail) return new Response('down', { status: 503 });
      if (p.refuse || body.get('refresh_token') !== `UPSTREAM-RT-${n}`) return Response.json({ error: 'invalid_grant' }, { status: 400 });
      return Response.json({ access_token: `UPSTREAM-AT-${n + 1}`, token_type: 'Bearer', expires_in: 3600, refresh_token: `UPSTREAM-RT-${n + 1}` });
    }
    if (req.url === `${UP}/api`) {
      const auth = req.headers.get('authorization') ?? '';
      p.apiCalls.push(auth);
      return Response.json({ auth });
    }
    return new Response(null, { status: 404 });
  };
  const options: UpstreamOptions = {
    authorizationEndpoint: `${UP}/authorize`, tokenEndpoint: `${UP}/token`, clientId: 'our-client', clientSecret: 'our-secret', scopes: ['api'],
    identify: async () => 'idp:user', fetch,
  };
  return { p, options };
}

type Over = Partial<AuthorizationServerOptions>;

/** Instances of one server on one store and one clock, all delegating to `up`. */
function fleet(up: UpstreamOptions) {
  const clock = { t: 1_750_000_000_000 };
  const store = memoryStore({ now: () => clock.t });
  const instance = (over: Over = {}): Fixture => setup({ autoApprove: undefined, store, now: () => clock.t, upstream: up, ...over });
  return { clock, store, instance };
}

/** Consent → upstream → callback → our tokens, on one instance; the principal of the access token. */
async function signIn(f: Fixture): Promise<{ principal: Principal; tokens: Tokens; clientId: string }> {
  const c = await register(f.as);
  const { verifier, challenge } = await pkcePair();
  const page = await f.as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge })));
  const html = await page.text();
  const txn = /name="txn" value="([^"]+)"/.exec(html)![1]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const toIdp = await f.as.handle(post(`${ISSUER}/authorize/consent`, { txn, csrf, decision: 'approve' }, { cookie: page.headers.get('set-cookie')!.split(';')[0]! }));
  const state = new URL(toIdp.headers.get('location')!).searchParams.get('state')!;
  const back = await f.as.handle(new Request(`${ISSUER}/oauth/callback?${new URLSearchParams({ code: 'up-code', state })}`, { headers: { cookie: toIdp.headers.get('set-cookie')!.split(';')[0]! } }));
  const code = new URL(back.headers.get('location')!).searchParams.get('code')!;
  const tokens = (await (await token(f.as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT })).json()) as Tokens;
  const auth = await f.rs.authenticate(bearer(tokens.access_token));
  if (!auth.ok) throw new Error('expected ok');
  return { principal: auth.principal, tokens, clientId: c.client_id };
}

const auths = async (rs: Response[]): Promise<string[]> => Promise.all(rs.map(async (r) => ((await r.json()) as { auth: string }).auth));

describe.skipIf(!cookiesRoundTrip)('upstream tokens at rest and their renewal (issue #13)', () => {
  it('RFC 6749 §10.4, R-TOK-3: with encryptionKeys the grant record holds only ciphertext: no upstream token substring, and it opens for this grant only', async () => {
    const { p, options } = provider();
    const { store, instance } = fleet(options);
    const f = instance({ encryptionKeys: [KEY1] });
    const { principal } = await signIn(f);
    const stored = await store.getGrant(principal.grantId!);
    const raw = JSON.stringify(stored);
    for (const s of ['UPSTREAM', 'AT-1', 'RT-1']) expect(raw).not.toContain(s);
    expect(stored?.upstream).toBeUndefined();
    expect(stored?.upstreamSealed).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await f.as.upstreamToken(principal)).toBe('UPSTREAM-AT-1');
    expect(await auths([await f.as.upstreamFetch(principal, `${UP}/api`)])).toEqual(['Bearer UPSTREAM-AT-1']);
    // The ciphertext moved onto another grant does not open there (the grant id is authenticated).
    await store.putGrant({ ...stored!, id: 'other-grant' });
    await expect(f.as.upstreamToken({ ...principal, grantId: 'other-grant' })).rejects.toMatchObject({ code: 'InvalidToken' });
    expect(p.refreshes).toBe(0);
  });

  it('R-TOK-3: encryption key rotation: a grant sealed under the old key opens with [new, old], is sealed again under the new key at renewal; an unknown key is InvalidToken and the grant is kept', async () => {
    const { options } = provider();
    const { clock, store, instance } = fleet(options);
    const { principal } = await signIn(instance({ encryptionKeys: [KEY1] }));
    const before = (await store.getGrant(principal.grantId!))!.upstreamSealed!;
    const rotated = instance({ encryptionKeys: [KEY2, KEY1] });
    expect(await rotated.as.upstreamToken(principal)).toBe('UPSTREAM-AT-1');
    clock.t += 3_600_001;
    expect(await rotated.as.upstreamToken(principal)).toBe('UPSTREAM-AT-2');
    const after = (await store.getGrant(principal.grantId!))!.upstreamSealed!;
    expect(after.split('.')[0]).not.toBe(before.split('.')[0]);
    expect(await instance({ encryptionKeys: [KEY2] }).as.upstreamToken(principal)).toBe('UPSTREAM-AT-2');
    await expect(instance({ encryptionKeys: ['e'.repeat(40)] }).as.upstreamToken(principal)).rejects.toMatchObject({ code: 'InvalidToken' });
    expect(await store.getGrant(principal.grantId!)).toBeDefined();
  });

  it('R-TOK-3: an expired upstream access token is renewed once with the upstream refresh token, even under 10 concurrent upstreamFetch calls; the grant lives on', async () => {
    const { p, options } = provider();
    const { clock, instance } = fleet(options);
    const f = instance({ encryptionKeys: [KEY1] });
    const { principal, tokens, clientId } = await signIn(f);
    clock.t += 3_600_001;
    const rs = await Promise.all(Array.from({ length: 10 }, () => f.as.upstreamFetch(principal, `${UP}/api`)));
    expect(rs.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await auths(rs)).toEqual(Array(10).fill('Bearer UPSTREAM-AT-2'));
    expect(p.refreshes).toBe(1);
    expect(f.events.filter((e) => e.type === 'upstream.refreshed' && e.grantId === principal.grantId).length).toBe(1);
    expect(JSON.stringify(f.events)).not.toContain('UPSTREAM');
    // Our own refresh still works past the first upstream token's end; the next renewal spends RT-2.
    const r = await token(f.as, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: clientId });
    expect(r.status).toBe(200);
    clock.t += 3_600_001;
    expect(await f.as.upstreamToken(principal)).toBe('UPSTREAM-AT-3');
    expect(p.refreshes).toBe(2);
  });

  it('R-TOK-3: two instances on one store renew once between them: 10 concurrent calls spread over both spend the upstream refresh token once', async () => {
    const { p, options } = provider();
    const { clock, instance } = fleet(options);
    const a = instance({ encryptionKeys: [KEY1] });
    const b = instance({ encryptionKeys: [KEY1] });
    const { principal } = await signIn(a);
    clock.t += 3_600_001;
    const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).as.upstreamFetch(principal, `${UP}/api`)));
    expect(await auths(rs)).toEqual(Array(10).fill('Bearer UPSTREAM-AT-2'));
    expect(p.refreshes).toBe(1);
  });

  it('R-TOK-3, A-AUDIT-1: the upstream refusing the refresh (invalid_grant) ends the grant, says why in the audit log, and the MCP client gets 401 and invalid_grant', async () => {
    const { p, options } = provider();
    const { clock, store, instance } = fleet(options);
    const f = instance({ encryptionKeys: [KEY1] });
    const { principal, tokens, clientId } = await signIn(f);
    p.refuse = true;
    clock.t += 3_600_001;
    await expect(f.as.upstreamFetch(principal, `${UP}/api`)).rejects.toMatchObject({ code: 'InvalidToken' });
    expect(p.apiCalls).toEqual([]);
    expect(await store.getGrant(principal.grantId!)).toBeUndefined();
    expect(f.events.find((e) => e.type === 'upstream.refresh_refused')).toMatchObject({ grantId: principal.grantId, error: 'invalid_grant', clientId });
    expect(f.events.some((e) => e.type === 'grant.revoked' && e.grantId === principal.grantId)).toBe(true);
    const next = await f.rs.authenticate(bearer(tokens.access_token));
    expect(next.ok ? 200 : next.response.status).toBe(401);
    const r = await token(f.as, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: clientId });
    expect(((await r.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('R-TOK-3: an upstream outage during renewal is 503 UpstreamFailed and keeps the grant', async () => {
    const { p, options } = provider();
    const { clock, store, instance } = fleet(options);
    const f = instance({ encryptionKeys: [KEY1] });
    const { principal } = await signIn(f);
    p.fail = true;
    clock.t += 3_600_001;
    await expect(f.as.upstreamToken(principal)).rejects.toMatchObject({ code: 'UpstreamFailed' });
    expect(await store.getGrant(principal.grantId!)).toBeDefined();
  });

  it('RFC 6749 §10.4: upstream with a persistent store needs encryptionKeys, or an explicit storeTokensInClear; memoryStore stores in clear', async () => {
    const { options } = provider();
    const persistent = { ...memoryStore() }; // any store memoryStore() did not make counts as persistent
    expect(() => setup({ autoApprove: undefined, store: persistent, upstream: options })).toThrow(TypeError);
    expect(() => setup({ autoApprove: undefined, store: persistent, upstream: options, encryptionKeys: [KEY1] })).not.toThrow();
    expect(() => setup({ autoApprove: undefined, store: persistent, upstream: { ...options, storeTokensInClear: true } })).not.toThrow();
    const { store, instance } = fleet(options);
    const { principal } = await signIn(instance());
    expect((await store.getGrant(principal.grantId!))?.upstream?.accessToken).toBe('UPSTREAM-AT-1');
  });
});
