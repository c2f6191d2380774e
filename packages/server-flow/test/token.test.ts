import { describe, expect, it } from 'vitest';
import { REDIRECT, RESOURCE, basic, bearer, getCode, register, setup, token } from './helpers';
import type { Tokens } from './helpers';

const err = async (r: Response): Promise<string> => ((await r.clone().json()) as { error: string }).error;

describe('/token authorization_code', () => {
  it('A4: right code without verifier → invalid_grant; wrong verifier → invalid_grant; challenge as verifier → invalid_grant; 129 chars or bad charset → invalid_request', async () => {
    const { as } = setup();
    const c = await register(as);
    const { code, verifier } = await getCode(as, c.client_id);
    const base = { grant_type: 'authorization_code', code, client_id: c.client_id, redirect_uri: REDIRECT };
    expect(await err(await token(as, base))).toBe('invalid_grant');
    expect(await err(await token(as, { ...base, code_verifier: 'b'.repeat(43) }))).toBe('invalid_grant');
    expect(await err(await token(as, { ...base, code_verifier: 'a'.repeat(129) }))).toBe('invalid_request');
    expect(await err(await token(as, { ...base, code_verifier: 'a'.repeat(60) + '!' }))).toBe('invalid_request');
    // none of these consumed the code
    expect((await token(as, { ...base, code_verifier: verifier })).status).toBe(200);
  });

  it('A4: the stored challenge presented as the verifier does not verify', async () => {
    const { as } = setup();
    const c = await register(as);
    const { computeCodeChallenge, generateCodeVerifier } = await import('@mcp-oauth/pkce');
    const v = generateCodeVerifier();
    const ch = await computeCodeChallenge(v);
    const { code } = await getCode(as, c.client_id, { code_challenge: ch });
    const r = await token(as, { grant_type: 'authorization_code', code, client_id: c.client_id, redirect_uri: REDIRECT, code_verifier: ch });
    expect(await err(r)).toBe('invalid_grant');
  });

  it('A5: PKCE downgrade: a confidential client cannot get a code without a challenge, so code_verifier=abc yields no tokens', async () => {
    const { as } = setup();
    const c = await register(as, { token_endpoint_auth_method: 'client_secret_basic' });
    const res = await as.handle(new Request(`https://as.example.com/authorize?response_type=code&client_id=${c.client_id}&redirect_uri=${encodeURIComponent(REDIRECT)}&state=s`));
    const u = new URL(res.headers.get('location')!);
    expect(u.searchParams.has('code')).toBe(false);
    const r = await token(as, { grant_type: 'authorization_code', code: 'x'.repeat(43), redirect_uri: REDIRECT, code_verifier: 'abc' }, { authorization: basic(c.client_id, c.client_secret!) });
    expect(r.status).toBe(400);
    expect(await err(r)).toBe('invalid_grant');
  });

  it('A6, A-CODE-1: a second exchange fails (now and after 30 s) and revokes what the first issued: AT 401 at the RS, RT invalid_grant', async () => {
    for (const delay of [0, 30_000]) {
      const { as, rs, clock } = setup();
      const c = await register(as);
      const { code, verifier } = await getCode(as, c.client_id);
      const body = { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT };
      const first = (await (await token(as, body)).json()) as Tokens;
      expect((await rs.authenticate(bearer(first.access_token))).ok).toBe(true);
      clock.t += delay;
      const second = await token(as, body);
      expect(second.status).toBe(400);
      expect(await err(second)).toBe('invalid_grant');
      const auth = await rs.authenticate(bearer(first.access_token));
      expect(auth.ok).toBe(false);
      if (!auth.ok) expect(auth.response.status).toBe(401);
      expect(await err(await token(as, { grant_type: 'refresh_token', refresh_token: first.refresh_token!, client_id: c.client_id }))).toBe('invalid_grant');
    }
  });

  it('A86, A-CODE-1: a code replayed after its TTL (and days later) still fails and revokes what the first exchange issued', async () => {
    for (const delay of [61_000, 3 * 86_400_000]) {
      const { as, rs, clock } = setup({ tokens: { accessTokenTtl: 30 * 86_400 } });
      const c = await register(as);
      const { code, verifier } = await getCode(as, c.client_id);
      const body = { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT };
      const first = (await (await token(as, body)).json()) as Tokens;
      clock.t += delay;
      expect((await rs.authenticate(bearer(first.access_token))).ok).toBe(true);
      const replay = await token(as, body);
      expect(replay.status).toBe(400);
      expect(await err(replay)).toBe('invalid_grant');
      expect((await rs.authenticate(bearer(first.access_token))).ok).toBe(false);
      expect(await err(await token(as, { grant_type: 'refresh_token', refresh_token: first.refresh_token!, client_id: c.client_id }))).toBe('invalid_grant');
    }
  });

  it('A7: two (and ten) concurrent redemptions of one code → exactly one token response', async () => {
    const { as } = setup();
    const c = await register(as);
    for (const n of [2, 10]) {
      const { code, verifier } = await getCode(as, c.client_id);
      const body = { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT };
      const rs = await Promise.all(Array.from({ length: n }, () => token(as, body)));
      expect(rs.filter((r) => r.status === 200).length).toBe(1);
      for (const r of rs.filter((x) => x.status !== 200)) expect(await err(r)).toBe('invalid_grant');
    }
  });

  it('A8: a code older than its TTL is invalid_grant', async () => {
    const { as, clock } = setup();
    const c = await register(as);
    const { code, verifier } = await getCode(as, c.client_id);
    clock.t += 60_001;
    expect(await err(await token(as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT }))).toBe('invalid_grant');
  });

  it("A9: client B redeeming client A's code gets invalid_grant", async () => {
    const { as } = setup();
    const a = await register(as);
    const b = await register(as);
    const { code, verifier } = await getCode(as, a.client_id);
    expect(await err(await token(as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: b.client_id, redirect_uri: REDIRECT }))).toBe('invalid_grant');
    expect((await token(as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: a.client_id, redirect_uri: REDIRECT })).status).toBe(200);
  });

  it('A10: a redirect_uri differing from /authorize (…/cb?x, or absent) is invalid_grant and does not consume the code', async () => {
    const { as } = setup();
    const c = await register(as);
    const { code, verifier } = await getCode(as, c.client_id);
    const base = { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id };
    expect(await err(await token(as, { ...base, redirect_uri: REDIRECT + '?x' }))).toBe('invalid_grant');
    expect(await err(await token(as, base))).toBe('invalid_grant');
    expect((await token(as, { ...base, redirect_uri: REDIRECT })).status).toBe(200);
  });

  it('A11: at /token a resource with a fragment or different from the authorized one is invalid_target, code not consumed', async () => {
    const { as } = setup();
    const c = await register(as);
    const { code, verifier } = await getCode(as, c.client_id);
    const base = { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT };
    expect(await err(await token(as, { ...base, resource: RESOURCE + '#x' }))).toBe('invalid_target');
    expect(await err(await token(as, { ...base, resource: 'https://other.example.com/mcp' }))).toBe('invalid_target');
    expect((await token(as, { ...base, resource: RESOURCE })).status).toBe(200);
  });

  it('A12: duplicate code, client_id or redirect_uri parameters at /token → invalid_request', async () => {
    const { as } = setup();
    const c = await register(as);
    const { code, verifier } = await getCode(as, c.client_id);
    const base = new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT }).toString();
    for (const dup of [`&code=${code}`, `&client_id=${c.client_id}`, `&redirect_uri=${encodeURIComponent(REDIRECT)}`]) {
      expect(await err(await token(as, base + dup as never))).toBe('invalid_request');
    }
    expect((await token(as, Object.fromEntries(new URLSearchParams(base)))).status).toBe(200);
  });

  it('A-AUD-1: the access token is bound to the consented resource: aud is exactly that resource', async () => {
    const { as } = setup();
    const c = await register(as);
    const { code, verifier } = await getCode(as, c.client_id, { resource: 'https://other.example.com/mcp' });
    const t = (await (await token(as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT })).json()) as Tokens;
    const claims = JSON.parse(atob(t.access_token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    expect(claims['aud']).toBe('https://other.example.com/mcp');
    const { rs } = setup();
    expect((await rs.authenticate(bearer(t.access_token))).ok).toBe(false);
  });

  it('A53: the token response carries Cache-Control: no-store; unknown grant types are unsupported_grant_type', async () => {
    const { as } = setup();
    const c = await register(as);
    const { code, verifier } = await getCode(as, c.client_id);
    const r = await token(as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT });
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(await err(await token(as, { grant_type: 'password', client_id: c.client_id }))).toBe('unsupported_grant_type');
    expect(await err(await token(as, { client_id: c.client_id }))).toBe('invalid_request');
    expect((await as.handle(new Request('https://as.example.com/token'))).status).toBe(405);
  });

  it('RFC 9068 §2.2: the access token is an at+jwt with iss, sub, aud, client_id, scope, iat, exp, jti and only a grant id besides', async () => {
    const { as } = setup();
    const c = await register(as);
    const { code, verifier } = await getCode(as, c.client_id, { scope: 'mcp:read' });
    const t = (await (await token(as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT })).json()) as Tokens;
    const dec = (s: string): Record<string, unknown> => JSON.parse(atob(s.replace(/-/g, '+').replace(/_/g, '/')));
    const [h, p] = t.access_token.split('.');
    expect(dec(h!)['typ']).toBe('at+jwt');
    expect(Object.keys(dec(p!)).sort()).toEqual(['aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'scope', 'sid', 'sub']);
    expect(t.expires_in).toBe(600);
  });
});
