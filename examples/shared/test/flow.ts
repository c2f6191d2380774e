// Shared by the runtime examples hono, deno, bun and worker (each test file calls these with its server).
// The checks every runtime example passes: the same client-flow authorization, whatever serves it.
import { expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { memoryStore, revokeToken } from '@mcp-oauth/client-flow';
import { headlessClient, rpc, type Started } from './support.ts';

/** Discovery, authorization, a tool call, step-up, a foreign token. */
export function flowTests(server: () => Started): void {
  // First, so that on the worker (app created on the first request) the very first request is forged.
  it('RFC 8414 §3.3: a forged Host header changes neither the issuer nor the resource', async () => {
    const { mcpUrl } = server();
    const origin = new URL(mcpUrl).origin;
    const get = (path: string): Promise<any> => new Promise((resolve, reject) => {
      const req = httpRequest(`${origin}${path}`, { headers: { host: 'evil.example' } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => {
          try { resolve(JSON.parse(body)); } catch (e) { reject(e); }
        });
      });
      req.on('error', reject).end();
    });
    const as = await get('/.well-known/oauth-authorization-server');
    expect(as.issuer).toBe(origin);
    expect(as.token_endpoint).toBe(`${origin}/token`);
    const prm = await get('/.well-known/oauth-protected-resource/mcp');
    expect(prm.resource).toBe(mcpUrl);
  });

  it('R-PRM-2: an unauthenticated MCP request gets 401 with resource_metadata, and the PRM document it names is served (R-PRM-1)', async () => {
    const { mcpUrl } = server();
    const res = await fetch(mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    expect(res.status).toBe(401);
    const www = res.headers.get('www-authenticate') ?? '';
    const prmUrl = /resource_metadata="([^"]+)"/.exec(www)?.[1];
    expect(prmUrl).toBe(new URL('/.well-known/oauth-protected-resource/mcp', mcpUrl).href);
    const prm = await (await fetch(prmUrl!)).json();
    expect(prm.resource).toBe(mcpUrl);
    expect(prm.authorization_servers).toEqual([new URL(mcpUrl).origin]);
  });

  it('C-AUTH-1: client-flow discovers, registers, authorizes with PKCE and calls a tool', async () => {
    const { mcpUrl } = server();
    const { client, authorizations } = headlessClient(mcpUrl);
    const init = await rpc(client, mcpUrl, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'test', version: '1' } });
    expect(init.status).toBe(200);
    expect(init.body.result.capabilities.tools).toBeDefined();
    expect(authorizations).toHaveLength(1);
    const url = authorizations[0]!;
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(mcpUrl);
    const list = await rpc(client, mcpUrl, 'tools/list');
    expect(list.body.result.tools.map((t: { name: string }) => t.name)).toEqual(['whoami', 'run_workflow']);
    const who = await rpc(client, mcpUrl, 'tools/call', { name: 'whoami', arguments: {} });
    expect(who.status).toBe(200);
    const identity = JSON.parse(who.body.result.content[0].text);
    expect(identity.subject).toBe('demo-user');
    expect(identity.scopes).toContain('mcp:tools');
    expect(identity.scopes).not.toContain('mcp:exec:workflows:run');
    expect(authorizations).toHaveLength(1); // the token was reused, not re-obtained
  });

  it('C-TOK-3: a tool needing a wider scope gets 403 insufficient_scope and the client steps up', async () => {
    const { mcpUrl } = server();
    const { client, authorizations } = headlessClient(mcpUrl);
    await client.authorize('mcp:tools');
    const before = await client.tokens();
    expect(before?.scope?.split(' ')).not.toContain('mcp:exec:workflows:run');
    const res = await fetch(mcpUrl, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${before!.access_token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'run_workflow', arguments: { name: 'nightly' } } }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    const run = await rpc(client, mcpUrl, 'tools/call', { name: 'run_workflow', arguments: { name: 'nightly' } });
    expect(run.status).toBe(200);
    expect(run.body.result.content[0].text).toMatch(/^workflow started/);
    expect(authorizations).toHaveLength(2);
    expect(authorizations[1]!.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['mcp:tools', 'mcp:exec:workflows:run']));
  });

  it('RFC 9110 §15.5.14: an oversized MCP request body is refused with 413 without being read whole', async () => {
    const { mcpUrl } = server();
    const { client } = headlessClient(mcpUrl);
    await client.authorize('mcp:tools');
    const { access_token } = (await client.tokens())!;
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(70_000) } });
    const res = await fetch(mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` }, body: big });
    expect(res.status).toBe(413);
    const ok = await fetch(mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` }, body: '{"jsonrpc":"2.0","id":2,"method":"ping"}' });
    expect(await ok.json()).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
  });

  it('R-TOK-1: a token that is not ours is rejected with 401 invalid_token', async () => {
    const { mcpUrl } = server();
    const res = await fetch(mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });
}

/** Refresh ahead of expiry, revocation, re-authorization. */
export function lifecycleTests(server: () => Started): void {
  it('C-TOK-2: tokens are refreshed ahead of expiry; after the refresh token is revoked the old access token gets 401 and the client authorizes again', async () => {
    const { mcpUrl } = server();
    const store = memoryStore();
    let skew = 0;
    const { client, authorizations } = headlessClient(mcpUrl, { store, now: () => Date.now() + skew });
    const whoami = (): Promise<{ status: number; body: any }> => rpc(client, mcpUrl, 'tools/call', { name: 'whoami', arguments: {} });
    expect((await whoami()).status).toBe(200);
    const first = await client.tokens();
    expect(first?.refresh_token).toBeTypeOf('string');

    skew = ((first!.expires_at ?? 0) * 1000 - Date.now()) - 30_000; // 30 s before expiry, inside the leeway
    expect((await whoami()).status).toBe(200);
    const second = await client.tokens();
    expect(second!.access_token).not.toBe(first!.access_token);
    expect(second!.refresh_token).not.toBe(first!.refresh_token); // rotated
    expect(authorizations).toHaveLength(1);

    // RFC 7009: revoking the refresh token ends the grant and its access tokens at once
    const origin = new URL(mcpUrl).origin;
    const as = await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json();
    const record = await store.load({ server: mcpUrl, issuer: origin });
    expect(await revokeToken(as, { client: record!.client!, token: second!.refresh_token!, tokenTypeHint: 'refresh_token' })).toBe(true);
    const stale = await fetch(mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${second!.access_token}` }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
    expect(stale.status).toBe(401);
    expect(stale.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);

    expect((await whoami()).status).toBe(200); // 401 → refresh refused → a new authorization
    expect(authorizations).toHaveLength(2);
  });
}
