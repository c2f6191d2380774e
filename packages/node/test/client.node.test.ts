import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, readFile, stat, utimes, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMcpOAuthClient, type StoredRecord } from '@mcp-oauth/client-flow';
import { fileTokenStore, NodeError, openBrowser, startLoopbackReceiver, tokenFileName } from '@mcp-oauth/node';

const key = { server: 'https://mcp.example.com/mcp', issuer: 'https://as.example.com' };
const record: StoredRecord = {
  issuer: key.issuer,
  tokens: { access_token: 'at-1', refresh_token: 'rt-1', token_type: 'Bearer', expires_at: 2_000_000_000, scope: 'mcp:read', issuer: key.issuer },
};
const tmp = () => mkdtemp(join(tmpdir(), 'mcp-oauth-client-'));

describe('startLoopbackReceiver', () => {
  it('C-AUTH-6: binds 127.0.0.1 and accepts exactly one callback for the pending state', async () => {
    const r = await startLoopbackReceiver();
    expect(r.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const waiting = r.waitForCallback('st-1');
    const wrong = await fetch(`${r.redirectUri}?code=c&state=evil`);
    expect(wrong.status).toBe(400);
    const missing = await fetch(`${r.redirectUri}?code=c`);
    expect(missing.status).toBe(400);
    const ok = await fetch(`${r.redirectUri}?code=c&state=st-1&iss=x`);
    expect(ok.status).toBe(200);
    expect(await waiting).toBe(`${r.redirectUri}?code=c&state=st-1&iss=x`);
    await expect(fetch(`${r.redirectUri}?code=c&state=st-1`)).rejects.toThrow(); // closed after one callback
  });

  it('A25: the page is static and escaped, with nosniff, CSP and no redirect from a next parameter', async () => {
    const r = await startLoopbackReceiver();
    const waiting = r.waitForCallback('s');
    const res = await fetch(`${r.redirectUri}?state=s&error=%3Cscript%3Ealert(1)%3C/script%3E&error_description=%3Cscript%3E&error_uri=javascript:alert(1)&next=https://evil.example`, { redirect: 'manual' });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|javascript:|evil/);
    await waiting;
  });

  it('times out with CallbackTimeout and a fixed port can be reused afterwards', async () => {
    const first = await startLoopbackReceiver();
    const port = first.port;
    await first.close();
    const r = await startLoopbackReceiver({ port, timeoutMs: 50 });
    expect(r.port).toBe(port);
    await expect(r.waitForCallback('s')).rejects.toMatchObject({ code: 'CallbackTimeout' });
  });
});

describe('startLoopbackReceiver keepOpen', () => {
  it('C-AUTH-2, C-AUTH-6: one port serves several authorizations, exactly one callback per pending state', async () => {
    const r = await startLoopbackReceiver({ keepOpen: true });
    try {
      const one = r.waitForCallback('s-1');
      const two = r.waitForCallback('s-2');
      expect((await fetch(`${r.redirectUri}?code=c&state=evil`)).status).toBe(400);
      expect((await fetch(`${r.redirectUri}?code=c&state=s-1&state=s-2`)).status).toBe(400);
      expect((await fetch(`${r.redirectUri}?code=c2&state=s-2`)).status).toBe(200);
      expect(await two).toBe(`${r.redirectUri}?code=c2&state=s-2`);
      expect((await fetch(`${r.redirectUri}?code=x&state=s-2`)).status).toBe(400); // replay of a delivered state
      expect((await fetch(`${r.redirectUri}?code=c1&state=s-1`)).status).toBe(200);
      expect(await one).toBe(`${r.redirectUri}?code=c1&state=s-1`);
      expect((await fetch(`${r.redirectUri}?code=c&state=s-1`)).status).toBe(400); // still listening, nothing pending
      const three = r.waitForCallback('s-3'); // a later authorization, same redirect URI
      expect((await fetch(`${r.redirectUri}?code=c3&state=s-3`)).status).toBe(200);
      expect(await three).toBe(`${r.redirectUri}?code=c3&state=s-3`);
      const four = r.waitForCallback('s-4');
      expect(() => r.waitForCallback('s-4')).toThrow(TypeError); // one wait per state
      await r.close();
      const closedError = await four.catch((e: unknown) => e);
      expect(closedError).toBeInstanceOf(NodeError); // the package's one error family (CONVENTIONS 4)
      expect(closedError).toMatchObject({ name: 'NodeError', code: 'ReceiverClosed' });
      await expect(r.waitForCallback('s-5')).rejects.toMatchObject({ code: 'ReceiverClosed' });
      await expect(fetch(`${r.redirectUri}?state=s-4`)).rejects.toThrow();
    } finally {
      await r.close();
    }
  });

  it('C-AUTH-2: a timed-out state stops matching but the receiver keeps listening; without keepOpen a timeout or callback closes it', async () => {
    const r = await startLoopbackReceiver({ keepOpen: true, timeoutMs: 50 });
    try {
      await expect(r.waitForCallback('late')).rejects.toMatchObject({ code: 'CallbackTimeout' });
      expect((await fetch(`${r.redirectUri}?code=c&state=late`)).status).toBe(400);
      const next = r.waitForCallback('next');
      expect((await fetch(`${r.redirectUri}?code=c&state=next`)).status).toBe(200);
      await expect(next).resolves.toContain('state=next');
    } finally {
      await r.close();
    }
    const once = await startLoopbackReceiver();
    const a = once.waitForCallback('a');
    const b = once.waitForCallback('b').catch((e: unknown) => e);
    expect((await fetch(`${once.redirectUri}?code=c&state=a`)).status).toBe(200);
    await expect(a).resolves.toContain('state=a');
    expect(await b).toMatchObject({ code: 'ReceiverClosed' });
    await expect(fetch(`${once.redirectUri}?state=b`)).rejects.toThrow();
  });
});

