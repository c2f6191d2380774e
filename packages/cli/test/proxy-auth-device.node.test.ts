// C-DEV-1 through the proxy's sign-in: the device authorization grant against server-flow (in
// process, on a test clock), chosen with --device, when no browser is found, or when the opener
// fails; and the client-side attack cases: hostile verification URIs and user codes, huge
// interval / expires_in, slow_down.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '@mcp-oauth/client-flow';
import type { AuthorizationServerOptions } from '@mcp-oauth/server-flow';
import { deviceWorld, DEVICE, type DeviceWorld } from '../../client-flow/test/device-world';
import { createProxyAuth, type ProxyAuthOptions } from '../src/internal/proxy-auth';
import { MAX_DEVICE_WAIT_S, MAX_POLL_INTERVAL_S } from '../src/internal/proxy-auth-sign-in';

const ISSUER = 'https://as.example.com';
const MCP = 'https://mcp.example.com/mcp';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-proxy-device-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

interface Run {
  world: DeviceWorld;
  lines: string[];
  sleeps: number[];
  opened: URL[];
  requests: { path: string; body: string }[];
  options: ProxyAuthOptions;
}

/**
 * A proxy on a fresh token folder against a device world; `tamper` may rewrite any answer. The
 * "user" reads the prompt the proxy printed and approves (or `approve: false`: never shows up).
 */
function setup(name: string, o: {
  intercept?: (path: string, body: string) => Response | undefined;
  tamper?: (path: string, body: string, res: Response) => Response | Promise<Response>; approve?: boolean; world?: Partial<AuthorizationServerOptions>; extra?: Partial<ProxyAuthOptions> } = {}): Run {
  const world = deviceWorld(ISSUER, MCP, o.world);
  const lines: string[] = [];
  const sleeps: number[] = [];
  const opened: URL[] = [];
  const requests: { path: string; body: string }[] = [];
  let approval: Promise<unknown> | undefined;
  const fetch: FetchLike = async (input, init) => {
    const req = new Request(input, init);
    const path = new URL(req.url).pathname;
    const body = req.method === 'POST' ? await req.clone().text() : '';
    requests.push({ path, body });
    const answer = o.intercept?.(path, body);
    if (answer) return answer;
    const res = await world.fetch(req);
    return o.tamper ? o.tamper(path, body, res) : res;
  };
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    if (o.approve !== false && !approval) {
      const at = lines.findIndex((l) => l.startsWith('To sign in, open this page'));
      const uri = lines[at + 1]!.trim();
      const code = lines[at + 2]!.replace('and enter the code: ', '');
      approval = world.user(uri, code);
      expect(await approval).toBe(200);
    }
    world.clock.t += ms;
  };
  const options: ProxyAuthOptions = {
    url: new URL(MCP), storeDir: join(dir, name), print: (l) => lines.push(l), fetch, sleep, now: () => world.clock.t,
    importMcpRemote: false, device: true, browser: true, open: async (u) => { opened.push(u); return true; }, ...o.extra,
  };
  return { world, lines, sleeps, opened, requests, options };
}

