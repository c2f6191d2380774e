// A minimal MCP endpoint (Streamable HTTP, stateless, JSON responses) with one tool, written by hand
// to keep this example free of the SDK: initialize, tools/list and tools/call. With the official
// SDK, register the same tool on an McpServer and read the principal with principalOf() from
// @mcp-oauth/mcp-sdk (see examples/express).
import type { Principal } from '@mcp-oauth/server-flow';

export interface Tool {
  description: string;
  run(principal: Principal): Promise<{ text: string; isError?: boolean }>;
}

type Message = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };

const reply = (id: unknown, result: unknown): unknown => ({ jsonrpc: '2.0', id, result });
const fail = (id: unknown, code: number, message: string): unknown => ({ jsonrpc: '2.0', id: id ?? null, error: { code, message } });

/** Answers one POST of JSON-RPC messages for an authenticated principal. */
export async function handleMcp(request: Request, principal: Principal, tools: Record<string, Tool>): Promise<Response> {
  if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } });
  let body: unknown;
  try { body = await request.json(); } catch { return Response.json(fail(null, -32700, 'parse error'), { status: 400 }); }
  const batch = Array.isArray(body);
  const out: unknown[] = [];
  for (const m of (batch ? body : [body]) as Message[]) {
    if (typeof m !== 'object' || m === null || m.jsonrpc !== '2.0' || typeof m.method !== 'string') { out.push(fail(null, -32600, 'invalid request')); continue; }
    if (m.id === undefined) continue; // a notification: nothing to answer
    if (m.method === 'initialize') {
      const version = (m.params as { protocolVersion?: unknown } | undefined)?.protocolVersion;
      out.push(reply(m.id, { protocolVersion: typeof version === 'string' ? version : '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'upstream-delegation-example', version: '1.0.0' } }));
    } else if (m.method === 'ping') {
      out.push(reply(m.id, {}));
    } else if (m.method === 'tools/list') {
      out.push(reply(m.id, { tools: Object.entries(tools).map(([name, t]) => ({ name, description: t.description, inputSchema: { type: 'object', properties: {} } })) }));
    } else if (m.method === 'tools/call') {
      const name = (m.params as { name?: unknown } | undefined)?.name;
      const tool = typeof name === 'string' && Object.hasOwn(tools, name) ? tools[name] : undefined;
      if (tool === undefined) { out.push(fail(m.id, -32602, 'unknown tool')); continue; }
      const r = await tool.run(principal);
      out.push(reply(m.id, { content: [{ type: 'text', text: r.text }], ...(r.isError ? { isError: true } : {}) }));
    } else {
      out.push(fail(m.id, -32601, 'method not found'));
    }
  }
  if (out.length === 0) return new Response(null, { status: 202 });
  return Response.json(batch ? out : out[0]);
}
