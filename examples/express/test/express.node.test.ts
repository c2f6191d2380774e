// Starts the Express example on 127.0.0.1 and runs the whole client flow against it with
// client-flow as the auth of the SDK's StreamableHTTPClientTransport; the "browser" is headless and
// approves server-flow's real consent page (CSRF cookie + form token).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abuseTests, heapUsed } from '../../shared/test/abuse.ts';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
import { sdkFetch } from '@mcp-oauth/mcp-sdk';
import { startExpressExample, type RunningExample } from '../src/server.ts';

const redirectUri = 'http://127.0.0.1:53690/callback';

const unescapeHtml = (s: string): string =>
  s.replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d))).replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Follows redirects by hand; on the consent page, submits "approve" with the page's CSRF cookie and token. */
async function headlessBrowser(url: URL, consents: string[]): Promise<string> {
  let next = url.href;
  for (let i = 0; i < 6; i++) {
    if (next.startsWith(redirectUri)) return next;
    const res = await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (location !== null) { await res.body?.cancel(); next = new URL(location, next).href; continue; }
    const html = await res.text();
    const field = (name: string): string => unescapeHtml(new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '');
    const raw = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    const action = raw === undefined ? undefined : unescapeHtml(raw);
    if (res.status !== 200 || action === undefined) throw new Error(`no consent form (HTTP ${res.status})`);
    consents.push(html);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const posted = await fetch(new URL(action, next), {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ txn: field('txn'), csrf: field('csrf'), decision: 'approve' }),
    });
    await posted.body?.cancel();
    const back = posted.headers.get('location');
    if (back === null) throw new Error(`consent was not accepted (HTTP ${posted.status})`);
    next = new URL(back, next).href;
  }
  throw new Error('too many redirects');
}

let ex: RunningExample;
// a SQLite file of this run's own (MCP_OAUTH_STORE), never the example's .data/
const temp = mkdtempSync(join(tmpdir(), 'mcp-oauth-express-'));
beforeAll(async () => { ex = await startExpressExample(0, { MCP_OAUTH_STORE: `sqlite:${join(temp, 'as.db')}` }); });
afterAll(async () => { await ex.close(); rmSync(temp, { recursive: true, force: true }); });

const text = (r: unknown): string => (r as { content: { text: string }[] }).content[0]?.text ?? '';

describe('examples/express', () => {
  it('MCP_OAUTH_STORE: the example keeps its state in the SQLite file the variable names', () => {
    expect(ex.store).toBe(`sqlite ${join(temp, 'as.db')}`);
  });

  it('R-PRM-2: the MCP endpoint answers 401 with the PRM URL; PRM and AS metadata are served', async () => {
    const res = await fetch(`${ex.origin}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain(`resource_metadata="${ex.rs.metadataUrl}"`);
    expect((await (await fetch(ex.rs.metadataUrl)).json()) as object).toMatchObject({ resource: `${ex.origin}/mcp` });
    expect((await fetch(`${ex.origin}/nothing-here`)).status).toBe(404);
  });

  it('C-TOK-3: SDK client through client-flow: consent, tool call, step-up on 403, revocation then 401', async () => {
    const consents: string[] = [];
    const oauth = createMcpOAuthClient({
      serverUrl: `${ex.origin}/mcp`, redirectUri, registration: { clientName: 'Express example test' },
      authorize: (url) => headlessBrowser(url, consents),
    });
    const client = new Client({ name: 'express-example-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${ex.origin}/mcp`), { fetch: sdkFetch(oauth) }));
    expect(JSON.parse(text(await client.callTool({ name: 'whoami', arguments: {} })))).toMatchObject({ subject: 'demo-user', scopes: ['mcp:tools'] });
    expect(consents).toHaveLength(1);

    // step-up: a second consent for the union of scopes
    expect(text(await client.callTool({ name: 'run_workflow', arguments: { name: 'nightly' } }))).toBe('workflow nightly started for demo-user');
    expect(consents).toHaveLength(2);
    const tokens = (await oauth.tokens())!;
    expect(tokens.scope?.split(' ')).toEqual(expect.arrayContaining(['mcp:tools', 'mcp:exec:workflows:run']));
    const clientId = (JSON.parse(text(await client.callTool({ name: 'whoami', arguments: {} }))) as { client: string }).client;
    await client.close();

    // RFC 7009: revoking the refresh token ends the grant; its access token stops working at once
    const asm = (await (await fetch(`${ex.origin}/.well-known/oauth-authorization-server`)).json()) as { revocation_endpoint: string };
    expect(tokens.refresh_token).toBeTypeOf('string');
    const revoke = await fetch(asm.revocation_endpoint, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refresh_token!, token_type_hint: 'refresh_token', client_id: clientId }),
    });
    expect(revoke.status).toBe(200);
    const after = await fetch(`${ex.origin}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  abuseTests(() => ({ mcpUrl: `${ex.origin}/mcp`, memory: heapUsed }));
});
