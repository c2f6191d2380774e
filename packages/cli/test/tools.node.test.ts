import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, callTool, listTools, login, logout, runCli, startDemoServers, type DemoServers } from '@mcp-oauth/cli';

const headless = { MCP_OAUTH_CLI_HEADLESS_AUTHORIZE: '1' };

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const codeOf = (p: Promise<unknown>): Promise<unknown> => p.then(() => 'resolved', (e: unknown) => (e instanceof CliError ? e.code : e));

describe('mcp-oauth tools and call (MCP over Streamable HTTP with the stored login)', () => {
  let demo: DemoServers;
  let dir: string;
  beforeAll(async () => {
    demo = await startDemoServers();
    dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-tools-'));
  });
  afterAll(async () => {
    await demo.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('MCP Streamable HTTP: tools prints each tool with its description; --json gives the list; call prints the text content', async () => {
    const store = join(dir, 'plain');
    await login(demo.mcpUrl, { storeDir: store, headlessAuthorize: true, print: () => {} });
    const listed = await run(['tools', demo.mcpUrl, '--store-dir', store]);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^whoami\n {4}\S/);
    expect(listed.out).toContain('\nadd_note');
    const json = await run(['tools', demo.mcpUrl, '--store-dir', store, '--json']);
    expect((JSON.parse(json.out) as { name: string }[]).map((t) => t.name)).toEqual(['whoami', 'add_note']);
    const called = await run(['call', demo.mcpUrl, 'whoami', '{}', '--store-dir', store]);
    expect(called.code).toBe(0);
    expect(called.out).toMatch(/^You are demo-user, via client .+, with scopes mcp:tools:read\.$/);
    const asJson = JSON.parse((await run(['call', demo.mcpUrl, 'whoami', '--json', '--store-dir', store])).out) as { isError: boolean; content: { type: string }[] };
    expect(asJson.isError).toBe(false);
    expect(asJson.content[0]?.type).toBe('text');
  });

  it('C-TOK-3: a 403 insufficient_scope is InsufficientScope naming the union of scopes; at a terminal (here: headless mode) call steps up and succeeds', async () => {
    const store = join(dir, 'stepup');
    await login(demo.mcpUrl, { storeDir: store, headlessAuthorize: true, print: () => {} });
    const e = await callTool(demo.mcpUrl, 'add_note', { text: 'hi' }, { storeDir: store }).catch((x: unknown) => x);
    expect((e as CliError).code).toBe('InsufficientScope');
    expect((e as CliError).scope?.split(' ').sort()).toEqual(['mcp:tools:read', 'mcp:tools:write']);
    const r = await run(['call', demo.mcpUrl, 'add_note', '{"text":"hello"}', '--store-dir', store], headless);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Saved note #\d+ \(5 characters\)\.$/);
    expect((await callTool(demo.mcpUrl, 'add_note', { text: 'again' }, { storeDir: store })).isError).toBe(false);
  });

  it('C-TOK-2: an expiring access token is refreshed before the call and the rotated refresh token saved', async () => {
    const store = join(dir, 'refresh');
    await login(demo.mcpUrl, { storeDir: store, headlessAuthorize: true, print: () => {} });
    const file = join(store, (await readdir(store)).find((f) => f.endsWith('.json'))!);
    const before = (JSON.parse(await readFile(file, 'utf8')) as { tokens: { refresh_token: string } }).tokens.refresh_token;
    const tools = await listTools(demo.mcpUrl, { storeDir: store, now: () => Date.now() + 3_600_000 });
    expect(tools.map((t) => t.name)).toEqual(['whoami', 'add_note']);
    expect((JSON.parse(await readFile(file, 'utf8')) as { tokens: { refresh_token: string } }).tokens.refresh_token).not.toBe(before);
  });

  it('C-TOK-2: tokens revoked at the server (refresh refused) are NotLoggedIn, exit 1 saying to log in again; no login at all is NotLoggedIn too', async () => {
    const store = join(dir, 'revoked');
    await login(demo.mcpUrl, { storeDir: store, headlessAuthorize: true, print: () => {} });
    await cp(store, `${store}-copy`, { recursive: true });
    await logout(demo.mcpUrl, { storeDir: store });
    expect(await codeOf(listTools(demo.mcpUrl, { storeDir: `${store}-copy` }))).toBe('NotLoggedIn');
    const r = await run(['tools', demo.mcpUrl, '--store-dir', `${store}-copy`]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('mcp-oauth login');
    expect(await codeOf(callTool(demo.mcpUrl, 'whoami', {}, { storeDir: join(dir, 'nobody') }))).toBe('NotLoggedIn');
  });

  it('JSON-RPC 2.0 §5.1: a JSON-RPC error is McpFailed with the server\'s text kept out of the message', async () => {
    const store = join(dir, 'rpc-error');
    await login(demo.mcpUrl, { storeDir: store, headlessAuthorize: true, print: () => {} });
    const e = (await callTool(demo.mcpUrl, 'no_such_tool', {}, { storeDir: store }).catch((x: unknown) => x)) as CliError;
    expect(e.code).toBe('McpFailed');
    expect(e.serverMessage).toBe('Unknown tool');
    expect(e.message).not.toContain('Unknown tool');
    expect((await run(['call', demo.mcpUrl, 'no_such_tool', '--store-dir', store])).code).toBe(1);
  });

  it('usage: call needs a tool name and a JSON object of arguments (exit 2)', async () => {
    for (const argv of [['call', demo.mcpUrl], ['call', demo.mcpUrl, 'whoami', '[1]'], ['call', demo.mcpUrl, 'whoami', '{x'], ['tools'], ['tools', demo.mcpUrl, 'extra']]) {
      expect((await run(argv)).code, argv.join(' ')).toBe(2);
    }
  });
});

describe('mcp-oauth tools against SSE answers and sessions', () => {
  const seen: { method: string; version: string | null; session: string | null }[] = [];
  let demo: DemoServers;
  let dir: string;
  let huge = false;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-sse-'));
    demo = await startDemoServers({
      wrapMcpServer: (h) => async (req, ctx) => {
        if (new URL(req.url).pathname !== '/mcp') return h(req, ctx);
        const body = req.method === 'POST' ? await req.clone().text() : '';
        const method = req.method === 'DELETE' ? 'DELETE' : String((JSON.parse(body || '{}') as { method?: unknown }).method);
        if (req.headers.has('authorization')) seen.push({ method, version: req.headers.get('mcp-protocol-version'), session: req.headers.get('mcp-session-id') });
        if (req.method === 'DELETE') return new Response(null, { status: 204 });
        const res = await h(req, ctx);
        if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('json')) return res;
        const json = await res.text();
        const headers = { 'content-type': 'text/event-stream', ...(method === 'initialize' ? { 'mcp-session-id': 'session-1' } : {}) };
        if (huge && method === 'tools/list') {
          let sent = 0;
          const chunk = new TextEncoder().encode(`data: {"jsonrpc":"2.0","method":"notifications/message","params":{"data":"${'x'.repeat(65_000)}"}}\n\n`);
          return new Response(new ReadableStream({ pull(c) { if ((sent += chunk.byteLength) > 6_000_000) c.close(); else c.enqueue(chunk); } }), { headers });
        }
        // A comment, a notification, then the response split over two data lines.
        const [head, tail] = [json.slice(0, 10), json.slice(10)];
        return new Response(`: hi\r\n\r\nevent: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{}}\n\nid: 1\ndata: ${head}\ndata: ${tail}\n\n`, { headers });
      },
    });
  });
  afterAll(async () => {
    await demo.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('MCP Streamable HTTP: SSE answers are read to the response; the negotiated MCP-Protocol-Version and the Mcp-Session-Id go on every later request; the session is deleted', async () => {
    await login(demo.mcpUrl, { storeDir: dir, headlessAuthorize: true, print: () => {} });
    seen.length = 0;
    const tools = await listTools(demo.mcpUrl, { storeDir: dir });
    expect(tools.map((t) => t.name)).toEqual(['whoami', 'add_note']);
    expect(seen[0]).toEqual({ method: 'initialize', version: null, session: null });
    expect(seen.slice(1)).toEqual([
      { method: 'notifications/initialized', version: '2025-11-25', session: 'session-1' },
      { method: 'tools/list', version: '2025-11-25', session: 'session-1' },
      { method: 'DELETE', version: '2025-11-25', session: 'session-1' },
    ]);
  });

  it('A-DOS-1: an SSE answer is read to 4 MiB at most, then McpFailed', async () => {
    huge = true;
    try {
      expect(await codeOf(listTools(demo.mcpUrl, { storeDir: dir }))).toBe('McpFailed');
    } finally { huge = false; }
  });
});
