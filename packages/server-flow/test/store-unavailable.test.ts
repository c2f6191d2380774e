// A store that fails (Redis unreachable, a locked database) is a 503 everywhere: temporarily_unavailable
// with Retry-After, the store's error never in the answer, reported to the audit hook; the protected
// resource answers 503 too, never 401 (clients would drop good tokens) and never 500.
import { describe, expect, it } from 'vitest';
import { ServerFlowError, memoryStore, type Store } from '@mcp-oauth/server-flow';
import { ISSUER, REDIRECT, authorizeUrl, basic, bearer, cookiesRoundTrip, fullFlow, getCode, pkcePair, post, register, setup, token } from './helpers';

const DETAIL = 'connect ECONNREFUSED 10.0.0.7:6379 (store internals)';

/** A memory store whose every method (or only the one named `only`) fails while `down` (rejects, or throws at once with `sync`). */
function breakable(): { store: Store; state: { down: boolean; sync: boolean; calls: number; only?: string } } {
  const state: { down: boolean; sync: boolean; calls: number; only?: string } = { down: false, sync: false, calls: 0 };
  const inner = memoryStore({ now: () => 1_750_000_000_000 });
  const store = new Proxy(inner, {
    get(target, name) {
      const f: unknown = Reflect.get(target, name);
      if (typeof f !== 'function') return f;
      return (...args: unknown[]): unknown => {
        if (!state.down || (state.only !== undefined && state.only !== name)) return f.apply(target, args);
        state.calls++;
        if (state.sync) throw new Error(DETAIL);
        return Promise.reject(new Error(DETAIL));
      };
    },
  });
  return { store, state };
}

const RS_AUTH = { authorization: basic('rs', 'resource-server-secret-0123456789') };

async function expect503(r: Response, where: string): Promise<void> {
  const text = await r.text();
  expect(r.status, where).toBe(503);
  expect(JSON.parse(text), where).toEqual({ error: 'temporarily_unavailable' });
  expect(Number(r.headers.get('retry-after')), where).toBeGreaterThan(0);
  expect(r.headers.get('location'), where).toBeNull();
  expect(text, where).not.toContain('ECONNREFUSED');
}

