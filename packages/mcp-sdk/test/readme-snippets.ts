// The README's code blocks, type-checked by `node tools/typecheck.mjs` (this file is never run).
// Keep them in sync with README.md.
import { createServer } from 'node:http';
import { homedir } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express from 'express';
import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import { fileTokenStore, openBrowser, startLoopbackReceiver, toNodeHandler } from '@mcp-oauth/node';
import { bearerAuth, requireToolScopes, sdkFetch } from '@mcp-oauth/mcp-sdk';

export async function clientSnippet(): Promise<void> {
  const receiver = await startLoopbackReceiver({ port: 8765 });
  const oauth = createMcpOAuthClient({
    serverUrl: 'https://mcp.example.com/mcp',
    redirectUri: receiver.redirectUri,
    registration: { clientName: 'My agent' },
    store: fileTokenStore(`${homedir()}/.my-agent/tokens`),
    authorize: async (url) => { await openBrowser(url); return receiver.waitForCallback(url.searchParams.get('state')!); },
  });
  const client = new Client({ name: 'my-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('https://mcp.example.com/mcp'), { fetch: sdkFetch(oauth) }));
}

export function serverSnippet(origin: string, authenticate: (r: Request) => Promise<{ subject: string } | Response>, transport: StreamableHTTPServerTransport): void {
  const as = createAuthorizationServer({ issuer: origin, resources: [`${origin}/mcp`], scopes: ['mcp:tools', 'mcp:exec:*'], authenticate });
  const rs = createProtectedResource({ resource: `${origin}/mcp`, authorizationServers: [origin], verifier: as.verifier(), requiredScopes: ['mcp:tools'] });

  const app = express();
  app.post('/mcp', bearerAuth(rs), express.json(), requireToolScopes(rs, { deploy: ['mcp:exec:deploy'] }), async (req, res) => {
    await transport.handleRequest(req, res, req.body); // tools get extra.authInfo; principalOf(extra.authInfo)
  });
  app.use(toNodeHandler((request, ctx) => rs.handleMetadata(request) ?? as.handle(request, ctx), { origin }));
}

// The middleware is structural: it also fits a plain node:http server.
export function nodeHttpFits(rs: ReturnType<typeof createProtectedResource>): void {
  const guard = bearerAuth(rs);
  void createServer((req, res) => { void guard(req, res, () => { res.end('authorized'); }); });
}
