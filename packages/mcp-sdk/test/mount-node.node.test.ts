// mcpAuth (@mcp-oauth/node) with the SDK's Node transports behind it, Node style: the 1.x
// StreamableHTTPServerTransport on Express and the 2.x toNodeHandler of @modelcontextprotocol/node
// on node:http both read req.auth, which the mount sets through `authInfo: authInfoFromPrincipal`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { McpServer as McpServerV1 } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
import { mcpAuth } from '@mcp-oauth/node';
import { authInfoFromPrincipal, principalOf, sdkFetch } from '@mcp-oauth/mcp-sdk';

const freePort = (): Promise<number> => new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => resolve(p)); }); });
const text = (r: unknown): string => ((r as { content: { text: string }[] }).content[0]?.text ?? '');
const common = { scopes: ['mcp:tools'], requiredScopes: ['mcp:tools'], autoApprove: { subject: 'node-style' }, authInfo: authInfoFromPrincipal };

async function connect(origin: string): Promise<Client> {
  const oauth = createMcpOAuthClient({
    serverUrl: `${origin}/mcp`, redirectUri: 'http://127.0.0.1/callback', registration: { clientName: 'mount test' },
    authorize: async (url) => (await fetch(url, { redirect: 'manual' })).headers.get('location')!,
  });
  const client = new Client({ name: 't', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${origin}/mcp`), { fetch: sdkFetch(oauth) }));
  return client;
}

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise<void>((r) => { s.close(() => r()); s.closeAllConnections(); }))));

describe('mcpAuth with the SDK Node transports (Node-style handler, req.auth from authInfoFromPrincipal)', () => {
  let v1 = '';
  let v2 = '';
  beforeAll(async () => {
    // 1.x on Express: one stateless transport per request
    const p1 = await freePort();
    v1 = `http://127.0.0.1:${p1}`;
    const app = express();
    mcpAuth(app, {
      ...common, issuer: v1, methods: ['POST'],
      mcp: async (req: express.Request, res: express.Response) => {
        const server = new McpServerV1({ name: 'v1', version: '1' });
        server.registerTool('whoami', {}, async (extra) => ({ content: [{ type: 'text', text: `${principalOf(extra.authInfo)?.subject}` }] }));
        const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
        res.on('close', () => { void transport.close(); void server.close(); });
        await server.connect(transport);
        await transport.handleRequest(req, res);
      },
    });
    const s1 = createServer(app);
    await new Promise<void>((r) => s1.listen(p1, '127.0.0.1', r));
    // 2.x on node:http through @modelcontextprotocol/node
    const p2 = await freePort();
    v2 = `http://127.0.0.1:${p2}`;
    const handler = toNodeHandler(createMcpHandler(() => {
      const server = new McpServer({ name: 'v2', version: '1' });
      server.registerTool('whoami', {}, async (ctx) => ({ content: [{ type: 'text', text: `${principalOf(ctx.http?.authInfo)?.subject}` }] }));
      return server;
    }));
    const s2 = createServer();
    mcpAuth(s2, { ...common, issuer: v2, mcp: (req: IncomingMessage, res: ServerResponse) => handler(req as IncomingMessage & { method: string; url: string }, res) });
    await new Promise<void>((r) => s2.listen(p2, '127.0.0.1', r));
    servers.push(s1, s2);
  });

  it('R-TOK-1: 1.x StreamableHTTPServerTransport on Express: the tool sees the principal through extra.authInfo; an unauthenticated GET is 401', async () => {
    const client = await connect(v1);
    expect(text(await client.callTool({ name: 'whoami', arguments: {} }))).toBe('node-style');
    await client.close();
    expect((await fetch(`${v1}/mcp`)).status).toBe(401);
  });

  it('R-TOK-1: 2.x toNodeHandler(createMcpHandler) on node:http: the tool sees the principal through ctx.http.authInfo', async () => {
    const client = await connect(v2);
    expect(text(await client.callTool({ name: 'whoami', arguments: {} }))).toBe('node-style');
    await client.close();
  });
});
