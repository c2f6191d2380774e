// Two `mcp-oauth proxy` processes for one server share the token folder (issue #15): with an
// expiring access token they refresh exactly once at the AS (the file store's lock, and a re-read
// of the record inside it), neither fails, and a later run reuses the refreshed tokens.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startDemoServers, type DemoServers } from '@mcp-oauth/cli';

const here = dirname(fileURLToPath(import.meta.url));
let root = here;
while (!existsSync(join(root, 'pnpm-workspace.yaml'))) root = dirname(root);
const node24 = join(root, 'node_modules/.bin/node');
const script = join(root, 'packages/cli/test/fixtures/proxy-auth-child.mjs');
const sources = join(root, 'tools/source-hook.mjs');

interface Out { status?: number; error?: string; opened: number; refreshes: string[] }

/** Starts one proxy process; `ready` resolves once it waits for the go line, `done` with its result (killed after 30 s). */
function child(url: string, dir: string): { proc: ChildProcess; ready: Promise<void>; done: Promise<{ code: number | null; out: Out; stderr: string }> } {
  const proc = spawn(node24, ['--no-warnings', '--import', sources, script, url, dir], { env: { ...process.env, MCP_OAUTH_DEBUG: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  let signal: () => void = () => {};
  const ready = new Promise<void>((r) => { signal = r; });
  proc.stdout!.on('data', (d) => { stdout += d; if (stdout.includes('ready\n')) signal(); });
  proc.stderr!.on('data', (d) => { stderr += d; });
  const kill = setTimeout(() => proc.kill('SIGKILL'), 30_000);
  const done = new Promise<{ code: number | null; out: Out; stderr: string }>((resolve) => {
    proc.on('exit', (code) => {
      clearTimeout(kill);
      let out: Out = { opened: -1, refreshes: [] };
      try { out = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Out; } catch { /* left as is */ }
      resolve({ code, out, stderr });
    });
  });
  return { proc, ready, done };
}

describe('two proxy processes, one server', () => {
  let demo: DemoServers;
  let dir: string;
  const refreshTokens: string[] = [];
  beforeAll(async () => {
    demo = await startDemoServers({
      wrapAuthorizationServer: (h) => async (req, ctx) => {
        if (req.method === 'POST' && new URL(req.url).pathname === '/token') {
          const form = new URLSearchParams(await req.clone().text());
          if (form.get('grant_type') === 'refresh_token') {
            refreshTokens.push(form.get('refresh_token') ?? '');
            await new Promise((r) => setTimeout(r, 400)); // a slow AS: the other process arrives mid-refresh
          }
        }
        return h(req, ctx);
      },
    });
    dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-proxy-procs-'));
  });
  afterAll(async () => {
    await demo.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('C-TOK-2, C-TOK-4: with an expiring token, two proxies refresh exactly once at the AS, both succeed, and run 3 reuses the tokens (no browser)', async () => {
    const store = join(dir, 'shared');
    await login(demo.mcpUrl, { storeDir: store, headlessAuthorize: true, print: () => {} });
    const [name] = (await readdir(store)).filter((f) => f.endsWith('.json') && !f.startsWith('server-'));
    const file = join(store, name!);
    const record = JSON.parse(await readFile(file, 'utf8')) as { tokens: { expires_at: number; refresh_token: string } };
    record.tokens.expires_at = Math.floor(Date.now() / 1000) + 10; // inside the 60 s refresh leeway
    await writeFile(file, JSON.stringify(record), { mode: 0o600 });

    const a = child(demo.mcpUrl, store);
    const b = child(demo.mcpUrl, store);
    await Promise.all([a.ready, b.ready]);
    a.proc.stdin!.end('go\n');
    b.proc.stdin!.end('go\n');
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra, ra.stderr).toMatchObject({ code: 0, out: { status: 200, opened: 0 } });
    expect(rb, rb.stderr).toMatchObject({ code: 0, out: { status: 200, opened: 0 } });
    // both saw the token expiring and asked for a refresh; the AS got one
    expect(ra.out.refreshes).toContain('expiring');
    expect(rb.out.refreshes).toContain('expiring');
    expect(refreshTokens).toEqual([record.tokens.refresh_token]);
    expect((await readdir(store)).filter((f) => f.endsWith('.lock'))).toEqual([]);

    const c = child(demo.mcpUrl, store);
    await c.ready;
    c.proc.stdin!.end('go\n');
    const rc = await c.done;
    expect(rc, rc.stderr).toMatchObject({ code: 0, out: { status: 200, opened: 0, refreshes: [] } });
    expect(refreshTokens).toHaveLength(1);
  }, 60_000);
});