describe('C-DEV-1: the proxy signs in with the device grant', () => {
  it('C-DEV-1: --device: DCR registers the device grant, the prompt shows verification_uri and user_code, polling at interval yields stored tokens; no browser, no callback port', async () => {
    const r = setup('e2e');
    const proxy = createProxyAuth(r.options);
    const res = await proxy.fetch(MCP);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok:alice');
    expect(r.opened).toHaveLength(0);
    const reg = JSON.parse(r.requests.find((q) => q.path === '/register')!.body) as { grant_types: string[] };
    expect(reg.grant_types).toEqual(expect.arrayContaining(['authorization_code', DEVICE, 'refresh_token']));
    expect(r.requests.some((q) => q.path === '/authorize')).toBe(false);
    expect(r.lines.join('\n')).toMatch(/enter the code: [A-Z]{4}-[A-Z]{4}/);
    expect(r.lines.join('\n')).toContain(`${ISSUER}/device`);
    expect(r.sleeps[0]).toBe(5000); // server-flow's interval
    // the device code (a secret) is never printed
    const device = r.requests.find((q) => q.path === '/token' && q.body.includes('device_code='))!;
    const code = new URLSearchParams(device.body).get('device_code')!;
    expect(r.lines.join('\n')).not.toContain(code);
    // stored like any sign-in: a new proxy on the folder reuses the tokens without a prompt
    const store = join(dir, 'e2e');
    const [file] = (await readdir(store)).filter((f) => f.endsWith('.json') && !f.startsWith('server-'));
    expect((await stat(join(store, file!))).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(join(store, file!), 'utf8')) as { tokens: { refresh_token?: string } };
    expect(saved.tokens.refresh_token).toBeTruthy();
    const again = setup('e2e', { approve: false });
    const second = createProxyAuth({ ...again.options, fetch: r.options.fetch!, now: () => r.world.clock.t });
    expect((await second.fetch(MCP)).status).toBe(200);
    expect(again.lines).toHaveLength(0);
    await proxy.close();
  });

  it('C-DEV-1: no browser found (no DISPLAY/WAYLAND_DISPLAY) selects the device grant without --device', async () => {
    const r = setup('no-browser', { extra: { device: false, browser: false } });
    expect((await createProxyAuth(r.options).fetch(MCP)).status).toBe(200);
    expect(r.opened).toHaveLength(0);
    expect(r.lines.join('\n')).toContain('enter the code');
  });

  it('C-DEV-1: when the opener fails the sign-in switches to the device grant (the URL was printed first)', async () => {
    const r = setup('opener-failed', { extra: { device: false, browser: true, open: async (u) => { r.opened.push(u); return false; } } });
    expect((await createProxyAuth(r.options).fetch(MCP)).status).toBe(200);
    expect(r.opened).toHaveLength(1);
    const text = r.lines.join('\n');
    expect(text).toContain(r.opened[0]!.href);
    expect(text).toContain('device flow instead');
    expect(text).toContain('enter the code');
  });
});

