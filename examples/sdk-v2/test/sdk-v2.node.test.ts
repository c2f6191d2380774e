// examples/sdk-v2 as a real process on 127.0.0.1: the stock clients of both SDK lines and client-flow
// (as the fetch of the 2.x client transport) complete against the SDK 2.x server; step-up, 405s,
// the environment variables, and the one-call minimal server (src/minimal.ts, < 15 lines).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError as UnauthorizedErrorV1 } from '@modelcontextprotocol/sdk/client/auth.js';
import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
import { sdkFetch } from '@mcp-oauth/mcp-sdk';
import { abuseTests, groupRss } from '../../shared/test/abuse.ts';
import { headlessClient, startExample, stopExample, type Started } from '../../shared/test/support.ts';
import { stockProvider } from '../../shared/test/sdk-provider.ts';

const dir = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const run = (file: string): string[] => ['--experimental-strip-types', '--no-warnings', '--import', '../../tools/source-hook.mjs', file];
const freePort = (): Promise<number> => new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => res(p)); }); });

const text = (result: unknown): string => ((result as { content: { text: string }[] }).content[0]!.text);

let server: Started | undefined;
beforeAll(async () => { server = await startExample(node, run('src/server.ts'), { cwd: dir }); });
afterAll(() => stopExample(server));

describe('examples/sdk-v2 (MCP server on SDK 2.x, mounted with mcpAuth)', () => {
  it.each(['POST', 'GET', 'DELETE'])('R-PRM-2: the first 401 on %s /mcp names scope="mcp:tools" and the PRM document', async (method) => {
    const { mcpUrl } = server!;
    const res = await fetch(mcpUrl, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' } : {}) });
    expect(res.status).toBe(401);
    const www = res.headers.get('www-authenticate') ?? '';
    expect(www).toContain('scope="mcp:tools"');
    expect(www).toContain(`resource_metadata="${new URL(mcpUrl).origin}/.well-known/oauth-protected-resource/mcp"`);
  });

  it('C-AUTH-1, C-AUTH-3: the SDK 2.x stock client (@modelcontextprotocol/client) registers, authorizes with PKCE and iss, and calls a tool; on 403 it re-authorizes with the union of scopes (C-TOK-3)', async () => {
    const { mcpUrl } = server!;
    const { provider, callbacks, scopes } = stockProvider();
    const url = new URL(mcpUrl);
    const first = new StreamableHTTPClientTransport(url, { authProvider: provider });
    await expect(new Client({ name: 't', version: '1' }).connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(scopes).toEqual(['mcp:tools']); // R-PRM-2: the challenge's scope alone
    expect(callbacks[0]!.searchParams.get('iss')).toBe(url.origin);
    await first.finishAuth(callbacks[0]!.searchParams);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
    const me = JSON.parse(text(await client.callTool({ name: 'whoami', arguments: {} }))) as { subject: string; scopes: string[] };
    expect(me).toMatchObject({ subject: 'demo-user', scopes: ['mcp:tools'] });
    // the 403 insufficient_scope of run_workflow: the 2.x transport authorizes again, with both scopes
    await expect(client.callTool({ name: 'run_workflow', arguments: { name: 'nightly' } })).rejects.toThrow();
    expect(scopes).toHaveLength(2);
    expect(scopes[1]?.split(' ').sort()).toEqual(['mcp:exec:workflows:run', 'mcp:tools']);
    await client.close();
  }, 60_000);

  it('C-REG-3: the SDK 1.x stock client (@modelcontextprotocol/sdk 1.32.2) registers, authorizes headlessly and calls a tool on the 2.x server', async () => {
    const { mcpUrl } = server!;
    const { provider, callbacks, scopes } = stockProvider();
    const url = new URL(mcpUrl);
    const first = new TransportV1(url, { authProvider: provider });
    await expect(new ClientV1({ name: 't', version: '1' }).connect(first)).rejects.toBeInstanceOf(UnauthorizedErrorV1);
    expect(scopes).toEqual(['mcp:tools']);
    await first.finishAuth(callbacks[0]!.searchParams.get('code')!);
    const client = new ClientV1({ name: 't', version: '1' });
    await client.connect(new TransportV1(url, { authProvider: provider }));
    const me = JSON.parse(text(await client.callTool({ name: 'whoami', arguments: {} }))) as { subject: string };
    expect(me.subject).toBe('demo-user');
    await client.close();
  }, 60_000);

  it('C-TOK-3: client-flow as the fetch of the 2.x client transport: a tool call, then a tool needing a wider scope steps up (one more authorization)', async () => {
    const { mcpUrl } = server!;
    const { client: oauth, authorizations } = headlessClient(mcpUrl);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { fetch: sdkFetch(oauth) }));
    const me = JSON.parse(text(await client.callTool({ name: 'whoami', arguments: {} }))) as { scopes: string[] };
    expect(me.scopes).toEqual(['mcp:tools']);
    expect(authorizations).toHaveLength(1);
    expect(text(await client.callTool({ name: 'run_workflow', arguments: { name: 'nightly' } }))).toBe('workflow started: nightly for demo-user');
    expect(authorizations).toHaveLength(2);
    expect(authorizations[1]!.searchParams.get('scope')?.split(' ').sort()).toEqual(['mcp:exec:workflows:run', 'mcp:tools']);
    await client.close();
  }, 60_000);

  it('R-TOK-4: a token without mcp:exec:workflows:run gets 403 insufficient_scope naming it; GET and DELETE get 405 Allow: POST (stateless)', async () => {
    const { mcpUrl } = server!;
    const { client: oauth } = headlessClient(mcpUrl);
    const { access_token } = await oauth.authorize('mcp:tools');
    const headers = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };
    const res = await fetch(mcpUrl, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'run_workflow', arguments: { name: 'x' } } }) });
    expect(res.status).toBe(403);
    const www = res.headers.get('www-authenticate') ?? '';
    expect(www).toContain('error="insufficient_scope"');
    expect(www).toContain('scope="mcp:exec:workflows:run"');
    for (const method of ['GET', 'DELETE']) {
      const r = await fetch(mcpUrl, { method, headers: { authorization: `Bearer ${access_token}` } });
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('POST');
    }
  });

  abuseTests(() => ({ mcpUrl: server!.mcpUrl, memory: () => groupRss(server!.child.pid!) }));
});

