// A-DOS-1: the replay marks of private_key_jwt assertions (their jti) are bounded per client, so one
// client minting fresh jtis cannot fill the store's replay map and lock every other client out.
import { describe, expect, it } from 'vitest';
import { generateSigningKey, signJwt, type JwtKey } from '@mcp-oauth/jwt-lite';
import { memoryStore } from '@mcp-oauth/server-flow';
import { ISSUER, register, setup, token } from './helpers';

const ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const body = async (r: Response): Promise<Record<string, unknown>> => (await r.clone().json()) as Record<string, unknown>;

describe('client assertion replay marks per client', () => {
  it('A81 (assertion jti flood): a self-registered private_key_jwt client minting fresh jtis is refused past its bound (100 live by default); another client still authenticates, and the store never fills', async () => {
    const keyX = await generateSigningKey('ES256', { kid: 'x' });
    const keyY = await generateSigningKey('ES256', { kid: 'y' });
    const clock = { t: 1_750_000_000_000 };
    // Room for 150 marks: without a per-client bound, X alone would fill it and Y would get 503.
    const store = memoryStore({ now: () => clock.t, limits: { replay: 150 } });
    const { as } = setup({
      now: () => clock.t, store,
      clients: [{ client_id: 'svc-y', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [keyY.publicJwk] }, grant_types: ['client_credentials'] }],
    });
    const x = await register(as, { token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [keyX.publicJwk] } });
    const assertion = async (cid: string, key: JwtKey): Promise<Record<string, string>> => {
      const now = Math.floor(clock.t / 1000);
      return { client_assertion_type: ASSERTION, client_assertion: await signJwt({ iss: cid, sub: cid, aud: ISSUER, jti: crypto.randomUUID(), iat: now, exp: now + 60 }, key) };
    };
    // X's grant is bogus: an authenticated request ends in invalid_grant, a refused one in invalid_client.
    const fromX = async (): Promise<Response> => token(as, { grant_type: 'refresh_token', refresh_token: 'bogus', ...(await assertion(x.client_id, keyX.privateKey)) });
    const fromY = async (): Promise<Response> => token(as, { grant_type: 'client_credentials', ...(await assertion('svc-y', keyY.privateKey)) });

    const outcomes: string[] = [];
    for (let i = 0; i < 160; i++) outcomes.push(String((await body(await fromX()))['error']));
    expect(outcomes.slice(0, 100).every((e) => e === 'invalid_grant')).toBe(true);
    expect(outcomes.slice(100).every((e) => e === 'invalid_client')).toBe(true);
    const refused = await fromX();
    expect(refused.status).toBe(401);
    expect(await body(refused)).toEqual({ error: 'invalid_client', error_description: 'too many live client assertions' });
    expect(store.stats().replay).toBe(100);

    // Y is unaffected while X is at its bound
    for (let i = 0; i < 20; i++) expect((await fromY()).status).toBe(200);
    // a replay of one of Y's assertions is still refused as a replay
    const a = await assertion('svc-y', keyY.privateKey);
    expect((await token(as, { grant_type: 'client_credentials', ...a })).status).toBe(200);
    expect(await body(await token(as, { grant_type: 'client_credentials', ...a }))).toEqual({ error: 'invalid_client', error_description: 'client assertion replayed' });

    // X's marks expire with its assertions (exp + 30 s): it authenticates again
    clock.t += 91_000;
    expect((await body(await fromX()))['error']).toBe('invalid_grant');
  });

  it('A81 (assertion jti flood): limits.assertionsPerClient sets the bound; it must be a positive integer', async () => {
    const key = await generateSigningKey('ES256', { kid: 'k' });
    const { as, clock } = setup({
      limits: { assertionsPerClient: 2 },
      clients: [{ client_id: 'svc', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [key.publicJwk] }, grant_types: ['client_credentials'] }],
    });
    const now = Math.floor(clock.t / 1000);
    const send = async (): Promise<number> =>
      (await token(as, { grant_type: 'client_credentials', client_assertion_type: ASSERTION, client_assertion: await signJwt({ iss: 'svc', sub: 'svc', aud: ISSUER, jti: crypto.randomUUID(), iat: now, exp: now + 60 }, key.privateKey) })).status;
    expect([await send(), await send(), await send()]).toEqual([200, 200, 401]);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => setup({ limits: { assertionsPerClient: bad } })).toThrow(RangeError);
  });
});
