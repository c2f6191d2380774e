import { describe, expect, it } from 'vitest';
import { ISSUER, REDIRECT, bearer, fullFlow, post, register, setup, token } from './helpers';
import type { Tokens } from './helpers';

describe('audit events', () => {
  it('A-AUDIT-1: authorization, token issue, refresh, reuse detection, revocation and failures each emit an event without any secret value', async () => {
    const { as, rs, events, clock } = setup();
    const { client, tokens } = await fullFlow(as);
    const r1 = (await (await token(as, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: client.client_id })).json()) as Tokens;
    clock.t += 10_000;
    await token(as, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: client.client_id });
    await token(as, { grant_type: 'authorization_code', code: 'bogus-code', code_verifier: 'a'.repeat(43), client_id: client.client_id, redirect_uri: REDIRECT });
    const second = await fullFlow(as);
    await as.handle(post(`${ISSUER}/revoke`, { token: second.tokens.access_token, client_id: second.client.client_id }));
    await as.handle(post(`${ISSUER}/revoke`, { token: second.tokens.refresh_token!, client_id: second.client.client_id }));
    const conf = await register(as, { token_endpoint_auth_method: 'client_secret_basic' });
    const types = events.map((e) => e.type);
    for (const t of ['client.registered', 'authorization.approved', 'token.issued', 'token.refreshed', 'token.reuse_detected', 'grant.revoked', 'token.revoked', 'token.failed']) {
      expect(types, t).toContain(t);
    }
    const reuse = events.find((e) => e.type === 'token.reuse_detected')!;
    expect(reuse.grantId).toBeDefined();
    expect(reuse.tokenHash).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const failed = events.find((e) => e.type === 'token.failed')!;
    expect(failed.error).toBe('invalid_grant');
    const dump = JSON.stringify(events);
    for (const secret of [tokens.access_token, tokens.refresh_token!, r1.access_token, r1.refresh_token!, second.tokens.access_token, second.tokens.refresh_token!, conf.client_secret!, conf.registration_access_token, 'bogus-code']) {
      expect(dump).not.toContain(secret);
    }
    for (const e of events) expect(typeof e.time).toBe('number');
    void rs; void bearer;
  });

  it('A-AUDIT-1: a failing audit sink never breaks the flow, and an unknown client_id is not echoed into events', async () => {
    const seen: string[] = [];
    const { as } = setup({ audit: (e) => { seen.push(JSON.stringify(e)); throw new Error('sink down'); } });
    const { tokens } = await fullFlow(as);
    expect(tokens.access_token).toBeTruthy();
    await token(as, { grant_type: 'client_credentials', client_id: '<script>evil</script>' });
    expect(seen.join('')).not.toContain('<script>');
  });
});
