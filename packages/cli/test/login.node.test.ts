import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, login, logout, runCli, startDemoServers, token, type DemoServers } from '@mcp-oauth/cli';

const headless = { MCP_OAUTH_CLI_HEADLESS_AUTHORIZE: '1' };

async function callMcp(url: string, accessToken: string): Promise<number> {
  const res = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  await res.body?.cancel();
  return res.status;
}

describe('mcp-oauth login, token, logout', () => {
  let demo: DemoServers;
  let dir: string;
  beforeAll(async () => {
    demo = await startDemoServers();
    dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-cli-'));
  });
  afterAll(async () => {
    await demo.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('C-TOK-4, C-AUTH-6: login stores tokens in a 0600 file inside a 0700 folder; token prints a working access token; logout revokes and deletes', async () => {
    const store = join(dir, 'tokens');
    const err: string[] = [];
    const io = { out: (l: string) => err.push(l), err: (l: string) => err.push(l), env: headless };
    expect(await runCli(['login', demo.mcpUrl, '--store-dir', store], io)).toBe(0);
    expect((await stat(store)).mode & 0o777).toBe(0o700);
    const files = (await readdir(store)).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const file = join(store, files[0]!);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { tokens: { access_token: string; refresh_token: string; scope: string } };
    expect(saved.tokens.scope).toBe('mcp:tools:read');
    for (const line of err) {
      expect(line.includes(saved.tokens.access_token)).toBe(false);
      expect(line.includes(saved.tokens.refresh_token)).toBe(false);
    }

    const out: string[] = [];
    expect(await runCli(['token', demo.mcpUrl, '--store-dir', store], { out: (l) => out.push(l), err: () => {} })).toBe(0);
    expect(out).toEqual([saved.tokens.access_token]);
    expect(await callMcp(demo.mcpUrl, out[0]!)).toBe(200);

    expect(await runCli(['logout', demo.mcpUrl, '--store-dir', store], { err: () => {} })).toBe(0);
    expect((await readdir(store)).filter((f) => f.endsWith('.json'))).toHaveLength(0);
    expect(await callMcp(demo.mcpUrl, out[0]!)).toBe(401); // revoked at the server, not just forgotten
    expect(await runCli(['token', demo.mcpUrl, '--store-dir', store], { out: () => {}, err: () => {} })).toBe(1);
    expect(await runCli(['logout', demo.mcpUrl, '--store-dir', store], { err: () => {} })).toBe(0); // nothing to do
  });

  it('C-TOK-2: token refreshes an expiring access token, saves the rotated refresh token, and the old one is dead', async () => {
    const store = join(dir, 'refresh');
    await login(demo.mcpUrl, { storeDir: store, headlessAuthorize: true, print: () => {} });
    const [name] = (await readdir(store)).filter((f) => f.endsWith('.json'));
    const before = JSON.parse(await readFile(join(store, name!), 'utf8')) as { tokens: { access_token: string; refresh_token: string } };
    const fresh = await token(demo.mcpUrl, { storeDir: store, now: () => Date.now() + 3_600_000 });
    expect(fresh).not.toBe(before.tokens.access_token);
    expect(await callMcp(demo.mcpUrl, fresh)).toBe(200);
    const after = JSON.parse(await readFile(join(store, name!), 'utf8')) as { tokens: { refresh_token: string } };
    expect(after.tokens.refresh_token).not.toBe(before.tokens.refresh_token);
    expect((await stat(join(store, name!))).mode & 0o777).toBe(0o600);
    // within the expiry leeway no refresh happens
    expect(await token(demo.mcpUrl, { storeDir: store })).toBe(fresh);
  });

  it('C-AUTH-5: login --scope asks for the named scopes', async () => {
    const store = join(dir, 'scoped');
    const r = await login(demo.mcpUrl, { storeDir: store, headlessAuthorize: true, print: () => {}, scope: 'mcp:tools:read mcp:tools:write' });
    expect(r.scope?.split(' ').sort()).toEqual(['mcp:tools:read', 'mcp:tools:write']);
    expect(r.refreshable).toBe(true);
    expect((await stat(r.file)).mode & 0o777).toBe(0o600);
  });

  it('A-CONS-1: headless login against a server that shows a consent page fails with AuthorizationFailed, exit 1', async () => {
    const withPage = await startDemoServers({ interactive: true });
    try {
      const e = await login(withPage.mcpUrl, { storeDir: join(dir, 'page'), headlessAuthorize: true, print: () => {} }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).code).toBe('AuthorizationFailed');
      const err: string[] = [];
      expect(await runCli(['login', withPage.mcpUrl, '--store-dir', join(dir, 'page')], { err: (l) => err.push(l), env: headless })).toBe(1);
      expect(err.join('\n')).toContain('AuthorizationFailed');
    } finally {
      await withPage.close();
    }
  });

  it('token without login fails with NotLoggedIn', async () => {
    const e = await token(demo.mcpUrl, { storeDir: join(dir, 'empty') }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).code).toBe('NotLoggedIn');
  });
});

