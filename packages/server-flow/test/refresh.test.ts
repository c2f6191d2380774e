import { describe, expect, it } from 'vitest';
import { RESOURCE, bearer, fullFlow, register, setup, token } from './helpers';
import type { Tokens } from './helpers';

const err = async (r: Response): Promise<string> => ((await r.clone().json()) as { error: string }).error;

describe('/token refresh_token', () => {
  it('A50, A-RT-1: refresh rotates; replaying the old token revokes the current RT and its ATs', async () => {
    const { as, rs, clock } = setup();
    const { client, tokens } = await fullFlow(as);
    const r1 = (await (await token(as, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: client.client_id })).json()) as Tokens;
    expect(r1.refresh_token).toBeDefined();
    expect(r1.refresh_token).not.toBe(tokens.refresh_token);
    expect((await rs.authenticate(bearer(r1.access_token))).ok).toBe(true);
    clock.t += 60_000; // beyond the 2 s concurrency grace
    const replay = await token(as, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: client.client_id });
    expect(await err(replay)).toBe('invalid_grant');
    expect(await err(await token(as, { grant_type: 'refresh_token', refresh_token: r1.refresh_token!, client_id: client.client_id }))).toBe('invalid_grant');
    expect((await rs.authenticate(bearer(r1.access_token))).ok).toBe(false);
    expect((await rs.authenticate(bearer(tokens.access_token))).ok).toBe(false);
  });

  it('A-RT-1: concurrent refreshes with one token: one winner, the rest invalid_grant, the grant intact for the winner', async () => {
    const { as, rs } = setup();
    const { client, tokens } = await fullFlow(as);
    const all = await Promise.all(Array.from({ length: 8 }, () => token(as, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: client.client_id })));
    const winners = all.filter((r) => r.status === 200);
    expect(winners.length).toBe(1);
    for (const r of all.filter((x) => x.status !== 200)) expect(await err(r)).toBe('invalid_grant');
    const w = (await winners[0]!.json()) as Tokens;
    expect((await rs.authenticate(bearer(w.access_token))).ok).toBe(true);
    expect((await token(as, { grant_type: 'refresh_token', refresh_token: w.refresh_token!, client_id: client.client_id })).status).toBe(200);
  });

  it("A51: client B using A's RT → invalid_grant; wider scope → invalid_scope; narrower OK; other resource → invalid_target; expired → invalid_grant", async () => {
    const { as, clock } = setup();
    const { client, tokens } = await fullFlow(as, { scope: 'mcp:tools mcp:read' });
    const b = await register(as);
    const rt = tokens.refresh_token!;
    expect(await err(await token(as, { grant_type: 'refresh_token', refresh_token: rt, client_id: b.client_id }))).toBe('invalid_grant');
    expect(await err(await token(as, { grant_type: 'refresh_token', refresh_token: rt, client_id: client.client_id, scope: 'mcp:tools mcp:exec:x' }))).toBe('invalid_scope');
    expect(await err(await token(as, { grant_type: 'refresh_token', refresh_token: rt, client_id: client.client_id, resource: 'https://other.example.com/mcp' }))).toBe('invalid_target');
    const narrow = await token(as, { grant_type: 'refresh_token', refresh_token: rt, client_id: client.client_id, scope: 'mcp:read', resource: RESOURCE });
    expect(narrow.status).toBe(200);
    const n = (await narrow.json()) as Tokens;
    expect(n.scope).toBe('mcp:read');
    // the new RT still carries the whole grant
    const again = (await (await token(as, { grant_type: 'refresh_token', refresh_token: n.refresh_token!, client_id: client.client_id })).json()) as Tokens;
    expect(again.scope).toBe('mcp:tools mcp:read');
    clock.t += 31 * 86_400_000;
    expect(await err(await token(as, { grant_type: 'refresh_token', refresh_token: again.refresh_token!, client_id: client.client_id }))).toBe('invalid_grant');
  });

  it('RFC 6749 §6: a client registered without refresh_token gets no refresh token and may not refresh', async () => {
    const { as } = setup();
    const c = await register(as, { grant_types: ['authorization_code'] });
    const { getCode, REDIRECT } = await import('./helpers');
    const { code, verifier } = await getCode(as, c.client_id);
    const t = (await (await token(as, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: c.client_id, redirect_uri: REDIRECT })).json()) as Tokens;
    expect(t.refresh_token).toBeUndefined();
    expect(await err(await token(as, { grant_type: 'refresh_token', refresh_token: 'x'.repeat(43), client_id: c.client_id }))).toBe('unauthorized_client');
  });
});
