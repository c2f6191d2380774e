import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
import { sdkFetch } from '@mcp-oauth/mcp-sdk';
import { followAuthorization, startFixture, type Fixture } from './fixture';

const redirectUri = 'http://127.0.0.1:53682/callback';
let f: Fixture;
beforeAll(async () => { f = await startFixture(); });
afterAll(() => f.close());

function connectThroughClientFlow(opened: URL[] = []) {
  const oauth = createMcpOAuthClient({
    serverUrl: f.resource, redirectUri, registration: { clientName: 'mcp-sdk adapter test' },
    authorize: (url) => { opened.push(url); return followAuthorization(url); },
  });
  const transport = new StreamableHTTPClientTransport(new URL(f.resource), { fetch: sdkFetch(oauth) });
  const client = new Client({ name: 'adapter-test', version: '1.0.0' });
  return { oauth, transport, client };
}

const text = (r: unknown): string => ((r as { content: { text: string }[] }).content[0]?.text ?? '');

describe('sdkFetch: the SDK Client over StreamableHTTPClientTransport, authorized by client-flow', () => {
  it('C-TOK-1: a bare 401 is turned into discovery, DCR, PKCE authorization and a bearer-authorized tool call', async () => {
    const opened: URL[] = [];
    const { oauth, client, transport } = connectThroughClientFlow(opened);
    await client.connect(transport);
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(JSON.parse(text(result))).toMatchObject({ subject: 'alice', scopes: ['mcp:tools'] });
    expect(opened).toHaveLength(1);
    const auth = opened[0]!;
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('resource')).toBe(f.resource);
    expect(f.audit.some((e) => e.type === 'client.registered')).toBe(true);
    const tokens = await oauth.tokens();
    expect(tokens?.issuer).toBe(f.origin);
    await client.close();
  });

  it('C-TOK-3: a tool that needs a wider scope gets 403 insufficient_scope and the client steps up with the union', async () => {
    const opened: URL[] = [];
    const { client, transport, oauth } = connectThroughClientFlow(opened);
    await client.connect(transport);
    const result = await client.callTool({ name: 'run_workflow', arguments: { name: 'nightly' } });
    expect(text(result)).toBe('workflow nightly started');
    expect(opened).toHaveLength(2);
    expect(opened[1]!.searchParams.get('scope')!.split(' ').sort()).toEqual(['mcp:exec:workflows:run', 'mcp:tools']);
    expect((await oauth.tokens())?.scope?.split(' ')).toContain('mcp:exec:workflows:run');
    await client.close();
  });

  it('C-TOK-2: a revoked grant is answered 401 invalid_token and client-flow authorizes again without the SDK noticing', async () => {
    const opened: URL[] = [];
    const { client, transport, oauth } = connectThroughClientFlow(opened);
    await client.connect(transport);
    const before = await oauth.tokens();
    const grants = f.audit.filter((e) => e.type === 'token.issued' && e.grantId !== undefined).map((e) => e.grantId!);
    for (const g of grants) await f.as.revokeGrant(g);
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(JSON.parse(text(result)).subject).toBe('alice');
    expect((await oauth.tokens())?.access_token).not.toBe(before?.access_token);
    expect(opened).toHaveLength(2);
    await client.close();
  });

  it('sdkFetch refuses a request that already carries Authorization (it would bypass client-flow)', async () => {
    const { oauth } = connectThroughClientFlow();
    const transport = new StreamableHTTPClientTransport(new URL(f.resource), { fetch: sdkFetch(oauth), requestInit: { headers: { Authorization: 'Bearer abc' } } });
    const client = new Client({ name: 'adapter-test', version: '1.0.0' });
    await expect(client.connect(transport)).rejects.toBeInstanceOf(TypeError);
    expect(() => sdkFetch({} as never)).toThrow(TypeError);
  });
});
