import { describe, expect, it } from 'vitest';
import { ClientFlowError, createMcpOAuthClient, discoverAuthorizationServer } from '@mcp-oauth/client-flow';
import { DEVICE_CODE_GRANT_TYPE, deviceGrant, pollDeviceToken, requestDeviceAuthorization, type DeviceCodePrompt } from '@mcp-oauth/client-flow/device';
import { DEVICE, cookiesRoundTrip, deviceWorld } from './device-world';

const ISSUER = 'https://as.example.com';
const MCP = 'https://mcp.example.com/mcp';
const withCookies = it.skipIf(!cookiesRoundTrip);
const cli = { client_id: 'cli', token_endpoint_auth_method: 'none' as const };

async function codeOf(p: Promise<unknown>): Promise<[string, string | undefined]> {
  try { await p; } catch (e) { if (e instanceof ClientFlowError) return [e.code, e.oauthError]; throw e; }
  return ['resolved', undefined];
}

describe('device authorization grant, client side (C-DEV-1)', () => {
  it('C-DEV-1: the grant type constant is RFC 8628 §3.4', () => {
    expect(DEVICE_CODE_GRANT_TYPE).toBe(DEVICE);
  });

  withCookies('C-DEV-1: end to end against server-flow: the hook shows the URI and user code (never the device code), polls at interval, tokens stored and refreshed', async () => {
    const w = deviceWorld(ISSUER, MCP, { tokens: { accessTokenTtl: 300 } });
    const prompts: DeviceCodePrompt[] = [];
    const sleeps: number[] = [];
    const c = createMcpOAuthClient({
      serverUrl: MCP, fetch: w.fetch, now: () => w.clock.t,
      registration: { preRegistered: { ...cli, issuer: ISSUER } },
      grant: deviceGrant({
        onDeviceCode: (p) => { prompts.push(p); },
        sleep: async (ms) => {
          sleeps.push(ms);
          w.clock.t += ms;
          if (sleeps.length === 2) expect(await w.user(prompts[0]!.verificationUriComplete!, prompts[0]!.userCode)).toBe(200);
        },
      }),
    });
    const res = await c.fetch(MCP);
    expect(await res.text()).toBe('ok:alice');
    expect(prompts).toHaveLength(1);
    expect(Object.keys(prompts[0]!).sort()).toEqual(['expiresIn', 'userCode', 'verificationUri', 'verificationUriComplete']);
    expect(prompts[0]!.verificationUri).toBe(`${ISSUER}/device`);
    expect(sleeps).toEqual([5000, 5000]);
    const polls = w.log.filter((l) => l.includes('grant_type=urn'));
    expect(polls).toHaveLength(2);
    // resource (RFC 8707) on the device authorization request and on every poll
    const start = w.log.find((l) => l.startsWith('POST /device_authorization'))!;
    expect(new URLSearchParams(start.split(' ')[2]).get('resource')).toBe(MCP);
    for (const p of polls) expect(new URLSearchParams(p.split(' ')[2]).get('resource')).toBe(MCP);
    const first = await c.tokens();
    expect(first?.refresh_token).toBeTypeOf('string');
    w.clock.t += 290_000; // inside the 60 s refresh leeway
    const second = await c.tokens();
    expect(second?.access_token).not.toBe(first?.access_token);
    expect(w.log.some((l) => l.includes('grant_type=refresh_token'))).toBe(true);
  });

  withCookies('C-DEV-1: A-ANON-1: a self-registered client lists the device grant at registration and gets tokens the same way', async () => {
    const w = deviceWorld(ISSUER, MCP);
    const prompts: DeviceCodePrompt[] = [];
    const c = createMcpOAuthClient({
      serverUrl: MCP, fetch: w.fetch, now: () => w.clock.t,
      registration: { grantTypes: ['authorization_code', DEVICE_CODE_GRANT_TYPE, 'refresh_token'], redirectUris: ['http://127.0.0.1:53682/cb'] },
      grant: deviceGrant({ onDeviceCode: (p) => { prompts.push(p); }, sleep: async (ms) => { w.clock.t += ms; await w.user(prompts[0]!.verificationUri, prompts[0]!.userCode); } }),
    });
    expect(await (await c.fetch(MCP)).text()).toBe('ok:alice');
    const reg = w.log.find((l) => l.startsWith('POST /register'))!;
    expect(JSON.parse(reg.slice('POST /register '.length)).grant_types).toContain(DEVICE);
  });

  withCookies('C-DEV-1: RFC 8628 §3.5: slow_down adds 5 s to the interval, every time', async () => {
    const w = deviceWorld(ISSUER, MCP);
    const as = await discoverAuthorizationServer(ISSUER, { fetch: w.fetch });
    const d = await requestDeviceAuthorization(as, { client: cli, fetch: w.fetch, resource: MCP });
    const sleeps: number[] = [];
    const tokens = await pollDeviceToken(as, {
      client: cli, fetch: w.fetch, now: () => w.clock.t, resource: MCP, deviceAuthorization: { ...d, interval: 2 },
      sleep: async (ms) => { sleeps.push(ms); w.clock.t += ms; if (sleeps.length === 4) await w.user(d.verificationUri, d.userCode); },
    });
    expect(tokens.access_token).toBeTypeOf('string');
    expect(sleeps).toEqual([2000, 2000, 7000, 12000]);
    expect(w.log.filter((l) => l.includes('grant_type=urn'))).toHaveLength(4);
  });

  withCookies('C-DEV-1: RFC 8628 §3.5: access_denied is AuthorizationDenied and polling stops', async () => {
    const w = deviceWorld(ISSUER, MCP);
    const as = await discoverAuthorizationServer(ISSUER, { fetch: w.fetch });
    const d = await requestDeviceAuthorization(as, { client: cli, fetch: w.fetch });
    let n = 0;
    const r = await codeOf(pollDeviceToken(as, {
      client: cli, fetch: w.fetch, now: () => w.clock.t, deviceAuthorization: d,
      sleep: async (ms) => { n++; w.clock.t += ms; if (n === 1) await w.user(d.verificationUri, d.userCode, 'deny'); },
    }));
    expect(r).toEqual(['AuthorizationDenied', 'access_denied']);
    expect(n).toBe(1);
  });

  it('C-DEV-1: RFC 8628 §3.5: the client stops at expires_in (DeviceCodeExpired), and expired_token is DeviceCodeExpired too', async () => {
    const w = deviceWorld(ISSUER, MCP, { deviceAuthorization: { expiresIn: 30 } });
    const as = await discoverAuthorizationServer(ISSUER, { fetch: w.fetch });
    const d = await requestDeviceAuthorization(as, { client: cli, fetch: w.fetch });
    let n = 0;
    const local = await codeOf(pollDeviceToken(as, { client: cli, fetch: w.fetch, now: () => w.clock.t, deviceAuthorization: d, sleep: async (ms) => { n++; w.clock.t += ms; } }));
    expect(local).toEqual(['DeviceCodeExpired', undefined]);
    expect(n).toBe(6); // 6 × 5 s = expires_in: no poll after it
    expect(w.log.filter((l) => l.includes('grant_type=urn'))).toHaveLength(5);
    // a client whose clock runs late hears expired_token from the server
    const late = await codeOf(pollDeviceToken(as, { client: cli, fetch: w.fetch, now: () => w.clock.t - 60_000, deviceAuthorization: d, sleep: async () => {} }));
    expect(late).toEqual(['DeviceCodeExpired', 'expired_token']);
  });

  it('C-DEV-1: a huge interval or expires_in is bounded: no wait past 30 minutes (setTimeout never overflows into polling without pause)', async () => {
    const as = await discoverAuthorizationServer(ISSUER, { fetch: deviceWorld(ISSUER, MCP).fetch });
    for (const [expiresIn, interval] of [[1e12, 1e9], [1e12, 5], [600, 1e9]] as const) {
      const sleeps: number[] = [];
      let t = 0;
      let sent = 0;
      const r = await codeOf(pollDeviceToken(as, {
        client: cli, now: () => t, sleep: async (ms) => { sleeps.push(ms); t += ms; },
        fetch: async () => { sent++; return Response.json({ error: 'authorization_pending' }, { status: 400 }); },
        deviceAuthorization: { deviceCode: 'dc', userCode: 'UC', verificationUri: 'https://as.example.com/device', expiresIn, interval },
      }));
      expect(r).toEqual(['DeviceCodeExpired', undefined]);
      expect(t).toBe(Math.min(expiresIn, 1800) * 1000);
      for (const ms of sleeps) expect(ms).toBeLessThanOrEqual(Math.min(interval, 1800) * 1000);
      expect(sent).toBe(Math.max(0, sleeps.length - 1));
    }
  });

  it('C-DEV-1: no device_authorization_endpoint: DeviceFlowUnavailable, nothing sent', async () => {
    const w = deviceWorld(ISSUER, MCP, { deviceAuthorization: false });
    const as = await discoverAuthorizationServer(ISSUER, { fetch: w.fetch });
    const before = w.log.length;
    expect(await codeOf(requestDeviceAuthorization(as, { client: cli, fetch: w.fetch }))).toEqual(['DeviceFlowUnavailable', undefined]);
    expect(w.log.length).toBe(before);
    const c = createMcpOAuthClient({ serverUrl: MCP, fetch: w.fetch, registration: { preRegistered: { ...cli, issuer: ISSUER } }, grant: deviceGrant({ onDeviceCode: () => {} }) });
    expect(await codeOf(c.authorize())).toEqual(['DeviceFlowUnavailable', undefined]);
  });

  it('C-DEV-1: a refused device authorization request is AuthorizationDenied with the server code', async () => {
    const w = deviceWorld(ISSUER, MCP);
    const as = await discoverAuthorizationServer(ISSUER, { fetch: w.fetch });
    const r = await codeOf(requestDeviceAuthorization(as, { client: cli, fetch: w.fetch, resource: 'https://elsewhere.example/mcp' }));
    expect(r).toEqual(['AuthorizationDenied', 'invalid_target']);
  });

  it('C-DEV-1: a verification_uri that is not https is refused (InsecureUrl), and a malformed answer is InvalidResponse', async () => {
    const as = { issuer: ISSUER, token_endpoint: `${ISSUER}/token`, device_authorization_endpoint: `${ISSUER}/device_authorization` };
    const answer = (body: unknown) => async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    const good = { device_code: 'd', user_code: 'BCDF-GHJK', verification_uri: `${ISSUER}/device`, expires_in: 600 };
    expect((await requestDeviceAuthorization(as, { client: cli, fetch: answer(good) })).interval).toBe(5);
    expect(await codeOf(requestDeviceAuthorization(as, { client: cli, fetch: answer({ ...good, verification_uri: 'http://evil.example/device' }) }))).toEqual(['InsecureUrl', undefined]);
    expect(await codeOf(requestDeviceAuthorization(as, { client: cli, fetch: answer({ ...good, verification_uri_complete: 'javascript:alert(1)' }) }))).toEqual(['InsecureUrl', undefined]);
    expect(await codeOf(requestDeviceAuthorization(as, { client: cli, fetch: answer({ ...good, expires_in: 0 }) }))).toEqual(['InvalidResponse', undefined]);
    expect(await codeOf(requestDeviceAuthorization(as, { client: cli, fetch: answer({ ...good, device_code: 7 }) }))).toEqual(['InvalidResponse', undefined]);
  });

  it('C-DEV-1: no error message carries the device code or the user code', async () => {
    const w = deviceWorld(ISSUER, MCP, { deviceAuthorization: { expiresIn: 10 } });
    const as = await discoverAuthorizationServer(ISSUER, { fetch: w.fetch });
    const d = await requestDeviceAuthorization(as, { client: cli, fetch: w.fetch });
    const err = await pollDeviceToken(as, { client: cli, fetch: w.fetch, now: () => w.clock.t - 60_000, deviceAuthorization: d, sleep: async () => { w.clock.t += 20_000; } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientFlowError);
    const text = `${String((err as Error).message)} ${JSON.stringify(err)} ${String((err as Error).stack)}`;
    expect(text).not.toContain(d.deviceCode);
    expect(text).not.toContain(d.userCode);
  });

  it('C-DEV-1: deviceGrant needs onDeviceCode', () => {
    expect(() => deviceGrant({} as never)).toThrow(TypeError);
  });
});
