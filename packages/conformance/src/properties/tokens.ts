// The token endpoint: codes single use and bound; refresh tokens rotate and their reuse ends the grant.
import { callResource, client, code, endpoint, protectTokens, resource, tokenRequest, tokens, type Ctx } from '../internal/context';
import { str } from '../internal/http';
import { expect, forEach, Skip, type Property } from '../internal/property';

export const codeProperty: Property = {
  id: 'A-CODE-1', title: 'codes are single use (a replay fails and revokes what the first use issued) and bound to client, redirect URI, verifier and resource', intrusive: true,
  fix: 'consume a code atomically on first use, revoke the grant when it is presented again, and check client_id, redirect_uri, code_verifier and resource against what /authorize bound to it (RFC 6749 §4.1.2, §4.1.3; OAuth 2.1 §4.1.3)',
  async run(ctx) {
    const c = await client(ctx, 'loopback');
    const g = await code(ctx, c);
    const form = { grant_type: 'authorization_code', code: g.code, code_verifier: g.verifier, redirect_uri: c.redirect_uri, resource: resource(ctx) };
    const first = await tokenRequest(ctx, c, form);
    const at = str(first.json, 'access_token');
    if (first.status !== 200 || !at) throw new Skip('not-tested', `a valid token request was answered ${first.status}`);
    const second = await tokenRequest(ctx, c, form);
    expect(str(second.json, 'access_token') === undefined, 'the same code was exchanged twice for an access token', second);
    expect(second.status === 400 && str(second.json, 'error') === 'invalid_grant', `the replayed code was answered ${second.status} ${str(second.json, 'error') ?? ''}, not 400 invalid_grant`, second);
    const rt = str(first.json, 'refresh_token');
    if (rt) {
      const r = await tokenRequest(ctx, c, { grant_type: 'refresh_token', refresh_token: rt, resource: resource(ctx) });
      expect(str(r.json, 'access_token') === undefined, 'after a code replay, the refresh token of the first exchange still works', r);
    }
    if (ctx.d.mcpUrl) {
      const o = await callResource(ctx, `Bearer ${at}`);
      expect(o.status === 401, `after a code replay, the access token of the first exchange is still accepted (${o.status})`, o);
    }
    const second2 = await client(ctx, 'second').catch((e: unknown) => { if (e instanceof Skip) return undefined; throw e; });
    const kinds = ['other-redirect', 'other-verifier', 'no-verifier', 'other-resource', ...(second2 ? ['other-client'] : [])];
    const runs = await forEach(ctx, kinds, async (kind) => {
      const x = await code(ctx, c);
      const f: Record<string, string | undefined> = { grant_type: 'authorization_code', code: x.code, code_verifier: x.verifier, redirect_uri: c.redirect_uri, resource: resource(ctx) };
      if (kind === 'other-redirect') f['redirect_uri'] = `${c.redirect_uri}/other`;
      if (kind === 'other-verifier') f['code_verifier'] = `${x.verifier.slice(2)}ab`;
      if (kind === 'no-verifier') f['code_verifier'] = undefined;
      if (kind === 'other-resource') f['resource'] = ctx.options.otherResource ?? `${resource(ctx) ?? 'https://conformance.invalid/mcp'}/other`;
      if (kind === 'other-client') f['client_id'] = second2!.client_id;
      const o = await tokenRequest(ctx, kind === 'other-client' ? second2 : c, f);
      expect(str(o.json, 'access_token') === undefined, `a code was exchanged with ${kind} for an access token`, o);
    }, (k) => k);
    return `a replayed code was refused and revoked the first exchange; ${runs} mismatched exchanges got no token`;
  },
};

async function refreshable(ctx: Ctx): Promise<{ rt: string; c: Awaited<ReturnType<typeof client>> }> {
  const c = await client(ctx, 'loopback');
  const t = await tokens(ctx, c);
  const rt = str(t.json, 'refresh_token');
  if (rt) return { rt, c };
  const withOffline = await tokens(ctx, c, { scope: [str(t.json, 'scope'), 'offline_access'].filter(Boolean).join(' ') }).catch(() => undefined);
  const rt2 = str(withOffline?.json, 'refresh_token');
  if (!rt2) throw new Skip('not-applicable', 'no refresh token was issued to a public client (with or without offline_access)');
  return { rt: rt2, c };
}

