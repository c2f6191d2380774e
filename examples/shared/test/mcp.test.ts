// The shared MCP endpoint and app wiring in process (Request in, Response out), for the answers the
// runtime examples' end-to-end flows (flow.ts) never provoke: malformed JSON-RPC, notifications,
// unknown tools and methods, bad arguments, wrong HTTP method, unknown paths.
import { describe, expect, it } from 'vitest';
import type { Principal } from '@mcp-oauth/server-flow';
import { createExampleApp } from '../src/app.ts';
import { handleMcp, TOOL_SCOPES } from '../src/mcp.ts';

const origin = 'http://127.0.0.1:8787';
const { rs, handle } = createExampleApp({ origin, autoApprove: true });
const principal = (scopes: string[]): Principal => ({
  subject: 'demo-user', hasUser: true, clientId: 'c1', scopes, resource: `${origin}/mcp`, expiresAt: 2_000_000_000, issuer: origin,
});
const post = (body: string): Request => new Request(`${origin}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
const call = async (body: unknown, scopes = ['mcp:tools']): Promise<{ status: number; json: any }> => {
  const res = await handleMcp(post(JSON.stringify(body)), principal(scopes), rs);
  return { status: res.status, json: res.status === 202 || res.status === 403 ? null : await res.json() };
};

describe('examples/shared: the MCP tools endpoint', () => {
  it('JSON-RPC 2.0 §5.1: not a JSON object (batches included) is -32700, no jsonrpc 2.0 or method is -32600, an unknown method is -32601', async () => {
    for (const body of ['{', '[1]', 'null', '"x"']) {
      const res = await handleMcp(post(body), principal(['mcp:tools']), rs);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
    }
    for (const bad of [{ id: 1, method: 'ping' }, { jsonrpc: '1.0', id: 1, method: 'ping' }, { jsonrpc: '2.0', id: 1, method: 7 }]) {
      const { status, json } = await call(bad);
      expect(status).toBe(400);
      expect(json.error.code).toBe(-32600);
    }
    expect((await call({ jsonrpc: '2.0', id: 'a', method: 'resources/list' })).json).toEqual({ jsonrpc: '2.0', id: 'a', error: { code: -32601, message: 'method not found' } });
  });

  it('JSON-RPC 2.0 §4.1: a notification (no id) is accepted with 202 and no body', async () => {
    const res = await handleMcp(post('{"jsonrpc":"2.0","method":"notifications/initialized"}'), principal(['mcp:tools']), rs);
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
  });

  it('JSON-RPC 2.0 §5.1: an unknown tool and a bad argument are -32602; a tool beyond the granted scopes is 403 insufficient_scope', async () => {
    expect((await call({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'rm_rf' } })).json.error.code).toBe(-32602);
    for (const name of [undefined, 7, 'x'.repeat(101)]) {
      const { json } = await call({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'run_workflow', arguments: { name } } }, ['mcp:tools', 'mcp:exec:workflows:run']);
      expect(json.error.code).toBe(-32602);
    }
    const res = await handleMcp(post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'run_workflow', arguments: { name: 'n' } } })), principal(['mcp:tools']), rs);
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect(res.headers.get('www-authenticate')).toContain('mcp:exec:workflows:run');
    const ok = await call({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'run_workflow', arguments: { name: 'n' } } }, ['mcp:tools', 'mcp:exec:*']);
    expect(ok.json.result.content[0].text).toBe('workflow started for demo-user');
    expect(Object.keys(TOOL_SCOPES)).toEqual(['whoami', 'run_workflow']);
  });

  it('RFC 9110 §15.5.6: any method but POST is 405 with Allow: POST', async () => {
    const res = await handleMcp(new Request(`${origin}/mcp`), principal(['mcp:tools']), rs);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('examples/shared: the app routing', () => {
  it('RFC 9728 §5.1: /mcp without a token is 401 naming the PRM URL, which is served; other unknown paths are 404', async () => {
    const res = await handle(post('{"jsonrpc":"2.0","id":1,"method":"ping"}'));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain(`resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`);
    const prm = await handle(new Request(`${origin}/.well-known/oauth-protected-resource/mcp`));
    expect(await prm.json()).toMatchObject({ resource: `${origin}/mcp`, authorization_servers: [origin] });
    const meta = await handle(new Request(`${origin}/.well-known/oauth-authorization-server`));
    expect((await meta.json()).issuer).toBe(origin);
    expect((await handle(new Request(`${origin}/nothing-here`))).status).toBe(404);
  });
});