describe('mcp-oauth command line', () => {
  const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('--help for every command exits 0 with its usage', async () => {
    for (const cmd of ['demo', 'inspect', 'login', 'token', 'logout']) {
      const r = await run([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.out).toContain(`Usage: mcp-oauth ${cmd}`);
    }
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['help', 'login'])).out).toContain('Usage: mcp-oauth login');
  });

  it('usage errors exit 2 with a hint', async () => {
    for (const argv of [[], ['frobnicate'], ['login'], ['inspect', 'ftp://example.com/mcp'], ['token', 'a', 'b'], ['inspect', 'http://127.0.0.1/mcp', '--bogus'], ['login', 'http://127.0.0.1/mcp', '--port', 'x'], ['demo', '--timeout', '-1']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/mcp-oauth/);
    }
  });

  it('a failure exits 1 with a message a person understands', async () => {
    const r = await run(['token', 'http://127.0.0.1:9/mcp', '--store-dir', join(tmpdir(), 'mcp-oauth-none')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('mcp-oauth token:');
  });
});

describe('mcp-oauth token and logout discovery', () => {
  it('C-PRM-1: token and logout find a server whose protected-resource metadata is only at its challenge\'s resource_metadata', async () => {
    const seen: string[] = [];
    const demo = await startDemoServers({
      wrapMcpServer: (h) => async (req, ctx) => {
        const url = new URL(req.url);
        seen.push(url.pathname);
        if (url.pathname.startsWith('/.well-known/oauth-protected-resource')) return new Response('not here', { status: 404 });
        if (url.pathname === '/meta/prm') return h(new Request(new URL('/.well-known/oauth-protected-resource/mcp', url), req), ctx);
        const res = await h(req, ctx);
        const www = res.headers.get('www-authenticate');
        if (res.status !== 401 || !www) return res;
        const headers = new Headers(res.headers);
        headers.set('www-authenticate', www.replace(/resource_metadata="[^"]*"/, `resource_metadata="${url.origin}/meta/prm"`));
        return new Response(res.body, { status: res.status, headers });
      },
    });
    const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-cli-prm-'));
    try {
      const r = await login(demo.mcpUrl, { storeDir: dir, headlessAuthorize: true, print: () => {} });
      expect((await readdir(dir)).filter((f) => f.endsWith('.json'))).toEqual([r.file.slice(dir.length + 1)]);
      seen.length = 0;
      const at = await token(demo.mcpUrl, { storeDir: dir });
      expect(await callMcp(demo.mcpUrl, at)).toBe(200);
      expect(seen).toContain('/meta/prm');
      expect(seen.filter((p) => p.startsWith('/.well-known/'))).toEqual([]); // C-PRM-1: no other PRM URL
      expect(await logout(demo.mcpUrl, { storeDir: dir })).toEqual({
        hadTokens: true, revoked: true, revocationSupported: true,
        revokedTokens: ['refresh_token', 'access_token'], leftToExpire: [], failedTokens: [], accessTokenExpiresAt: expect.any(Number),
      });
      expect(await callMcp(demo.mcpUrl, at)).toBe(401);
      expect((await readdir(dir)).filter((f) => f.endsWith('.json'))).toEqual([]);
    } finally {
      await demo.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('mcp-oauth login with a client registered by hand', () => {
  it('C-REG-1: --client-id is used before dynamic registration', async () => {
    let registrations = 0;
    const demo = await startDemoServers({
      wrapAuthorizationServer: (h) => (req, ctx) => { if (new URL(req.url).pathname === '/register') registrations++; return h(req, ctx); },
    });
    const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-cli-pre-'));
    try {
      const reg = await fetch(`${demo.issuer}/register`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'by hand', redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], application_type: 'native' }),
      });
      expect(reg.status).toBe(201);
      const { client_id } = (await reg.json()) as { client_id: string };
      expect(registrations).toBe(1);
      const io = { out: () => {}, err: () => {}, env: headless };
      expect(await runCli(['login', demo.mcpUrl, '--store-dir', dir, '--client-id', client_id], io)).toBe(0);
      expect(registrations).toBe(1); // no second registration
      const [name] = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('server-')); // not the C-REG-6 binding
      const saved = JSON.parse(await readFile(join(dir, name!), 'utf8')) as { client: { client_id: string } };
      expect(saved.client.client_id).toBe(client_id);
    } finally {
      await demo.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('issue 11: headless login, logout and hand-registered clients', () => {
  it('A89: headless login against an AS whose first redirect goes to its own login page fails at once with AuthorizationFailed, not CallbackTimeout', async () => {
    const fetched: string[] = [];
    const demo = await startDemoServers({
      wrapAuthorizationServer: (h) => (req, ctx) => {
        const url = new URL(req.url);
        fetched.push(url.pathname);
        if (url.pathname === '/authorize') return new Response(null, { status: 302, headers: { location: `/login?return=${encodeURIComponent(url.search)}` } });
        if (url.pathname === '/login') return new Response('<form>log in</form>', { headers: { 'content-type': 'text/html' } });
        return h(req, ctx);
      },
    });
    const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-cli-a89-'));
    try {
      // a 20 s receiver timeout: waiting for it would end in CallbackTimeout (and near the test's limit)
      const e = await login(demo.mcpUrl, { storeDir: dir, headlessAuthorize: true, print: () => {}, timeoutMs: 20_000 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).code).toBe('AuthorizationFailed');
      expect(fetched).toContain('/authorize');
      expect(fetched).not.toContain('/login'); // the page is not followed
      const err: string[] = [];
      expect(await runCli(['login', demo.mcpUrl, '--store-dir', dir, '--timeout', '20'], { err: (l) => err.push(l), env: headless })).toBe(1);
      expect(err.join('\n')).toContain('AuthorizationFailed');
      expect(err.join('\n')).not.toContain('CallbackTimeout');
    } finally {
      await demo.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('A88: logout against an AS that answers unsupported_token_type for its JWT access tokens revokes the refresh token first, says the access token expires, exit 0', async () => {
    const revocations: string[] = [];
    const demo = await startDemoServers({
      wrapAuthorizationServer: (h) => async (req, ctx) => {
        if (new URL(req.url).pathname !== '/revoke') return h(req, ctx);
        const form = new URLSearchParams(await req.clone().text());
        const jwt = (form.get('token') ?? '').split('.').length === 3;
        revocations.push(jwt ? 'jwt' : 'opaque');
        // RFC 7009 §2.2.1, as node-oidc-provider answers for structured access tokens
        if (jwt) return Response.json({ error: 'unsupported_token_type', error_description: 'Structured JWT Tokens cannot be revoked' }, { status: 400 });
        return h(req, ctx);
      },
    });
    const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-cli-a88-'));
    try {
      await login(demo.mcpUrl, { storeDir: dir, headlessAuthorize: true, print: () => {} });
      const [name] = (await readdir(dir)).filter((f) => f.endsWith('.json'));
      const saved = JSON.parse(await readFile(join(dir, name!), 'utf8')) as { tokens: { access_token: string; refresh_token: string; expires_at: number } };
      const err: string[] = [];
      const out: string[] = [];
      expect(await runCli(['logout', demo.mcpUrl, '--store-dir', dir], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} })).toBe(0);
      expect(revocations).toEqual(['opaque', 'jwt']); // refresh token first
      const text = [...err, ...out].join('\n');
      expect(text).toContain('refresh token revoked');
      expect(text).toContain('unsupported_token_type');
      expect(text).toContain(new Date(saved.tokens.expires_at * 1000).toISOString());
      expect(text).not.toContain('RevocationFailed');
      expect(text).not.toContain(saved.tokens.access_token);
      expect(text).not.toContain(saved.tokens.refresh_token);
      expect((await readdir(dir)).filter((f) => f.endsWith('.json'))).toEqual([]);
      // the refresh token is dead at the server
      const refreshed = await fetch(`${demo.issuer}/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: saved.tokens.refresh_token, client_id: 'x' }),
      });
      expect(refreshed.status).toBeGreaterThanOrEqual(400);
      await refreshed.body?.cancel();
    } finally {
      await demo.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('A87, C-REG-6: --client-id without an issuer binds to AS 1; after the server moves to AS 2, login fails with ClientIssuerMismatch and AS 2 gets nothing but metadata requests', async () => {
    const as2Requests: { method: string; path: string; body: string; auth: string | null }[] = [];
    const as2 = await startDemoServers({
      wrapAuthorizationServer: (h) => async (req, ctx) => {
        as2Requests.push({ method: req.method, path: new URL(req.url).pathname, body: await req.clone().text(), auth: req.headers.get('authorization') });
        return h(req, ctx);
      },
    });
    let moved = false;
    const demo = await startDemoServers({
      wrapMcpServer: (h) => async (req, ctx) => {
        const res = await h(req, ctx);
        if (!moved || !new URL(req.url).pathname.startsWith('/.well-known/oauth-protected-resource')) return res;
        const doc = (await res.json()) as Record<string, unknown>;
        return Response.json({ ...doc, authorization_servers: [as2.issuer] });
      },
    });
    const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-cli-a87-'));
    try {
      const reg = await fetch(`${demo.issuer}/register`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'by hand', redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], application_type: 'native' }),
      });
      const { client_id } = (await reg.json()) as { client_id: string };
      const io = { out: () => {}, err: () => {}, env: headless };
      expect(await runCli(['login', demo.mcpUrl, '--store-dir', dir, '--client-id', client_id], io)).toBe(0);
      expect(await runCli(['logout', demo.mcpUrl, '--store-dir', dir], io)).toBe(0);
      moved = true;
      const err: string[] = [];
      expect(await runCli(['login', demo.mcpUrl, '--store-dir', dir, '--client-id', client_id], { ...io, err: (l) => err.push(l) })).toBe(1);
      expect(err.join('\n')).toContain('ClientIssuerMismatch');
      expect(as2Requests.length).toBeGreaterThan(0); // AS 2 was discovered...
      for (const r of as2Requests) {
        expect(r.method).toBe('GET'); // ...but got no registration, authorization or token request
        expect(r.path.startsWith('/.well-known/')).toBe(true);
        expect(`${r.body} ${r.auth}`).not.toContain(client_id);
      }
      // the binding is a 0600 file of the token folder, kept by logout, naming AS 1 and no secret
      const files = (await readdir(dir)).filter((f) => f.startsWith('server-') && f.endsWith('.json'));
      expect(files).toHaveLength(1);
      expect(JSON.parse(await readFile(join(dir, files[0]!), 'utf8'))).toEqual({ issuer: demo.issuer });
      expect((await stat(join(dir, files[0]!))).mode & 0o777).toBe(0o600);
    } finally {
      await demo.close();
      await as2.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
