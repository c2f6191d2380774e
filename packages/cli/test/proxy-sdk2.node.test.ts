// `mcp-oauth proxy` (the built command) between the official SDK 2.4.0 client over stdio, pinned to
// the 2026-07-28 wire, and an SDK 2.4.0 server (createMcpHandler) behind server-flow: every message
// its own POST with the request metadata headers, no session, no GET stream; x-mcp-header mirrored,
// invalid tool definitions left out of tools/list; the host's cancellation closes the POST.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { BIN, methodOf, startRemote, type Remote } from './proxy-support';

const text = (r: unknown): string => (r as { content: { text: string }[] }).content[0]!.text;

const warn = console.warn;

describe('mcp-oauth proxy: SDK 2.4.0 host over stdio ↔ SDK 2.4.0 server (2026-07-28 wire)', () => {
  let remote: Remote;
  let dir: string;
  let slowCancelled: () => void = () => {};
  const cancelled = new Promise<void>((r) => { slowCancelled = r; });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-proxy-sdk2-'));
    console.warn = () => {}; // the SDK warns (at tools/list) about the invalid tool, on purpose
    const handler = createMcpHandler(() => {
      const server = new McpServer({ name: 'sdk2', version: '1.0.0' });
      server.registerTool('whoami', { description: 'scopes' }, async (ctx) => ({ content: [{ type: 'text', text: String(ctx.http?.authInfo?.scopes?.join(' ')) }] }));
      server.registerTool('query', {
        description: 'x-mcp-header on region',
        inputSchema: z.object({ region: z.string().meta({ 'x-mcp-header': 'Region' }), sql: z.string() }),
      }, async ({ region }) => ({ content: [{ type: 'text', text: `ran in ${region}` }] }));
      server.registerTool('broken', {
        description: 'x-mcp-header on a number: invalid',
        inputSchema: z.object({ n: z.number().meta({ 'x-mcp-header': 'N' }) }),
      }, async () => ({ content: [{ type: 'text', text: 'never listed' }] }));
      return server;
    });
    remote = await startRemote(async (request, principal) => {
      const body = request.method === 'POST' ? (await request.clone().json().catch(() => null)) as { method?: string; params?: { name?: string } } | null : null;
      if (body?.method === 'tools/call' && body.params?.name === 'slow') {
        // An answer that never comes: the stream's cancel is the server seeing the cancellation.
        return new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(': working\n\n')); }, cancel() { slowCancelled(); } }), { headers: { 'content-type': 'text/event-stream' } });
      }
      return handler.fetch(request, { authInfo: { token: 'x', clientId: principal.clientId, scopes: [...principal.scopes] } });
    }, { methods: ['POST'] });
  });
  afterAll(async () => {
    console.warn = warn;
    await remote?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('MCP Streamable HTTP 2026-07-28 over stdio: MCP-Protocol-Version, Mcp-Method, Mcp-Name and Mcp-Param-* on every POST, no Mcp-Session-Id, no GET; an invalid tool left out of tools/list; cancellation closes the POST', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath, args: [BIN, 'proxy', remote.mcpUrl, '--store-dir', dir],
      env: { ...getDefaultEnvironment(), MCP_OAUTH_CLI_HEADLESS_AUTHORIZE: '1' }, stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    const client = new Client({ name: 'host', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(transport);
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['whoami', 'query']); // "broken" left out
    expect(stderr).toContain('left tool "broken" out of tools/list');
    expect(text(await client.callTool({ name: 'whoami', arguments: {} }))).toBe('mcp:tools');
    expect(text(await client.callTool({ name: 'query', arguments: { region: 'Zürich', sql: 'select 1' } }))).toBe('ran in Zürich');

    const posts = remote.seen.filter((s) => s.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(4);
    for (const s of posts) {
      expect(s.headers['mcp-protocol-version']).toBe('2026-07-28');
      expect(s.headers['mcp-method']).toBe(methodOf(s));
      expect(s.headers['mcp-session-id']).toBeUndefined();
    }
    const call = posts.find((s) => s.body.includes('"query"'))!;
    expect(call.headers['mcp-name']).toBe('query');
    expect(call.headers['mcp-param-region']).toBe(`=?base64?${Buffer.from('Zürich').toString('base64')}?=`);
    expect(posts.find((s) => s.body.includes('"whoami"'))!.headers['mcp-param-region']).toBeUndefined();
    expect(remote.seen.some((s) => s.method !== 'POST')).toBe(false); // no GET stream, no DELETE

    // the host's notifications/cancelled closes the response stream and is not posted
    const abort = new AbortController();
    const slow = client.callTool({ name: 'slow', arguments: {} }, { signal: abort.signal });
    await expect.poll(() => remote.seen.some((s) => s.body.includes('"slow"')), { timeout: 10_000 }).toBe(true);
    abort.abort();
    await expect(slow).rejects.toThrow();
    await cancelled;
    expect(remote.seen.some((s) => methodOf(s) === 'notifications/cancelled')).toBe(false);

    await client.close();
    expect(remote.seen.some((s) => s.method !== 'POST')).toBe(false);
    expect(stderr).not.toMatch(/eyJ|Bearer /);
  }, 60_000);

  it('MCP Streamable HTTP 2026-07-28 Client Behavior: a tools/call before any tools/list (annotations unknown) gets HeaderMismatch; the proxy lists the tools and retries once', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath, args: [BIN, 'proxy', remote.mcpUrl, '--store-dir', dir],
      env: { ...getDefaultEnvironment(), MCP_OAUTH_CLI_HEADLESS_AUTHORIZE: '1' }, stderr: 'pipe',
    });
    const client = new Client({ name: 'host', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(transport);
    const from = remote.seen.length;
    expect(text(await client.callTool({ name: 'query', arguments: { region: 'eu-west', sql: 'select 1' } }))).toBe('ran in eu-west');
    const methods = remote.seen.slice(from).map((s) => `${methodOf(s)} ${s.headers['mcp-param-region'] ?? '-'}`);
    expect(methods).toEqual(['tools/call -', 'tools/list -', 'tools/call eu-west']);
    await client.close();
  }, 60_000);
});
