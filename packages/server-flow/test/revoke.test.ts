import { describe, expect, it } from 'vitest';
import { ISSUER, basic, bearer, fullFlow, post, register, setup, token } from './helpers';
import type { Tokens } from './helpers';

const revoke = (as: ReturnType<typeof setup>['as'], body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> =>
  as.handle(post(`${ISSUER}/revoke`, body, headers));

describe('/revoke (RFC 7009) and /introspect (RFC 7662)', () => {
  it("A52: unknown token → 200; another client's token → 200 and it still works; bad client secret → 401 invalid_client", async () => {
    const { as, rs } = setup();
    const { tokens } = await fullFlow(as);
    const other = await register(as);
    expect((await revoke(as, { token: 'nonsense', client_id: other.client_id })).status).toBe(200);
    expect((await revoke(as, { token: tokens.access_token, client_id: other.client_id })).status).toBe(200);
    expect((await revoke(as, { token: tokens.refresh_token!, client_id: other.client_id })).status).toBe(200);
    expect((await rs.authenticate(bearer(tokens.access_token))).ok).toBe(true);
    const conf = await register(as, { token_endpoint_auth_method: 'client_secret_basic' });
    const bad = await revoke(as, { token: 'x' }, { authorization: basic(conf.client_id, 'wrong-secret') });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_client');
  });

  it("A52, A-REV-1: revoking an RT kills the grant's ATs; revoking an AT kills only that AT", async () => {
    const { as, rs } = setup();
    const { client, tokens } = await fullFlow(as);
    const r1 = (await (await token(as, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: client.client_id })).json()) as Tokens;
    expect((await revoke(as, { token: tokens.access_token, client_id: client.client_id, token_type_hint: 'access_token' })).status).toBe(200);
    expect((await rs.authenticate(bearer(tokens.access_token))).ok).toBe(false);
    expect((await rs.authenticate(bearer(r1.access_token))).ok).toBe(true);
    expect((await revoke(as, { token: r1.refresh_token!, client_id: client.client_id })).status).toBe(200);
    expect((await rs.authenticate(bearer(r1.access_token))).ok).toBe(false);
    const again = await token(as, { grant_type: 'refresh_token', refresh_token: r1.refresh_token!, client_id: client.client_id });
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('A-REV-1: introspection reports live tokens to authenticated confidential clients, and inactive after revocation', async () => {
    const { as } = setup({ clients: [{ client_id: 'rs', client_secret: 'resource-server-secret-0123456789', grant_types: [] }], introspectionClients: ['rs'] });
    const { client, tokens } = await fullFlow(as);
    const auth = { authorization: basic('rs', 'resource-server-secret-0123456789') };
    const live = (await (await as.handle(post(`${ISSUER}/introspect`, { token: tokens.access_token }, auth))).json()) as Record<string, unknown>;
    expect(live).toMatchObject({ active: true, client_id: client.client_id, sub: 'user-1', aud: 'https://mcp.example.com/mcp', scope: 'mcp:tools', iss: ISSUER });
    const pub = await as.handle(post(`${ISSUER}/introspect`, { token: tokens.access_token, client_id: client.client_id }));
    expect(pub.status).toBe(401);
    await revoke(as, { token: tokens.refresh_token!, client_id: client.client_id });
    const dead = (await (await as.handle(post(`${ISSUER}/introspect`, { token: tokens.access_token }, auth))).json()) as Record<string, unknown>;
    expect(dead).toEqual({ active: false });
    expect(await (await as.handle(post(`${ISSUER}/introspect`, { token: 'garbage' }, auth))).json()).toEqual({ active: false });
  });

  it('A-REV-1: opaque access tokens work through the store and introspection, and revoke the same way', async () => {
    const { as, rs } = setup({ tokens: { format: 'opaque' } });
    const { client, tokens } = await fullFlow(as);
    expect(tokens.access_token.split('.').length).toBe(1);
    expect((await rs.authenticate(bearer(tokens.access_token))).ok).toBe(true);
    expect((await as.metadata()).jwks_uri).toBeUndefined();
    await revoke(as, { token: tokens.access_token, client_id: client.client_id });
    expect((await rs.authenticate(bearer(tokens.access_token))).ok).toBe(false);
  });
});