describe('examples/sdk-v2 environment', () => {
  const startRaw = (file: string, env: Record<string, string>): Promise<{ code: number | null; out: string; stop: () => void }> => new Promise((resolve) => {
    const child = spawn(node, run(file), { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const done = (code: number | null): void => resolve({ code, out, stop: () => child.kill('SIGTERM') });
    child.stdout.on('data', (d) => { out += d; if (out.includes('MCP server:')) done(null); });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => done(code));
  });

  it.each(['sqlite:', 'postgres://127.0.0.1/db', 'redis://127.0.0.1:6379/x'])('MCP_OAUTH_STORE=%s: not a store the examples know, the server refuses to start and names the variable', async (spec) => {
    const r = await startRaw('src/server.ts', { PORT: '0', MCP_OAUTH_STORE: spec });
    expect(r.code).toBe(2);
    expect(r.out).toContain('MCP_OAUTH_STORE');
  });

  it('MCP_OAUTH_STORE=sqlite:<file>: the server keeps its state in that file, created 0600 in a 0700 folder', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'mcp-oauth-sdk-v2-'));
    const file = join(temp, 'private', 'as.db');
    const r = await startRaw('src/server.ts', { PORT: '0', MCP_OAUTH_STORE: `sqlite:${file}` });
    try {
      expect(r.out).toContain(`store sqlite ${file}`);
      expect(statSync(join(temp, 'private')).mode & 0o777).toBe(0o700);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally { r.stop(); rmSync(temp, { recursive: true, force: true }); }
  });

  it('RFC 8414 §3.3, RFC 9728 §3.3: MCP_OAUTH_PUBLIC_URL is the issuer and the resource origin behind a proxy', async () => {
    const port = await freePort();
    const r = await startRaw('src/server.ts', { PORT: String(port), MCP_OAUTH_PUBLIC_URL: 'https://mcp.example.com', MCP_OAUTH_STORE: 'memory' });
    try {
      expect(r.out).toContain('MCP server: https://mcp.example.com/mcp');
      const prm = await (await fetch(`http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp`)).json() as { resource: string; authorization_servers: string[] };
      expect(prm).toMatchObject({ resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://mcp.example.com'] });
      const md = await (await fetch(`http://127.0.0.1:${port}/.well-known/oauth-authorization-server`)).json() as { issuer: string; token_endpoint: string };
      expect(md).toMatchObject({ issuer: 'https://mcp.example.com', token_endpoint: 'https://mcp.example.com/token' });
    } finally { r.stop(); }
  });
});

describe('examples/sdk-v2/src/minimal.ts (the one-call mount)', () => {
  it('is under 15 lines, and is what the node README and the protect-a-server guide show', () => {
    const source = readFileSync(new URL('../src/minimal.ts', import.meta.url), 'utf8').trimEnd();
    expect(source.split('\n').length).toBeLessThan(15);
    for (const doc of ['../../../packages/node/README.md', '../../../docs/guide-protect-a-server.md']) {
      expect(readFileSync(new URL(doc, import.meta.url), 'utf8')).toContain(`\`\`\`ts\n${source}\n\`\`\``);
    }
  });

  it('C-AUTH-1, A-CONS-1: works: client-flow authorizes through the real consent page and calls whoami over SDK 2.x', async () => {
    const port = await freePort();
    const started = await startExample(node, run('src/minimal.ts'), { cwd: dir, env: { PORT: String(port), MCP_OAUTH_AUTO_APPROVE: '0' } });
    try {
      // the minimal server shows the consent page: approve it like a browser would (CSRF cookie + form token)
      const approving = createMcpOAuthClient({
        serverUrl: started.mcpUrl, redirectUri: 'http://127.0.0.1/callback', registration: { clientName: 'minimal test' },
        async authorize(url) { return approveConsent(url); },
      });
      const client = new Client({ name: 't', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(started.mcpUrl), { fetch: sdkFetch(approving) }));
      expect(text(await client.callTool({ name: 'whoami', arguments: {} }))).toBe('demo-user');
      await client.close();
    } finally { await stopExample(started); }
  }, 60_000);
});

const unescape = (s: string): string => s.replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d))).replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Opens the authorization URL, submits "approve" on server-flow's consent page, returns the callback URL. */
async function approveConsent(url: URL): Promise<string> {
  const page = await fetch(url, { redirect: 'manual' });
  const html = await page.text();
  const field = (name: string): string => unescape(new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '');
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || action === undefined) throw new Error(`no consent form (HTTP ${page.status})`);
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const posted = await fetch(new URL(unescape(action), url), {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ txn: field('txn'), csrf: field('csrf'), decision: 'approve' }),
  });
  const back = posted.headers.get('location');
  if (back === null) throw new Error(`consent was not accepted (HTTP ${posted.status})`);
  return back;
}
