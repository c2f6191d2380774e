// The MCP server of the example on the official SDK 2.x: one McpServer per request (createMcpHandler),
// two tools, each with the scope it needs as a 2.x scope challenge (server-flow's hierarchy rules).
import { createMcpHandler, McpServer, type McpHttpHandler } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { principalOf, scopeChallenge } from '@mcp-oauth/mcp-sdk';

export function mcpHandler(): McpHttpHandler {
  return createMcpHandler(() => {
    const server = new McpServer({ name: 'mcp-oauth-sdk-v2-example', version: '1.0.0' });
    server.registerTool('whoami', { description: 'Who is calling, with which client and scopes.', scopeChallenge: scopeChallenge('mcp:tools') }, async (ctx) => {
      const p = principalOf(ctx.http?.authInfo);
      return { content: [{ type: 'text', text: JSON.stringify({ subject: p?.subject, client: p?.clientId, scopes: p?.scopes }) }] };
    });
    server.registerTool('run_workflow', {
      description: 'Pretends to run a workflow (needs mcp:exec:workflows:run).',
      inputSchema: z.object({ name: z.string().max(100) }),
      scopeChallenge: scopeChallenge('mcp:exec:workflows:run'), // a token without it: 403 insufficient_scope, the client steps up
    }, async ({ name }, ctx) => ({ content: [{ type: 'text', text: `workflow started: ${name} for ${principalOf(ctx.http?.authInfo)?.subject}` }] }));
    return server;
  }, { maxRequestBodySize: 65_536 });
}
