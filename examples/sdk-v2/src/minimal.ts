import { createServer } from 'node:http';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { authInfoFromPrincipal, principalOf } from '@mcp-oauth/mcp-sdk';
import { mcpAuth } from '@mcp-oauth/node';

const handler = createMcpHandler(() => {
  const mcp = new McpServer({ name: 'minimal', version: '1.0.0' });
  mcp.registerTool('whoami', {}, async (ctx) => ({ content: [{ type: 'text', text: `${principalOf(ctx.http?.authInfo)?.subject}` }] }));
  return mcp;
});
const port = Number(process.env['PORT'] ?? 3000), server = createServer();
mcpAuth(server, { issuer: `http://127.0.0.1:${port}`, scopes: ['mcp:tools'], requiredScopes: ['mcp:tools'], authenticate: async () => ({ subject: 'demo-user' }), // your login
  fetch: (request, principal, token) => handler.fetch(request, { authInfo: authInfoFromPrincipal(principal, token) }) });
server.listen(port, '127.0.0.1', () => console.log(`MCP server: http://127.0.0.1:${port}/mcp`));