export const refreshProperty: Property = {
  id: 'A-RT-1', title: 'refresh tokens of public clients rotate; reuse of a rotated token fails and revokes the grant', intrusive: true,
  fix: 'issue a new refresh token on every refresh for public clients and, when an old one is presented again, refuse it and revoke the whole grant (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2)',
  async run(ctx) {
    const { rt, c } = await refreshable(ctx);
    const r1 = await tokenRequest(ctx, c, { grant_type: 'refresh_token', refresh_token: rt, resource: resource(ctx) });
    const rt2 = str(r1.json, 'refresh_token');
    expect(r1.status === 200 && str(r1.json, 'access_token') !== undefined, `a valid refresh was answered ${r1.status}`, r1);
    expect(rt2 !== undefined && rt2 !== rt, 'the refresh token was not rotated for a public client', r1);
    const grace = ctx.options.refreshReuseGraceMs ?? 0;
    if (grace > 0) await (ctx.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(grace + 1000);
    const replay = await tokenRequest(ctx, c, { grant_type: 'refresh_token', refresh_token: rt, resource: resource(ctx) });
    expect(str(replay.json, 'access_token') === undefined, 'a rotated (used) refresh token was accepted again', replay);
    expect(str(replay.json, 'error') === 'invalid_grant', `the replayed refresh token was answered ${str(replay.json, 'error') ?? replay.status}, not invalid_grant`, replay);
    const after = await tokenRequest(ctx, c, { grant_type: 'refresh_token', refresh_token: rt2!, resource: resource(ctx) });
    expect(str(after.json, 'access_token') === undefined, `after reuse was detected${grace ? ` (${grace} ms grace waited out)` : ' (no reuse grace assumed: pass refreshReuseGraceMs if the server documents one)'}, the current refresh token still works (the grant was not revoked)`, after);
    return 'rotated on refresh; the replay was refused and revoked the grant';
  },
};

const CONCURRENT = 5;
const ROUNDS = 3;

export const concurrentCodeProperty: Property = {
  id: 'A7', title: `concurrent redemptions of one code (${CONCURRENT} at once, ${ROUNDS} codes): exactly one gets tokens`, intrusive: true,
  fix: 'consume the code atomically (one compare-and-delete in the store, e.g. a transaction or DELETE … RETURNING) before issuing tokens, so that of concurrent redemptions exactly one wins (RFC 6749 §4.1.2)',
  async run(ctx) {
    const c = await client(ctx, 'loopback');
    const res = resource(ctx);
    const others = new Set<string>();
    // A race is won or lost by timing: several rounds make a non-atomic redemption likelier to show.
    for (let round = 0; round < ROUNDS; round++) {
      const g = await code(ctx, c);
      const body = new URLSearchParams({ grant_type: 'authorization_code', code: g.code, code_verifier: g.verifier, redirect_uri: c.redirect_uri, client_id: c.client_id });
      if (res) body.set('resource', res);
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      if (c.client_secret) { body.delete('client_id'); headers['authorization'] = `Basic ${btoa(`${encodeURIComponent(c.client_id)}:${encodeURIComponent(c.client_secret)}`)}`; }
      const all = await ctx.http.burst(CONCURRENT, 'POST', endpoint(ctx, 'token_endpoint'), { headers, body: body.toString() });
      for (const o of all) protectTokens(ctx, o, res);
      const winners = all.filter((o) => str(o.json, 'access_token') !== undefined);
      expect(winners.length <= 1, `${winners.length} of ${CONCURRENT} concurrent redemptions of one code got an access token (round ${round + 1})`, winners[1] ?? winners[0]);
      if (winners.length === 0) throw new Skip('not-tested', `none of ${CONCURRENT} concurrent redemptions of a fresh code got a token (answered ${[...new Set(all.map((o) => o.status))].join(', ')})`);
      for (const o of all) if (o !== winners[0]) others.add(`${o.status} ${str(o.json, 'error') ?? ''}`.trim());
    }
    return `${ROUNDS} codes, each redeemed ${CONCURRENT} times at once: one token response each; the others ${[...others].join(', ')}`;
  },
};

/** RFC 6749 §4.1.2: a maximum authorization code lifetime of 10 minutes is RECOMMENDED. */
export const CODE_LIFETIME_MS = 600_000;

export const expiredCodeProperty: Property = {
  id: 'A86', title: 'after the code lifetime, an unused code gets no token and a used one replayed still fails and revokes the first exchange (the used mark outlives the code)', intrusive: true,
  fix: 'expire codes (10 minutes at most) and keep the mark of a used code at least as long as the tokens it issued can live, so a replay after expiry still revokes the grant (RFC 6749 §4.1.2, ATTACKS 86)',
  async run(ctx) {
    const sleep = ctx.options.sleep;
    if (!sleep) throw new Skip('not-tested', 'needs an injected `sleep` that moves the server\'s clock: waiting out a code\'s lifetime against a real server is not done');
    const c = await client(ctx, 'loopback');
    const used = await code(ctx, c);
    const unused = await code(ctx, c);
    const form = (a: typeof used): Record<string, string | undefined> => ({ grant_type: 'authorization_code', code: a.code, code_verifier: a.verifier, redirect_uri: c.redirect_uri, resource: resource(ctx) });
    const first = await tokenRequest(ctx, c, form(used));
    const at = str(first.json, 'access_token');
    if (first.status !== 200 || !at) throw new Skip('not-tested', `a valid token request was answered ${first.status}`);
    const lifetime = ctx.options.codeLifetimeMs ?? CODE_LIFETIME_MS;
    await sleep(lifetime + 1000);
    const late = await tokenRequest(ctx, c, form(unused));
    expect(str(late.json, 'access_token') === undefined, `a code redeemed ${(lifetime + 1000) / 1000} s after it was issued got an access token`, late);
    const replay = await tokenRequest(ctx, c, form(used));
    expect(str(replay.json, 'access_token') === undefined, 'a used code replayed after its lifetime got an access token', replay);
    expect(replay.status === 400 && str(replay.json, 'error') === 'invalid_grant', `the late replay was answered ${replay.status} ${str(replay.json, 'error') ?? ''}, not 400 invalid_grant`, replay);
    const rt = str(first.json, 'refresh_token');
    if (rt) {
      const r = await tokenRequest(ctx, c, { grant_type: 'refresh_token', refresh_token: rt, resource: resource(ctx) });
      expect(str(r.json, 'access_token') === undefined, 'after a replay past the code\'s lifetime, the refresh token of the first exchange still works (the used mark expired with the code)', r);
      return `an unused code refused after ${(lifetime + 1000) / 1000} s; the late replay was refused and revoked the first exchange's refresh token`;
    }
    if (!ctx.d.mcpUrl) throw new Skip('not-tested', 'no refresh token and no MCP server URL: the revocation by a late replay could not be observed');
    const o = await callResource(ctx, `Bearer ${at}`);
    expect(o.status === 401, `after a replay past the code's lifetime, the access token of the first exchange is still accepted (${o.status})`, o);
    return `an unused code refused after ${(lifetime + 1000) / 1000} s; the late replay was refused and the first exchange's access token refused`;
  },
};
