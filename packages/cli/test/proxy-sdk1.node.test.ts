// `mcp-oauth proxy` (the built command, a child process) between the official SDK 1.32.2 client over
// stdio (the host) and an SDK 1.32.2 server on the 2025-11-25 wire (sessions, SSE answers, GET
// stream) behind server-flow: sign-in, requests both ways, notifications both ways, refresh,
// step-up, a lost session, DELETE on exit.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { ElicitRequestSchema, ListRootsRequestSchema, RootsListChangedNotificationSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { BIN, methodOf, startRemote, type Remote } from './proxy-support';

/** Runs the built command with `input` on stdin (then closed): exit status, stdout lines, stderr. */
function runBin(args: string[], input: string): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, MCP_OAUTH_CLI_HEADLESS_AUTHORIZE: '1' } });
    let out = '', err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('close', (code) => resolve({ code, lines: out.split('\n').filter(Boolean), stderr: err }));
    child.stdin.end(input);
  });
}

const text = (r: unknown): string => (r as { content: { text: string }[] }).content[0]!.text;

describe('mcp-oauth proxy: SDK 1.32.2 host over stdio ↔ SDK 1.32.2 server (2025-11-25 wire)', () => {
  let remote: Remote;
  let dir: string;
  const sessions = new Map<string, WebStandardStreamableHTTPServerTransport>();
  const rootsChanged: string[] = [];

  const mcpServer = (): McpServer => {
    const server = new McpServer({ name: 'sdk1', version: '1.0.0' });
    server.registerTool('whoami', { description: 'scopes' }, async (extra) => ({ content: [{ type: 'text', text: (extra.authInfo?.scopes ?? []).join(' ') }] }));
    server.registerTool('ask', { description: 'asks the host (elicitation), with progress' }, async (extra) => {
      const token = extra._meta?.progressToken;
      if (token !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: 1, total: 2 } });
      const answer = await server.server.elicitInput({ message: 'Colour?', requestedSchema: { type: 'object', properties: { colour: { type: 'string' } } } });
      return { content: [{ type: 'text', text: `${answer.action}:${String(answer.content?.['colour'])}` }] };
    });
    server.registerTool('roots', { description: 'asks the host for its roots' }, async () => {
      const { roots } = await server.server.listRoots();
      return { content: [{ type: 'text', text: roots.map((r) => r.uri).join(',') }] };
    });
    server.registerTool('announce', { description: 'tools/list_changed on the GET stream' }, async () => {
      server.sendToolListChanged();
      return { content: [{ type: 'text', text: 'ok' }] };
    });
    server.registerTool('run_workflow', { description: 'needs mcp:exec:workflows:run', inputSchema: { name: z.string() } }, async ({ name }) => ({ content: [{ type: 'text', text: `started ${name}` }] }));
    server.server.setNotificationHandler(RootsListChangedNotificationSchema, async () => { rootsChanged.push('changed'); });
    return server;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-proxy-sdk1-'));
    remote = await startRemote(async (request, principal, rs) => {
      if (request.method === 'POST') {
        const body = (await request.clone().json().catch(() => null)) as { method?: string; params?: { name?: string } } | null;
        if (body?.method === 'tools/call' && body.params?.name === 'run_workflow') {
          const denied = rs.requireScopes(principal, ['mcp:exec:workflows:run']);
          if (denied) return denied;
        }
      }
      const authInfo = { token: 'x', clientId: principal.clientId, scopes: [...principal.scopes], extra: {} };
      const sid = request.headers.get('mcp-session-id');
      if (sid !== null) {
        const t = sessions.get(sid);
        if (!t) return Response.json({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }, { status: 404 });
        return t.handleRequest(request, { authInfo });
      }
      const t: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => { sessions.set(id, t); },
        onsessionclosed: (id) => { sessions.delete(id); },
      });
      await mcpServer().connect(t);
      return t.handleRequest(request, { authInfo });
    }, { accessTokenTtl: 30 }); // expires within the client's 60 s leeway: every request refreshes first
  });
  afterAll(async () => {
    await remote.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('MCP Streamable HTTP 2025-11-25 over stdio: sign-in, tools, elicitation and roots answered by the host, progress and list_changed to the host, roots list_changed to the server, refresh, step-up, a new session after 404, DELETE on exit', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath, args: [BIN, 'proxy', remote.mcpUrl, '--store-dir', dir],
      env: { ...getDefaultEnvironment(), MCP_OAUTH_CLI_HEADLESS_AUTHORIZE: '1' }, stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    const errors: unknown[] = [];
    const client = new Client({ name: 'host', version: '1.0.0' }, { capabilities: { elicitation: {}, roots: { listChanged: true } } });
    client.onerror = (e) => { errors.push(e); };
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { colour: 'blue' } }));
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///work/project', name: 'project' }] }));
    let listChanged = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => { listChanged++; });

    await client.connect(transport);
    expect(client.getServerVersion()?.name).toBe('sdk1');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['whoami', 'ask', 'roots', 'announce', 'run_workflow']);
    expect(text(await client.callTool({ name: 'whoami', arguments: {} }))).toBe('mcp:tools');

    // a server-to-client request on the POST's SSE stream, answered by the host (its answer POSTed back), with progress first
    const progress: number[] = [];
    expect(text(await client.callTool({ name: 'ask', arguments: {} }, undefined, { onprogress: (p) => { progress.push(p.progress); } }))).toBe('accept:blue');
    expect(progress).toEqual([1]);
    expect(text(await client.callTool({ name: 'roots', arguments: {} }))).toBe('file:///work/project');

    // host → server notification; server → host notification on the standalone GET stream
    await client.sendRootsListChanged();
    expect(text(await client.callTool({ name: 'announce', arguments: {} }))).toBe('ok');
    await expect.poll(() => listChanged, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => rootsChanged.length, { timeout: 10_000 }).toBe(1);

    // C-TOK-2 via the proxy: the 30 s access token is refreshed before use (no new sign-in)
    expect(remote.audit.filter((e) => e.type === 'token.refreshed').length).toBeGreaterThan(0);
    expect(remote.audit.filter((e) => e.type === 'authorization.approved')).toHaveLength(1);

    // C-TOK-3 via the proxy: 403 insufficient_scope mid-session → a new sign-in with both scopes → the call succeeds
    expect(text(await client.callTool({ name: 'run_workflow', arguments: { name: 'nightly' } }))).toBe('started nightly');
    expect(remote.audit.filter((e) => e.type === 'authorization.approved')).toHaveLength(2);
    expect((text(await client.callTool({ name: 'whoami', arguments: {} }))).split(' ').sort()).toEqual(['mcp:exec:workflows:run', 'mcp:tools']);

    // the server forgets the session: 404 → the host's initialize and initialized replayed, the call retried once
    const before = remote.seen.filter((s) => methodOf(s) === 'initialize').length;
    sessions.clear();
    expect(text(await client.callTool({ name: 'whoami', arguments: {} }))).toContain('mcp:tools');
    expect(remote.seen.filter((s) => methodOf(s) === 'initialize').length).toBe(before + 1);

    // every request after initialize carried the session and the negotiated version; a GET stream was opened
    const posts = remote.seen.filter((s) => s.method === 'POST' && methodOf(s) !== 'initialize');
    expect(posts.every((s) => s.headers['mcp-session-id'] !== undefined && s.headers['mcp-protocol-version'] === '2025-11-25')).toBe(true);
    expect(remote.seen.some((s) => s.method === 'GET' && s.headers['accept'] === 'text/event-stream')).toBe(true);
    expect(remote.seen.filter((s) => methodOf(s) === 'response').length).toBeGreaterThanOrEqual(2); // elicitation and roots answers

    const session = [...sessions.keys()][0]!;
    await client.close();
    await expect.poll(() => remote.seen.some((s) => s.method === 'DELETE' && s.headers['mcp-session-id'] === session), { timeout: 10_000 }).toBe(true);
    expect(errors).toEqual([]); // stdout held only JSON-RPC messages
    expect(stderr).not.toMatch(/eyJ|Bearer /); // no token in diagnostics
  }, 60_000);

  it('exit status of the built command: 0 when the host closes stdin, 3 when the first exchange is refused (--header mode: no OAuth), 4 when the server cannot be reached; stdout holds JSON-RPC lines only', async () => {
    const ping = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })}\n`;
    expect((await runBin(['proxy', remote.mcpUrl, '--store-dir', dir], '')).code).toBe(0);
    const before = remote.paths.length;
    const refused = await runBin(['proxy', remote.mcpUrl, '--header', 'X-Api-Key: k-1'], ping);
    expect(refused.code).toBe(3);
    expect(refused.lines.map((l) => JSON.parse(l) as { id: number; error: { data: { reason: string } } })).toMatchObject([{ id: 1, error: { data: { reason: 'auth' } } }]);
    expect(remote.paths.slice(before)).toEqual(['POST /mcp']); // no discovery, no registration
    const closed = new URL(remote.mcpUrl);
    closed.port = '1';
    const unreachable = await runBin(['proxy', closed.href], ping);
    expect(unreachable.code).toBe(4);
    expect(unreachable.lines.map((l) => JSON.parse(l) as { id: number; error: { data: { reason: string } } })).toMatchObject([{ id: 1, error: { data: { reason: 'unreachable' } } }]);
    expect(unreachable.stderr).toContain('cannot be reached');
    expect((await runBin(['proxy'], '')).code).toBe(2);
  }, 60_000);
});
