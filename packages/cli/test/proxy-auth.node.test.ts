// `mcp-oauth proxy` authentication (issue #15): createProxyAuth against the demo's server-flow AS and
// MCP server on 127.0.0.1 — token reuse across runs and with `login`, --header, the stable callback
// port, hostile metadata and callbacks, step-up, mcp-remote import.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFlowError } from '@mcp-oauth/client-flow';
import { login, startDemoServers, type DemoServers } from '@mcp-oauth/cli';
import { createProxyAuth, type ProxyAuthOptions } from '../src/internal/proxy-auth';
import { browserAvailable, printable, stablePorts } from '../src/internal/proxy-auth-env';

const rpc = (method: string, params: Record<string, unknown> = {}): RequestInit => ({
  method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
});

/** A "browser" that follows the auto-approving AS's redirect to the loopback receiver; records what it opened. */
function browser(opened: URL[]): (url: URL) => Promise<boolean> {
  return async (url) => {
    opened.push(url);
    const res = await fetch(url, { redirect: 'manual' });
    await res.body?.cancel();
    await (await fetch(new URL(res.headers.get('location')!, url))).text();
    return true;
  };
}

const listen = (port: number): Promise<Server> => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(port, '127.0.0.1', () => resolve(s));
});
const closeServer = (s: Server): Promise<void> => new Promise((r) => s.close(() => r()));