describe('C-DEV-1: hostile device authorization answers', () => {
  const rewrite = (change: Record<string, unknown>) => async (path: string, _body: string, res: Response): Promise<Response> =>
    path === '/device_authorization' && res.ok ? Response.json({ ...((await res.json()) as object), ...change }) : res;

  it.each([
    ['verification_uri', 'javascript:alert(1)'], ['verification_uri', 'http://evil.example/device'], ['verification_uri', 'https://as.example.com/$(id)'],
    ['verification_uri', 'file:///etc/passwd'], ['verification_uri', 'https://as.example.com/device;rm -rf ~'], ['verification_uri', 'https://as.example.com/device\'"$HOME"'],
    ['verification_uri_complete', 'javascript:alert(1)'],
    ['verification_uri_complete', 'https://as.example.com/d?c=`id`'],
  ])('C-DEV-1: a %s of %s is refused (InsecureUrl), never opened nor printed, and nothing is polled', async (field, value) => {
    const r = setup(`hostile-${field}-${createHash('sha256').update(value).digest('hex').slice(0, 16)}`, { tamper: rewrite({ [field]: value }), approve: false });
    await expect(createProxyAuth(r.options).fetch(MCP)).rejects.toMatchObject({ code: 'InsecureUrl' });
    expect(r.opened).toHaveLength(0);
    expect(r.lines.join('\n')).not.toContain(value);
    expect(r.requests.some((q) => q.body.includes('device_code='))).toBe(false);
  });

  it('C-DEV-1: a user_code with terminal escapes and newlines is printed as inert text on one line', async () => {
    const evil = 'AB\u001b]8;;https://evil.example\u0007CD\nEF\u202e';
    const r = setup('escapes', { tamper: rewrite({ user_code: evil }), approve: false, extra: {} });
    const proxy = createProxyAuth({ ...r.options, sleep: async () => { await proxy.close(); throw new Error('stop'); } });
    await expect(proxy.fetch(MCP)).rejects.toThrow();
    const line = r.lines.find((l) => l.startsWith('and enter the code:'))!;
    expect(line).toBe('and enter the code: AB\\u001b]8;;https://evil.example\\u0007CD\\u000aEF\\u202e');
    for (const l of r.lines) expect(l).not.toMatch(/[\u0000-\u001f\u007f-\uffff]/);
    expect(r.opened).toHaveLength(0);
  });

  it(`C-DEV-1: a huge interval and expires_in are bounded (waits ≤ ${MAX_POLL_INTERVAL_S} s, gives up after ${MAX_DEVICE_WAIT_S} s with DeviceCodeExpired)`, async () => {
    const pending = async (path: string, body: string, res: Response): Promise<Response> => {
      if (path === '/device_authorization' && res.ok) return Response.json({ ...((await res.json()) as object), interval: 1e12, expires_in: 1e15 });
      if (path === '/token' && body.includes('device_code=')) return Response.json({ error: 'authorization_pending' }, { status: 400 });
      return res;
    };
    const r = setup('huge', { tamper: pending, approve: false });
    const start = r.world.clock.t;
    await expect(createProxyAuth(r.options).fetch(MCP)).rejects.toMatchObject({ code: 'DeviceCodeExpired' });
    expect(Math.max(...r.sleeps)).toBe(MAX_POLL_INTERVAL_S * 1000);
    expect(r.world.clock.t - start).toBeLessThanOrEqual((MAX_DEVICE_WAIT_S + MAX_POLL_INTERVAL_S) * 1000);
    expect(r.sleeps.length).toBeLessThanOrEqual(MAX_DEVICE_WAIT_S / MAX_POLL_INTERVAL_S + 1);
    expect(r.lines.join('\n')).toContain(`up to ${MAX_DEVICE_WAIT_S / 60} min`);
  });

  it('C-DEV-1: slow_down backs off by 5 s each time, then the approval completes', async () => {
    let slow = 2;
    const r = setup('slow-down', {
      intercept: (path, body) => path === '/token' && body.includes('device_code=') && slow-- > 0 ? Response.json({ error: 'slow_down' }, { status: 400 }) : undefined,
    });
    expect((await createProxyAuth(r.options).fetch(MCP)).status).toBe(200);
    expect(r.sleeps.slice(0, 3)).toEqual([5000, 10000, 15000]);
  });

  it('C-DEV-1: --device against an AS without device_authorization_endpoint says so and uses the browser flow (URL printed, never opened)', async () => {
    const hide = async (path: string, _b: string, res: Response): Promise<Response> => {
      if (!path.startsWith('/.well-known/oauth-authorization-server')) return res;
      const { device_authorization_endpoint: _, ...rest } = (await res.json()) as Record<string, unknown>;
      return Response.json(rest);
    };
    const r = setup('no-device', { tamper: hide, approve: false });
    const proxy = createProxyAuth(r.options);
    const pending = proxy.fetch(MCP);
    pending.catch(() => {});
    while (!r.lines.some((l) => l.includes('/authorize?'))) await new Promise((res) => setTimeout(res, 5));
    expect(r.lines.join('\n')).toContain('offers no device flow');
    expect(r.opened).toHaveLength(0);
    await proxy.close();
    await expect(pending).rejects.toMatchObject({ code: 'ReceiverClosed' });
  });

  it('C-DEV-1: a client registered without the device grant (unauthorized_client) falls back to the browser flow with the URL printed', async () => {
    const r = setup('web-only', {
      approve: false,
      world: { clients: [{ client_id: 'web-only', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: ['http://127.0.0.1/callback'] }] },
      extra: { clientId: 'web-only' },
    });
    const proxy = createProxyAuth(r.options);
    const pending = proxy.fetch(MCP);
    pending.catch(() => {});
    while (!r.lines.some((l) => l.includes('/authorize?'))) await new Promise((res) => setTimeout(res, 5));
    expect(r.requests.some((q) => q.path === '/device_authorization')).toBe(true);
    expect(r.lines.join('\n')).toContain('not registered for the device flow');
    expect(r.lines.join('\n')).not.toContain('enter the code');
    expect(r.opened).toHaveLength(0); // --device: nothing is opened
    await proxy.close();
    await expect(pending).rejects.toMatchObject({ code: 'ReceiverClosed' });
  });

  it('C-DEV-1: with no browser and a client not registered for the device grant, the device flow is tried once, then the URL is printed and waited on', async () => {
    const r = setup('web-only-no-browser', {
      approve: false,
      world: { clients: [{ client_id: 'web-only', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: ['http://127.0.0.1/callback'] }] },
      extra: { clientId: 'web-only', device: false, browser: false },
    });
    const proxy = createProxyAuth(r.options);
    const pending = proxy.fetch(MCP);
    pending.catch(() => {});
    while (!r.lines.some((l) => l.startsWith('Waiting for the sign-in'))) await new Promise((res) => setTimeout(res, 5));
    expect(r.requests.filter((q) => q.path === '/device_authorization')).toHaveLength(1);
    expect(r.lines.some((l) => l.includes('/authorize?'))).toBe(true);
    expect(r.opened).toHaveLength(0);
    await proxy.close();
    await expect(pending).rejects.toMatchObject({ code: 'ReceiverClosed' });
  });
});