describe('fileTokenStore', () => {
  it('C-TOK-4: 0600 files in a 0700 folder, one per server and issuer, written atomically', async () => {
    const dir = join(await tmp(), 'tokens');
    const s = fileTokenStore(dir);
    await s.save(key, record);
    await s.save({ ...key, issuer: 'https://as2.example.com' }, { issuer: 'https://as2.example.com' });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const files = await readdir(dir);
    expect(files.sort()).toEqual([tokenFileName(key), tokenFileName({ ...key, issuer: 'https://as2.example.com' })].sort());
    for (const f of files) expect((await stat(join(dir, f))).mode & 0o777).toBe(0o600);
    expect(files.every((f) => f.startsWith('mcp.example.com-') && !f.endsWith('.tmp'))).toBe(true);
    expect(await s.load(key)).toEqual(record);
    const stored = JSON.parse(await readFile(join(dir, tokenFileName(key)), 'utf8')) as StoredRecord;
    expect(stored.tokens).toMatchObject({ access_token: 'at-1', refresh_token: 'rt-1', expires_at: 2_000_000_000, token_type: 'Bearer', scope: 'mcp:read', issuer: key.issuer });
    await s.delete(key);
    expect(await s.load(key)).toBeUndefined();
  });

  it('C-TOK-4: corrupt or unreadable files are reported, not discarded', async () => {
    const dir = await tmp();
    const s = fileTokenStore(dir);
    await writeFile(join(dir, tokenFileName(key)), '{"access_token":');
    await expect(s.load(key)).rejects.toMatchObject({ code: 'StoreCorrupt' });
    await writeFile(join(dir, tokenFileName(key)), '[]');
    await expect(s.load(key)).rejects.toMatchObject({ code: 'StoreCorrupt' });
    await mkdir(join(dir, tokenFileName({ ...key, issuer: 'x' })));
    await expect(s.load({ ...key, issuer: 'x' })).rejects.toMatchObject({ code: 'StoreUnreadable' });
    const e = (await s.load(key).catch((x: unknown) => x)) as Error;
    expect(e.message).not.toContain('access_token');
  });

  it('C-TOK-2: two stores refreshing at once through the lock file do one refresh', async () => {
    const dir = await tmp();
    const a = fileTokenStore(dir), b = fileTokenStore(dir);
    await a.save(key, record);
    let refreshes = 0;
    const refresh = (s: typeof a) => s.lock!(key, async () => {
      const now = await s.load(key);
      if (now?.tokens?.access_token !== 'at-1') return now!.tokens!.access_token;
      refreshes++;
      await new Promise((r) => setTimeout(r, 30));
      await s.save(key, { ...now, tokens: { ...now.tokens, access_token: 'at-2' } });
      return 'at-2';
    });
    expect(await Promise.all([refresh(a), refresh(b)])).toEqual(['at-2', 'at-2']);
    expect(refreshes).toBe(1);
    expect((await readdir(dir)).some((f) => f.endsWith('.lock'))).toBe(false);
  });

  it('a stale lock (crashed holder) is broken; a held one times out with LockTimeout', async () => {
    const dir = await tmp();
    const s = fileTokenStore(dir, { lockTimeoutMs: 100 });
    const lock = join(dir, `${tokenFileName(key)}.lock`);
    await writeFile(lock, '1');
    await expect(s.lock!(key, async () => 1)).rejects.toMatchObject({ code: 'LockTimeout' });
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    expect(await s.lock!(key, async () => 2)).toBe(2);
  });

  it('imports mcp-remote tokens that record this issuer when it has none of its own, and never overrides its own', async () => {
    const home = await tmp();
    const sub = join(home, 'mcp-remote-0.15.0');
    await mkdir(sub, { recursive: true });
    const hash = createHash('md5').update(key.server).digest('hex');
    await writeFile(join(sub, `${hash}_tokens.json`), JSON.stringify({ access_token: 'mr-at', refresh_token: 'mr-rt', token_type: 'bearer', expires_in: 3600, issuer: key.issuer }));
    await writeFile(join(sub, `${hash}_client_info.json`), JSON.stringify({ client_id: 'mr-client', issuer: key.issuer }));
    const s = fileTokenStore(join(home, 'ours'), { importMcpRemote: home });
    const imported = await s.load(key);
    expect(imported?.tokens).toMatchObject({ access_token: 'mr-at', refresh_token: 'mr-rt', issuer: key.issuer });
    expect(imported?.client).toEqual({ client_id: 'mr-client', token_endpoint_auth_method: 'none' });
    expect(await fileTokenStore(join(home, 'ours')).load(key)).toBeUndefined();
    await s.save(key, record);
    expect((await s.load(key))?.tokens?.access_token).toBe('at-1');
    expect(await fileTokenStore(join(home, 'x'), { importMcpRemote: home }).load({ ...key, server: 'https://other.example/mcp' })).toBeUndefined();
  });

  it('C-REG-6: mcp-remote files without a recorded issuer, or with the issuer differing by a trailing slash, are not imported', async () => {
    const home = await tmp();
    const sub = join(home, 'mcp-remote-0.1.30');
    await mkdir(sub, { recursive: true });
    const hash = createHash('md5').update(key.server).digest('hex');
    const write = (issuer?: string) => Promise.all([
      writeFile(join(sub, `${hash}_tokens.json`), JSON.stringify({ access_token: 'mr-at', refresh_token: 'mr-rt', ...(issuer ? { issuer } : {}) })),
      writeFile(join(sub, `${hash}_client_info.json`), JSON.stringify({ client_id: 'mr-client', ...(issuer ? { issuer } : {}) })),
    ]);
    for (const issuer of [undefined, `${key.issuer}/`, 'https://AS.example.com']) {
      await write(issuer);
      expect(await fileTokenStore(join(home, 'ours'), { importMcpRemote: home }).load(key), String(issuer)).toBeUndefined();
    }
    // a registration that records another issuer is dropped even when the tokens match
    await writeFile(join(sub, `${hash}_tokens.json`), JSON.stringify({ access_token: 'mr-at', issuer: key.issuer }));
    const r = await fileTokenStore(join(home, 'ours'), { importMcpRemote: home }).load(key);
    expect(r?.tokens?.access_token).toBe('mr-at');
    expect(r?.client).toBeUndefined();
  });

  it('A87: mcp-remote files recording AS 1, the resource now at AS 2: nothing imported, nothing of them sent to AS 2 or to the server', async () => {
    const home = await tmp();
    const sub = join(home, 'mcp-remote-0.15.0');
    await mkdir(sub, { recursive: true });
    const hash = createHash('md5').update(key.server).digest('hex');
    await writeFile(join(sub, `${hash}_tokens.json`), JSON.stringify({ access_token: 'mr-at', refresh_token: 'mr-rt', expires_in: 3600, issuer: 'https://as1.example.com' }));
    await writeFile(join(sub, `${hash}_client_info.json`), JSON.stringify({ client_id: 'mr-client', client_secret: 'mr-secret', issuer: 'https://as1.example.com' }));
    const as2 = 'https://as2.example.com';
    const seen: { url: string; auth: string | null; body: string }[] = [];
    const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
      const r = new Request(input, init);
      seen.push({ url: r.url, auth: r.headers.get('authorization'), body: await r.text() });
      const u = new URL(r.url);
      if (r.url === key.server) return new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
      if (u.pathname === '/.well-known/oauth-protected-resource/mcp') return Response.json({ resource: key.server, authorization_servers: [as2] });
      if (r.url === `${as2}/.well-known/oauth-authorization-server`) {
        return Response.json({ issuer: as2, authorization_endpoint: `${as2}/authorize`, token_endpoint: `${as2}/token`, code_challenge_methods_supported: ['S256'] });
      }
      return new Response('not found', { status: 404 });
    };
    const store = fileTokenStore(join(home, 'ours'), { importMcpRemote: home });
    const c = createMcpOAuthClient({ serverUrl: key.server, store, fetch, redirectUri: 'http://127.0.0.1:9/callback', authorize: () => undefined });
    // AS 2 offers no registration: the client must not fall back on mcp-remote's AS 1 client
    await expect(c.fetch(key.server)).rejects.toMatchObject({ code: 'RegistrationUnavailable' });
    expect(seen.some((x) => x.url.startsWith(as2))).toBe(true);
    for (const x of seen) expect(`${x.url} ${x.auth} ${x.body}`).not.toMatch(/mr-at|mr-rt|mr-client|mr-secret/);
    expect(await c.tokens()).toBeUndefined();
  });

  it('works as the store of createMcpOAuthClient', async () => {
    const dir = await tmp();
    const store = fileTokenStore(dir);
    await chmod(dir, 0o755);
    const fetch = async () => new Response('{}', { status: 200 });
    const c = createMcpOAuthClient({ serverUrl: key.server, store, fetch });
    expect((await c.fetch(key.server)).status).toBe(200);
  });
});