describe('createProxyAuth (mcp-oauth proxy, issue #15)', () => {
  let demo: DemoServers;
  let dir: string;
  const asRequests: { method: string; path: string; body: string }[] = [];
  let tamper: ((req: Request, res: Response) => Promise<Response>) | undefined;
  beforeAll(async () => {
    demo = await startDemoServers({
      wrapAuthorizationServer: (h) => async (req, ctx) => {
        asRequests.push({ method: req.method, path: new URL(req.url).pathname, body: await req.clone().text() });
        const res = await h(req, ctx);
        return tamper ? tamper(req, res) : res;
      },
    });
    dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-proxy-auth-'));
  });
  afterAll(async () => {
    await demo.close();
    await rm(dir, { recursive: true, force: true });
  });
  const options = (name: string, opened: URL[], extra: Partial<ProxyAuthOptions> = {}): ProxyAuthOptions => ({
    url: new URL(demo.mcpUrl), storeDir: join(dir, name), print: () => {}, browser: true, open: browser(opened), importMcpRemote: false, ...extra,
  });

  it('C-TOK-4: signs in once; run 2 (a new proxy on the same folder) reuses the stored tokens and never opens a browser', async () => {
    const opened: URL[] = [];
    const lines: string[] = [];
    const first = createProxyAuth(options('reuse', opened, { print: (l) => lines.push(l) }));
    expect((await first.fetch(demo.mcpUrl, rpc('tools/list'))).status).toBe(200);
    await first.close();
    expect(opened).toHaveLength(1);
    expect(lines.join('\n')).toContain(opened[0]!.href); // the URL is always printed too
    const store = join(dir, 'reuse');
    expect((await stat(store)).mode & 0o777).toBe(0o700);
    const [file] = (await readdir(store)).filter((f) => f.endsWith('.json') && !f.startsWith('server-'));
    expect((await stat(join(store, file!))).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(join(store, file!), 'utf8')) as { tokens: { access_token: string; refresh_token: string } };
    for (const l of lines) expect(l.includes(saved.tokens.access_token) || l.includes(saved.tokens.refresh_token)).toBe(false);

    const never: URL[] = [];
    const second = createProxyAuth(options('reuse', never, { open: async (u) => { never.push(u); throw new Error('must not open'); } }));
    const res = await second.fetch(demo.mcpUrl, rpc('tools/list'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThan(0);
    expect(never).toHaveLength(0);
    await second.close();
  });

  it('C-TOK-4: `mcp-oauth login URL` then the proxy for URL reuse one record in the default folder ($XDG_CONFIG_HOME/mcp-oauth/tokens)', async () => {
    const saved = { xdg: process.env['XDG_CONFIG_HOME'], store: process.env['MCP_OAUTH_STORE_DIR'] };
    const config = join(dir, 'xdg');
    process.env['XDG_CONFIG_HOME'] = config;
    delete process.env['MCP_OAUTH_STORE_DIR'];
    try {
      const r = await login(demo.mcpUrl, { headlessAuthorize: true, print: () => {} });
      expect(r.file.startsWith(join(config, 'mcp-oauth', 'tokens'))).toBe(true);
      const opened: URL[] = [];
      const { storeDir: _, ...rest } = options('unused', opened);
      const proxy = createProxyAuth(rest);
      expect((await proxy.fetch(demo.mcpUrl, rpc('tools/list'))).status).toBe(200);
      expect(opened).toHaveLength(0);
      await proxy.close();
    } finally {
      if (saved.xdg === undefined) delete process.env['XDG_CONFIG_HOME']; else process.env['XDG_CONFIG_HOME'] = saved.xdg;
      if (saved.store !== undefined) process.env['MCP_OAUTH_STORE_DIR'] = saved.store;
    }
  });

  it('--header: the headers are sent and OAuth is never attempted (a 401 is passed back, no discovery, no browser)', async () => {
    const before = asRequests.length;
    const opened: URL[] = [];
    const seen: Headers[] = [];
    const proxy = createProxyAuth(options('header', opened, {
      headers: [['X-Api-Key', 'k1'], ['Authorization', 'Bearer not-a-token']],
      fetch: async (i, init) => { const r = new Request(i, init); seen.push(r.headers); return fetch(r); },
    }));
    const res = await proxy.fetch(demo.mcpUrl, rpc('tools/list'));
    expect(res.status).toBe(401);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.get('x-api-key')).toBe('k1');
    expect(seen[0]!.get('authorization')).toBe('Bearer not-a-token');
    expect(asRequests.length).toBe(before);
    expect(opened).toHaveLength(0);
    await expect(readdir(join(dir, 'header'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('RFC 8252 §7.3: the callback port is derived from the server URL, DCR registers both derived ports, and a busy port falls back (with a warning only past both)', async () => {
    const url = new URL(demo.mcpUrl);
    const [p1, p2] = stablePorts(url);
    expect(stablePorts(url)).toEqual([p1, p2]);
    expect(p1).not.toBe(p2);
    for (const p of [p1, p2]) expect(p >= 20000 && p <= 32767).toBe(true); // below the OS ephemeral ranges
    expect(stablePorts(new URL(`${demo.mcpUrl}2`))).not.toEqual([p1, p2]);

    const redirect = (u: URL): string => u.searchParams.get('redirect_uri')!;
    const opened: URL[] = [];
    const a = createProxyAuth(options('ports', opened));
    expect((await a.fetch(demo.mcpUrl, rpc('tools/list'))).status).toBe(200);
    expect(redirect(opened[0]!)).toBe(`http://127.0.0.1:${p1}/callback`);
    const reg = asRequests.filter((r) => r.path === '/register').at(-1)!;
    expect((JSON.parse(reg.body) as { redirect_uris: string[] }).redirect_uris).toEqual([`http://127.0.0.1:${p1}/callback`, `http://127.0.0.1:${p2}/callback`]);

    const busy1 = await listen(p1);
    const lines: string[] = [];
    try {
      const b = createProxyAuth(options('ports-b', opened, { print: (l) => lines.push(l) }));
      expect((await b.fetch(demo.mcpUrl, rpc('tools/list'))).status).toBe(200);
      expect(redirect(opened[1]!)).toBe(`http://127.0.0.1:${p2}/callback`);
      expect(lines.join('\n')).not.toContain('RFC 8252');
      const busy2 = await listen(p2);
      try {
        const c = createProxyAuth(options('ports-c', opened, { print: (l) => lines.push(l) }));
        expect((await c.fetch(demo.mcpUrl, rpc('tools/list'))).status).toBe(200); // server-flow accepts any loopback port
        expect(redirect(opened[2]!)).not.toMatch(new RegExp(`:(${p1}|${p2})/`));
        expect(lines.join('\n')).toContain('RFC 8252');
        // a fixed --port has no fallback: the coded PortInUse
        const d = createProxyAuth(options('ports-d', opened, { port: p1 }));
        await expect(d.fetch(demo.mcpUrl, rpc('tools/list'))).rejects.toMatchObject({ code: 'PortInUse' });
      } finally {
        await closeServer(busy2);
      }
    } finally {
      await closeServer(busy1);
    }
  });

  it('RFC 8252 §7.3: a registration made by `login` on a fixed port keeps its port: the proxy\'s step-up comes back to it, not to a derived port', async () => {
    const busy = await listen(0);
    const loginPort = (busy.address() as AddressInfo).port;
    await closeServer(busy);
    const store = join(dir, 'login-port');
    await login(demo.mcpUrl, { storeDir: store, port: loginPort, headlessAuthorize: true, print: () => {} });
    const opened: URL[] = [];
    const lines: string[] = [];
    const proxy = createProxyAuth(options('login-port', opened, { print: (l) => lines.push(l) }));
    expect((await proxy.fetch(demo.mcpUrl, rpc('tools/call', { name: 'add_note', arguments: { text: 'x' } }))).status).toBe(200);
    expect(opened).toHaveLength(1); // the step-up
    expect(opened[0]!.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${loginPort}/callback`);
    expect(lines.join('\n')).not.toContain('RFC 8252');
    await proxy.close();
  });

  it('C-TOK-1: concurrent requests share one sign-in; a 403 insufficient_scope steps up with the union of scopes (C-TOK-3)', async () => {
    const opened: URL[] = [];
    const proxy = createProxyAuth(options('step-up', opened));
    const all = await Promise.all([1, 2, 3].map(() => proxy.fetch(demo.mcpUrl, rpc('tools/list'))));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(opened).toHaveLength(1);
    const res = await proxy.fetch(demo.mcpUrl, rpc('tools/call', { name: 'add_note', arguments: { text: 'hi' } }));
    expect(res.status).toBe(200);
    expect(opened).toHaveLength(2);
    expect(opened[1]!.searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['mcp:tools:read', 'mcp:tools:write']));
    await proxy.close();
  });

  it('C-AUTH-5: --scope is asked for at the first sign-in, with the challenge scope', async () => {
    const opened: URL[] = [];
    const proxy = createProxyAuth(options('scope', opened, { scope: 'mcp:tools:write' }));
    expect((await proxy.fetch(demo.mcpUrl, rpc('tools/call', { name: 'add_note', arguments: { text: 'x' } }))).status).toBe(200);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.searchParams.get('scope')!.split(' ').sort()).toEqual(['mcp:tools:read', 'mcp:tools:write']);
  });

  it('C-AUTH-6: an opener that fails or refuses the URL leaves the printed URL to the user; the sign-in completes from it', async () => {
    const lines: string[] = [];
    let calls = 0;
    const proxy = createProxyAuth(options('opener-throws', [], { print: (l) => lines.push(l), open: async () => { calls++; throw new TypeError('refused'); } }));
    const pending = proxy.fetch(demo.mcpUrl, rpc('tools/list'));
    while (!lines.some((l) => l.startsWith('Waiting'))) await new Promise((r) => setTimeout(r, 5));
    const printed = new URL(lines.find((l) => l.includes('/authorize?'))!.trim());
    await browser([])(printed); // the user opens the printed URL
    expect((await pending).status).toBe(200);
    expect(calls).toBe(1);
    await proxy.close();
  });

  it('A89: headlessAuthorize (MCP_OAUTH_CLI_HEADLESS_AUTHORIZE=1) follows the redirect without a browser; against a server that shows a page it fails at once with AuthorizationFailed', async () => {
    const opened: URL[] = [];
    const proxy = createProxyAuth(options('headless', opened, { headlessAuthorize: true }));
    expect((await proxy.fetch(demo.mcpUrl, rpc('tools/list'))).status).toBe(200);
    expect(opened).toHaveLength(0);
    const withPage = await startDemoServers({ interactive: true });
    try {
      const p = createProxyAuth({ ...options('headless-page', opened, { headlessAuthorize: true }), url: new URL(withPage.mcpUrl) });
      await expect(p.fetch(withPage.mcpUrl, rpc('tools/list'))).rejects.toMatchObject({ code: 'AuthorizationFailed' });
      expect(opened).toHaveLength(0);
    } finally {
      await withPage.close();
    }
  });

  it('the caller\'s abort signal ends its request during a sign-in; close() ends the sign-in', async () => {
    let opened = 0;
    const proxy = createProxyAuth(options('abort', [], { open: async () => { opened++; return true; } })); // a browser that never comes back
    const ac = new AbortController();
    const pending = proxy.fetch(demo.mcpUrl, { ...rpc('tools/list'), signal: ac.signal });
    while (opened === 0) await new Promise((r) => setTimeout(r, 10));
    ac.abort(new Error('host went away'));
    await expect(pending).rejects.toThrow('host went away');
    const other = proxy.fetch(demo.mcpUrl, rpc('tools/list')); // waits on the same sign-in
    await proxy.close();
    await expect(other).rejects.toMatchObject({ code: 'ReceiverClosed' });
    await expect(proxy.fetch(demo.mcpUrl, rpc('tools/list'))).rejects.toBeInstanceOf(TypeError);
  });

  describe('hostile authorization server', () => {
    const hostile = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)',
      'file:///C:/Windows/System32/calc.exe', 'a:$(calc)', 'https://as.example/$(id)', 'http://as.example/authorize', '//as.example/a', 'ms-msdt:/id PCWDiagnostic',
      'https://as.example/a`id`', 'https://as.example/a;id|x'];
    it.each(hostile)('A29: authorization_endpoint %s is refused before anything opens (the opener is never called)', async (endpoint) => {
      tamper = async (req, res) => {
        if (!new URL(req.url).pathname.startsWith('/.well-known/')) return res;
        return Response.json({ ...((await res.json()) as object), authorization_endpoint: endpoint });
      };
      try {
        let opened = 0;
        const lines: string[] = [];
        const proxy = createProxyAuth(options(`a29-${createHash('md5').update(endpoint).digest('hex')}`, [], {
          open: async () => { opened++; return true; }, print: (l) => lines.push(l),
        }));
        const e = await proxy.fetch(demo.mcpUrl, rpc('tools/list')).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(ClientFlowError);
        expect((e as ClientFlowError).code).toBe('InsecureUrl');
        expect(opened).toBe(0);
        expect(lines.join('\n')).not.toContain(endpoint);
      } finally {
        tamper = undefined;
      }
    });

    it('A25: an error callback with HTML in error_description and a javascript: error_uri is shown inert, and the sign-in fails with AuthorizationDenied', async () => {
      const pages: { status: number; type: string | null; csp: string | null; nosniff: string | null; body: string }[] = [];
      const proxy = createProxyAuth(options('a25', [], {
        open: async (url) => {
          const back = new URL(url.searchParams.get('redirect_uri')!);
          back.searchParams.set('state', url.searchParams.get('state')!);
          back.searchParams.set('iss', demo.issuer);
          back.searchParams.set('error', '<img src=x onerror=alert(1)>');
          back.searchParams.set('error_description', '<script>alert(1)</script>');
          back.searchParams.set('error_uri', 'javascript:alert(1)');
          const r = await fetch(back);
          pages.push({ status: r.status, type: r.headers.get('content-type'), csp: r.headers.get('content-security-policy'), nosniff: r.headers.get('x-content-type-options'), body: await r.text() });
          return true;
        },
      }));
      await expect(proxy.fetch(demo.mcpUrl, rpc('tools/list'))).rejects.toMatchObject({ code: 'AuthorizationDenied' });
      expect(pages).toHaveLength(1);
      const page = pages[0]!;
      expect(page.body).not.toMatch(/<script|<img|javascript:|onerror/i);
      expect(page.csp).toContain("default-src 'none'");
      expect(page.nosniff).toBe('nosniff');
    });
  });

  describe('mcp-remote tokens', () => {
    /** Writes mcp-remote's files for the demo server, recording `issuer`, with tokens from a fresh login. */
    async function mcpRemote(name: string, issuer: string): Promise<{ home: string; access: string; refresh: string; clientId: string }> {
      const r = await login(demo.mcpUrl, { storeDir: join(dir, `${name}-src`), headlessAuthorize: true, print: () => {} });
      const rec = JSON.parse(await readFile(r.file, 'utf8')) as { tokens: { access_token: string; refresh_token: string; scope: string }; client: { client_id: string } };
      const home = join(dir, `${name}-mcp-auth`);
      const sub = join(home, 'mcp-remote-0.1.37');
      await mkdir(sub, { recursive: true });
      const hash = createHash('md5').update(demo.mcpUrl).digest('hex');
      await writeFile(join(sub, `${hash}_tokens.json`), JSON.stringify({ access_token: rec.tokens.access_token, refresh_token: rec.tokens.refresh_token, token_type: 'Bearer', expires_in: 3600, scope: rec.tokens.scope, issuer }));
      await writeFile(join(sub, `${hash}_client_info.json`), JSON.stringify({ client_id: rec.client.client_id, issuer }));
      return { home, access: rec.tokens.access_token, refresh: rec.tokens.refresh_token, clientId: rec.client.client_id };
    }

    it('C-TOK-4: mcp-remote\'s stored tokens for this server and issuer are used: no sign-in', async () => {
      const m = await mcpRemote('mr-same', demo.issuer);
      const opened: URL[] = [];
      const seen: string[] = [];
      const proxy = createProxyAuth(options('mr-same', opened, {
        importMcpRemote: m.home, fetch: async (i, init) => { const r = new Request(i, init); seen.push(r.headers.get('authorization') ?? ''); return fetch(r); },
      }));
      expect((await proxy.fetch(demo.mcpUrl, rpc('tools/list'))).status).toBe(200);
      expect(opened).toHaveLength(0);
      expect(seen).toContain(`Bearer ${m.access}`);
    });

    it('A87: mcp-remote files recording another issuer are not imported: the user signs in, and nothing of them reaches the AS or the server', async () => {
      const m = await mcpRemote('mr-other', 'https://other-as.example.com');
      const opened: URL[] = [];
      const seen: string[] = [];
      const before = asRequests.length;
      const proxy = createProxyAuth(options('mr-other', opened, {
        importMcpRemote: m.home, fetch: async (i, init) => { const r = new Request(i, init); seen.push(`${r.headers.get('authorization')} ${await r.clone().text()}`); return fetch(r); },
      }));
      expect((await proxy.fetch(demo.mcpUrl, rpc('tools/list'))).status).toBe(200);
      expect(opened).toHaveLength(1);
      for (const x of [...seen, ...asRequests.slice(before).map((r) => r.body)]) {
        expect(x).not.toContain(m.access);
        expect(x).not.toContain(m.refresh);
      }
    });
  });

  it('browser detection: a graphical session (DISPLAY, WAYLAND_DISPLAY), macOS or Windows; never with BROWSER=none', () => {
    expect(browserAvailable({}, 'linux')).toBe(false);
    expect(browserAvailable({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(browserAvailable({ WAYLAND_DISPLAY: 'wayland-0' }, 'freebsd')).toBe(true);
    expect(browserAvailable({}, 'darwin')).toBe(true);
    expect(browserAvailable({}, 'win32')).toBe(true);
    expect(browserAvailable({ BROWSER: 'none', DISPLAY: ':0' }, 'linux')).toBe(false);
  });

  it('printable: server text in a terminal line has no control characters and a bounded length', () => {
    expect(printable('ABCD-EFGH')).toBe('ABCD-EFGH');
    expect(printable('\u001b]8;;https://evil.example\u0007X\n\u202e')).toBe('\\u001b]8;;https://evil.example\\u0007X\\u000a\\u202e');
    expect(printable('x'.repeat(5000), 64)).toHaveLength(67);
  });
});