describe('a failing store', () => {
  it('A-DOS-1, R-TOK-1: every endpoint answers 503 temporarily_unavailable with Retry-After (no store error in the body), reported to the audit hook; the resource answers 503, not 401; everything works again once the store is back', async () => {
    const { store, state } = breakable();
    const { as, rs, events } = setup({ store, clients: [{ client_id: 'rs', client_secret: 'resource-server-secret-0123456789', grant_types: [] }], introspectionClients: ['rs'] });
    const { client, tokens } = await fullFlow(as);
    const held = await getCode(as, client.client_id);
    const { challenge } = await pkcePair();

    for (const sync of [false, true]) {
      state.down = true;
      state.sync = sync;
      const before = state.calls;
      const at = `sync=${sync}`;
      await expect503(await token(as, { grant_type: 'authorization_code', code: held.code, code_verifier: held.verifier, client_id: client.client_id, redirect_uri: REDIRECT }), `${at} /token code`);
      await expect503(await token(as, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: client.client_id }), `${at} /token refresh`);
      await expect503(await as.handle(new Request(authorizeUrl(client.client_id, { code_challenge: challenge }))), `${at} /authorize`);
      await expect503(await as.handle(post(`${ISSUER}/revoke`, { token: tokens.refresh_token!, client_id: client.client_id })), `${at} /revoke refresh token`);
      await expect503(await as.handle(post(`${ISSUER}/revoke`, { token: tokens.access_token, client_id: client.client_id })), `${at} /revoke access token`);
      await expect503(await as.handle(post(`${ISSUER}/introspect`, { token: tokens.access_token }, RS_AUTH)), `${at} /introspect`);
      await expect503(await as.handle(new Request(`${ISSUER}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }) }), { clientAddress: '203.0.113.9' }), `${at} /register`);
      await expect503(await as.handle(new Request(`${ISSUER}/register/${client.client_id}`, { headers: { authorization: `Bearer ${client.registration_access_token}` } })), `${at} /register/:id`);

      const auth = await rs.authenticate(bearer(tokens.access_token));
      expect(auth.ok, at).toBe(false);
      if (!auth.ok) {
        expect(auth.response.status, at).toBe(503);
        expect(await auth.response.json(), at).toEqual({ error: 'temporarily_unavailable' });
        expect(Number(auth.response.headers.get('retry-after')), at).toBeGreaterThan(0);
      }
      expect(state.calls, at).toBeGreaterThan(before);
    }

    const failed = events.filter((e) => e.type === 'store.failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const e of failed) {
      expect(e.error).toBe('temporarily_unavailable');
      expect(typeof e.operation === 'string' && e.operation in store).toBe(true);
    }
    expect(failed.map((e) => e.operation)).toContain('getClient');
    expect(JSON.stringify(events)).not.toContain('ECONNREFUSED');

    // back up: nothing was issued or consumed meanwhile
    state.down = false;
    const redeemed = await token(as, { grant_type: 'authorization_code', code: held.code, code_verifier: held.verifier, client_id: client.client_id, redirect_uri: REDIRECT });
    expect(redeemed.status).toBe(200);
    expect((await rs.authenticate(bearer(tokens.access_token))).ok).toBe(true);
    expect((await token(as, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: client.client_id })).status).toBe(200);
  });

  it('A-DOS-1, A-REV-1: where a failed lookup would read as "no such token", a failing store is still 503: revoking an access token is not a silent 200, introspection is not active:false', async () => {
    const { store, state } = breakable();
    const { as, rs } = setup({ store, clients: [{ client_id: 'rs', client_secret: 'resource-server-secret-0123456789', grant_types: [] }], introspectionClients: ['rs'] });
    const { client, tokens } = await fullFlow(as);
    Object.assign(state, { down: true, only: 'getGrant' });
    await expect503(await as.handle(post(`${ISSUER}/revoke`, { token: tokens.access_token, client_id: client.client_id })), '/revoke access token');
    await expect503(await as.handle(post(`${ISSUER}/introspect`, { token: tokens.access_token }, RS_AUTH)), '/introspect');
    state.down = false;
    expect((await rs.authenticate(bearer(tokens.access_token))).ok).toBe(true); // not revoked by the failed call
  });

  it.skipIf(!cookiesRoundTrip)('A-DOS-1: the consent POST with the client lookup failing is 503, not a 403 "could not be verified" page', async () => {
    const { store, state } = breakable();
    const { as } = setup({ store, autoApprove: undefined, authenticate: async () => ({ subject: 'alice' }) });
    const c = await register(as);
    const { challenge } = await pkcePair();
    const page = await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge })));
    const html = await page.text();
    const field = (n: string): string => new RegExp(`name="${n}" value="([^"]+)"`).exec(html)?.[1] ?? '';
    Object.assign(state, { down: true, only: 'getClient' });
    const r = await as.handle(post(`${ISSUER}/authorize/consent`, { txn: field('txn'), csrf: field('csrf'), decision: 'approve' }, { cookie: (page.headers.get('set-cookie') ?? '').split(';')[0]! }));
    await expect503(r, 'consent POST');
  });

  it('A-DOS-1: only store failures become 503: a ServerFlowError the store throws passes unchanged, a failing hook is still 500, and AuthorizationServer.store reports StoreUnavailable', async () => {
    const { store, state } = breakable();
    const full: Store = { ...memoryStore(), getClient: async () => { throw new ServerFlowError('StoreFull'); } };
    const a = setup({ store: full });
    const r = await a.as.handle(post(`${ISSUER}/token`, { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'c' }));
    expect(r.status).toBe(503);
    expect(a.events.some((e) => e.type === 'store.failed')).toBe(false);

    const b = setup({ store, autoApprove: undefined, authenticate: async () => { throw new Error('a bug in the host'); } });
    const c = await register(b.as);
    const { challenge } = await pkcePair();
    expect((await b.as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge })))).status).toBe(500);

    state.down = true;
    await expect(b.as.store.getClient(c.client_id)).rejects.toMatchObject({ code: 'StoreUnavailable', status: 503, oauthError: 'temporarily_unavailable' });
    await expect(b.as.store.getClient(c.client_id)).rejects.not.toHaveProperty('message', DETAIL);
  });
});