describe('openBrowser', () => {
  it('C-AUTH-6/A29: spawns the platform opener with the URL as one argument and no shell', async () => {
    for (const [platform, cmd, args] of [
      ['linux', 'xdg-open', ['https://as.example/authorize?a=1&b=2']],
      ['darwin', 'open', ['https://as.example/authorize?a=1&b=2']],
      ['win32', 'rundll32', ['url.dll,FileProtocolHandler', 'https://as.example/authorize?a=1&b=2']],
    ] as const) {
      const calls: unknown[][] = [];
      const spawn = (c: string, a: readonly string[], o: object) => {
        calls.push([c, a, o]);
        return { once: (ev: string, fn: () => void) => { if (ev === 'spawn') setTimeout(fn, 0); }, unref: () => {} };
      };
      expect(await openBrowser('https://as.example/authorize?a=1&b=2', { platform, spawn })).toBe(true);
      expect(calls).toEqual([[cmd, args, expect.objectContaining({ shell: false })]]);
    }
  });

  it('A29: refuses every non-http(s) or shell-looking URL without spawning', () => {
    let spawned = 0;
    const spawn = () => { spawned++; return { once: () => {}, unref: () => {} }; };
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///C:/Windows/System32/calc.exe', 'a:$(calc)',
      'https://as.example/$(id)', '//as.example/a', 'ms-msdt:/id', 'https://as.example/a b', 'https://as.example/"&calc', 'https://as.example/`id`']) {
      expect(() => openBrowser(bad, { spawn })).toThrow(TypeError);
    }
    expect(spawned).toBe(0);
  });

  it('prints the URL when no browser can be launched', async () => {
    const lines: string[] = [];
    const spawn = () => ({ once: (ev: string, fn: (e?: unknown) => void) => { if (ev === 'error') setTimeout(() => fn(new Error('ENOENT')), 0); }, unref: () => {} });
    expect(await openBrowser('https://as.example/a', { spawn, print: (l) => lines.push(l) })).toBe(false);
    expect(lines.join('\n')).toContain('https://as.example/a');
  });
});
