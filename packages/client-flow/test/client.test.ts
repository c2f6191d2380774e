import { describe, expect, it } from 'vitest';
import { createMcpOAuthClient, memoryStore } from '@mcp-oauth/client-flow';
import { createWorld } from './helpers/world';

const redirectUri = 'http://127.0.0.1:8765/callback';

describe('createMcpOAuthClient', () => {
  it('C-TOK-1: from a bare 401 to an authorized request with Authorization: Bearer and no token in the URL', async () => {
    const w = createWorld({ requiredScopes: ['mcp:read'], prmDoc: { scopes_supported: ['mcp:read'] } });
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    const res = await c.fetch(w.mcp, { method: 'POST', body: '{"jsonrpc":"2.0"}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, body: '{"jsonrpc":"2.0"}' });
    const last = w.seen.at(-1)!;
    expect(last.headers.get('authorization')).toMatch(/^Bearer at-/);
    for (const s of w.seen) expect(s.url).not.toMatch(/at-\d/);
    expect((await c.tokens())?.issuer).toBe(w.issuer);
  });

  it('passes a request that already carries Authorization through untouched, even on 401', async () => {
    const w = createWorld();
    let hooks = 0;
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: () => { hooks++; return undefined; } });
    const res = await c.fetch(w.mcp, { headers: { authorization: 'Bearer api-key' } });
    expect(res.status).toBe(401);
    expect(w.seen).toHaveLength(1);
    expect(hooks).toBe(0);
  });

  it('reuses stored tokens across client instances without a new login', async () => {
    const w = createWorld();
    const store = memoryStore();
    const a = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, store });
    expect((await a.fetch(w.mcp)).status).toBe(200);
    const b = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, store, authorize: () => { throw new Error('no login expected'); } });
    expect((await b.fetch(w.mcp)).status).toBe(200);
    expect(w.counters.authorize).toBe(1);
    expect(w.counters.register).toBe(1);
  });
});
