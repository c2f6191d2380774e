// Starts the mock provider and the MCP server on 127.0.0.1, then signs in through client-flow with a
// headless browser that approves our consent page and follows the upstream sign-in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abuseTests, heapUsed } from '../../shared/test/abuse.ts';
import { createMcpOAuthClient, type FetchLike } from '@mcp-oauth/client-flow';
import { startDelegationExample, type RunningDelegation } from '../src/server.ts';

const redirectUri = 'http://127.0.0.1:53691/callback';
const unescapeHtml = (s: string): string =>
  s.replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d))).replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** A browser with a cookie jar (per origin): approves the consent page, follows every redirect. */
function headlessBrowser(seen: string[]): (url: URL) => Promise<string> {
  const jar = new Map<string, Map<string, string>>();
  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const cookies = jar.get(new URL(url).origin) ?? new Map<string, string>();
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    jar.set(new URL(url).origin, cookies);
    return res;
  };
  return async (start) => {
    let next = start.href;
    for (let i = 0; i < 8; i++) {
      if (next.startsWith(redirectUri)) { seen.push(next); return next; }
      let res = await send(next);
      if (res.status === 200) {
        const html = await res.text();
        seen.push(html);
        const field = (name: string): string => unescapeHtml(new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '');
        const action = unescapeHtml(/<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '');
        res = await send(new URL(action, next).href, {
          method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ txn: field('txn'), csrf: field('csrf'), decision: 'approve' }),
        });
      }
      const location = res.headers.get('location');
      if (location === null) throw new Error(`the sign-in stopped at HTTP ${res.status}`);
      seen.push(location);
      await res.body?.cancel();
      next = new URL(location, next).href;
    }
    throw new Error('too many redirects');
  };
}

let ex: RunningDelegation;
// a SQLite file of this run's own (MCP_OAUTH_STORE), never the example's .data/
const temp = mkdtempSync(join(tmpdir(), 'mcp-oauth-delegation-'));
beforeAll(async () => { ex = await startDelegationExample(0, 0, { MCP_OAUTH_STORE: `sqlite:${join(temp, 'as.db')}` }); });
afterAll(async () => { await ex.close(); rmSync(temp, { recursive: true, force: true }); });

describe('examples/upstream-delegation', () => {
  it('MCP_OAUTH_STORE: the example keeps its state (upstream tokens included) in the SQLite file the variable names', () => {
    expect(ex.store).toBe(`sqlite ${join(temp, 'as.db')}`);
  });

  it('R-TOK-3: the tool reads the upstream API with the upstream token; the MCP client never sees it; revocation upstream ends the grant', async () => {
    // Everything the MCP client ever receives: HTTP responses (headers + bodies) and browser hops.
    const seen: string[] = [];
    const recording: FetchLike = async (input, init) => {
      const res = await fetch(input, init);
      seen.push([...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n'), await res.clone().text());
      return res;
    };
    const oauth = createMcpOAuthClient({ serverUrl: `${ex.origin}/mcp`, redirectUri, registration: { clientName: 'Delegation test' }, authorize: headlessBrowser(seen), fetch: recording });
    const rpc = async (method: string, params: object = {}): Promise<Response> => oauth.fetch(`${ex.origin}/mcp`, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });

    const init = await rpc('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } });
    expect(init.status).toBe(200);
    const call = (await (await rpc('tools/call', { name: 'list_notes', arguments: {} })).json()) as { result: { content: { text: string }[]; isError?: boolean } };
    expect(call.result.isError).toBeUndefined();
    expect(call.result.content[0]!.text).toBe('Buy milk\nShip the MCP server');

    // the upstream token(s) never reached the client; our token never reached the upstream API
    const mcpToken = (await oauth.tokens())!.access_token;
    expect(ex.provider.issued.length).toBeGreaterThan(0);
    for (const upstreamToken of ex.provider.issued) for (const s of seen) expect(s).not.toContain(upstreamToken);
    expect(ex.provider.apiAuthorizations.length).toBeGreaterThan(0);
    for (const h of ex.provider.apiAuthorizations) expect(h).not.toContain(mcpToken);
    expect(ex.provider.apiAuthorizations).toContain(`Bearer ${ex.provider.issued[0]}`);

    // the user disconnects the app at the provider: the tool fails, and the grant is gone
    ex.provider.revokeAll();
    const failed = (await (await rpc('tools/call', { name: 'list_notes', arguments: {} })).json()) as { result: { isError?: boolean } };
    expect(failed.result.isError).toBe(true);
    const after = await fetch(`${ex.origin}/mcp`, {
      method: 'POST', headers: { authorization: `Bearer ${mcpToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');

    // client-flow recovers by itself: refresh fails (grant ended), so it signs in again upstream
    const again = (await (await rpc('tools/call', { name: 'list_notes', arguments: {} })).json()) as { result: { content: { text: string }[]; isError?: boolean } };
    expect(again.result.isError).toBeUndefined();
    expect((await oauth.tokens())!.access_token).not.toBe(mcpToken);
    expect(ex.provider.issued.length).toBe(2);
    for (const upstreamToken of ex.provider.issued) for (const s of seen) expect(s).not.toContain(upstreamToken);
  });

  it('A-CONS-1: a new client always gets our consent page before the upstream sign-in', async () => {
    const seen: string[] = [];
    const oauth = createMcpOAuthClient({ serverUrl: `${ex.origin}/mcp`, redirectUri, registration: { clientName: 'Second client' }, authorize: headlessBrowser(seen) });
    await oauth.authorize();
    const consentAt = seen.findIndex((s) => s.includes('<form method="post"'));
    const upstreamAt = seen.findIndex((s) => s.startsWith(`${ex.upstream}/authorize`));
    expect(consentAt).toBeGreaterThanOrEqual(0);
    expect(upstreamAt).toBeGreaterThan(consentAt);
  });

  abuseTests(() => ({ mcpUrl: `${ex.origin}/mcp`, memory: heapUsed }));
});
