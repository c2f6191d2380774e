import { describe, expect, it } from 'vitest';
import { runCli, runDemo, type HandlerWrapper } from '@mcp-oauth/cli';

const collect = (lines: string[]) => (line: string): void => void lines.push(line);

/** Records every token the authorization server hands out, to prove none is ever printed. */
function tokenRecorder(seen: string[]): HandlerWrapper {
  return (handler) => async (req, ctx) => {
    const res = await handler(req, ctx);
    if (new URL(req.url).pathname !== '/token' || res.status !== 200) return res;
    const body = (await res.json()) as Record<string, unknown>;
    for (const k of ['access_token', 'refresh_token']) if (typeof body[k] === 'string') seen.push(body[k]);
    return Response.json(body, { status: res.status, headers: res.headers });
  };
}

describe('mcp-oauth demo', () => {
  it('C-PRM-1, C-ASM-4, C-AUTH-1, C-TOK-3, A-RT-1, A-REV-1: runs end to end, every step verified, tokens never printed', async () => {
    const lines: string[] = [];
    const tokens: string[] = [];
    const result = await runDemo({ print: collect(lines), wrapAuthorizationServer: tokenRecorder(tokens) });
    expect(result.ok, lines.join('\n')).toBe(true);
    expect(result.failedStep).toBeUndefined();
    expect(result.steps.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(result.steps.every((s) => s.ok)).toBe(true);
    // four authorizations (first, step-up, after reuse detection) and two refreshes were observed
    expect(tokens.length).toBeGreaterThanOrEqual(8);
    const output = lines.join('\n');
    for (const t of tokens) expect(output.includes(t)).toBe(false);
    // opaque values (codes, refresh tokens) show no character at all, not even a prefix
    for (const t of tokens.filter((x) => x.split('.').length !== 3)) expect(output.includes(t.slice(0, 6))).toBe(false);
    expect(output).toMatch(/eyJ[\w-]{7}…\(redacted, \d+ chars\)/);
    expect(output).toContain('"mcp:tools:read mcp:tools:write"');
  });

  it('R-PRM-2: a server that never answers 401 fails step 1 and the demo exits non-zero', async () => {
    const lines: string[] = [];
    const open: HandlerWrapper = () => () => Response.json({ jsonrpc: '2.0', id: 1, result: {} });
    const result = await runDemo({ print: collect(lines), wrapMcpServer: open });
    expect(result.ok).toBe(false);
    expect(result.failedStep?.number).toBe(1);
    expect(lines.join('\n')).toContain('Demo failed at step 1');
  });

  it('C-ASM-4: an authorization server without S256 fails step 3 (the client refuses it)', async () => {
    const lines: string[] = [];
    const noS256: HandlerWrapper = (handler) => async (req, ctx) => {
      const res = await handler(req, ctx);
      if (!new URL(req.url).pathname.startsWith('/.well-known/oauth-authorization-server')) return res;
      const doc = (await res.json()) as Record<string, unknown>;
      return Response.json({ ...doc, code_challenge_methods_supported: ['plain'] });
    };
    const result = await runDemo({ print: collect(lines), wrapAuthorizationServer: noS256 });
    expect(result.ok).toBe(false);
    expect(result.failedStep?.number).toBe(3);
    // the client stopped: nothing was registered or authorized
    expect(result.steps.filter((s) => s.ok).map((s) => s.number)).toEqual([1, 2]);
  });

  it('A-RT-1: an authorization server that accepts a rotated refresh token again fails step 10', async () => {
    const used = new Map<string, Response>();
    const replayable: HandlerWrapper = (handler) => async (req, ctx) => {
      if (new URL(req.url).pathname !== '/token') return handler(req, ctx);
      const form = new URLSearchParams(await req.clone().text());
      const rt = form.get('refresh_token');
      const again = rt ? used.get(rt) : undefined;
      if (again) return again.clone();
      const res = await handler(req, ctx);
      if (rt && res.status === 200) used.set(rt, res.clone());
      return res;
    };
    const lines: string[] = [];
    const result = await runDemo({ print: collect(lines), wrapAuthorizationServer: replayable });
    expect(result.ok).toBe(false);
    expect(result.failedStep?.number).toBe(10);
  });

  it('A-REV-1: a resource that still accepts a revoked token fails the last step', async () => {
    let revoked = false;
    const watchRevoke: HandlerWrapper = (handler) => (req, ctx) => {
      if (new URL(req.url).pathname === '/revoke') revoked = true;
      return handler(req, ctx);
    };
    const sticky: HandlerWrapper = (handler) => async (req, ctx) => {
      const res = await handler(req, ctx);
      if (!revoked || res.status !== 401 || !req.headers.has('authorization')) return res;
      return Response.json({ jsonrpc: '2.0', id: 1, result: { tools: [] } }); // ignores the revocation
    };
    const result = await runDemo({ print: () => {}, wrapAuthorizationServer: watchRevoke, wrapMcpServer: sticky });
    expect(result.ok).toBe(false);
    expect(result.failedStep?.number).toBe(12);
  });

  it('`mcp-oauth demo` exits 0, prints numbered steps; a timeout exits 1', async () => {
    const out: string[] = [];
    expect(await runCli(['demo'], { out: collect(out), err: collect(out) })).toBe(0);
    expect(out.filter((l) => /^\s?\d+\. ✓ /.test(l))).toHaveLength(12);
    expect(await runCli(['demo', '--timeout', '0.001'], { out: () => {}, err: () => {} })).toBe(1);
  });
});

describe('mcp-oauth demo --interactive', () => {
  const unescape = (s: string): string => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
  /** Plays the user: loads the consent page, approves it with the page's CSRF cookie, follows the redirect. */
  async function approveInBrowser(url: URL): Promise<void> {
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    const field = (name: string): string => unescape(new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '');
    const action = new URL(unescape(/action="([^"]+)"/.exec(html)?.[1] ?? ''), url);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const res = await fetch(action, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ txn: field('txn'), csrf: field('csrf'), decision: 'approve' }),
    });
    expect(res.status).toBe(303);
    await (await fetch(res.headers.get('location')!)).text(); // the loopback receiver
  }

  it('A-CONS-1, C-AUTH-6: each authorization goes through the real consent page and the loopback receiver', async () => {
    const opened: URL[] = [];
    const lines: string[] = [];
    const result = await runDemo({ interactive: true, print: collect(lines), openBrowser: async (u) => { opened.push(u); await approveInBrowser(u); } });
    expect(result.ok, lines.join('\n')).toBe(true);
    expect(opened).toHaveLength(3); // first authorization, step-up, recovery after reuse detection
    expect(new Set(opened.map((u) => u.searchParams.get('redirect_uri'))).size).toBe(1); // one receiver, one port
    expect(lines.join('\n')).toContain('consent given in the browser');
  });

  it('A-CONS-1: denying consent fails the authorization step', async () => {
    const deny = async (url: URL): Promise<void> => {
      const page = await fetch(url);
      const html = await page.text();
      const field = (name: string): string => unescape(new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '');
      const res = await fetch(new URL(unescape(/action="([^"]+)"/.exec(html)?.[1] ?? ''), url), {
        method: 'POST', redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: (page.headers.get('set-cookie') ?? '').split(';')[0]! },
        body: new URLSearchParams({ txn: field('txn'), csrf: field('csrf'), decision: 'deny' }),
      });
      expect(res.status).toBe(303); // the AS sends the denial back to the client
      expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
      await (await fetch(res.headers.get('location')!)).text();
    };
    const result = await runDemo({ interactive: true, print: () => {}, openBrowser: deny });
    expect(result.ok).toBe(false);
    expect(result.failedStep?.number).toBe(5);
  });

  it('a consent that never comes back times out, exits non-zero and names the unfinished step', async () => {
    const lines: string[] = [];
    const result = await runDemo({ interactive: true, print: collect(lines), openBrowser: async () => {}, timeoutMs: 500 });
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.number)).toEqual([1]);
    expect(lines.at(-1)).toMatch(/step 2 did not finish within 500 ms/);
  });
});
