// Shared by the examples hono, deno, bun, worker (through ./app.ts or their own routing) and
// browser-spa (its demo server). A minimal MCP tools endpoint (JSON-RPC 2.0 over POST, JSON
// responses, no sessions): enough for a client to initialize, list and call tools. Runtimes where
// the official SDK runs can use its McpServer instead (see examples/node-server); the OAuth part
// does not change.
import type { Principal, ProtectedResource } from '@mcp-oauth/server-flow';

/** Scopes each tool needs; a call without them gets 403 insufficient_scope (the client steps up). */
export const TOOL_SCOPES: Record<string, readonly string[]> = { whoami: ['mcp:tools'], run_workflow: ['mcp:exec:workflows:run'] };

const TOOLS = [
  { name: 'whoami', description: 'Who is calling, with which client and scopes.', inputSchema: { type: 'object', properties: {} } },
  { name: 'run_workflow', description: 'Pretends to run a workflow (needs mcp:exec:workflows:run).', inputSchema: { type: 'object', properties: { name: { type: 'string', maxLength: 100 } }, required: ['name'] } },
];
const MAX_BODY = 65_536;
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

interface RpcRequest { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: { name?: unknown; arguments?: { name?: unknown }; protocolVersion?: unknown } }

const reply = (id: unknown, body: { result: unknown } | { error: { code: number; message: string } }, status = 200): Response =>
  new Response(JSON.stringify({ jsonrpc: '2.0', id: id ?? null, ...body }), { status, headers: JSON_HEADERS });

function text(value: string): { content: { type: 'text'; text: string }[] } {
  return { content: [{ type: 'text', text: value }] };
}

/** The body as text, or `undefined` once it exceeds `max` bytes (read no further than that). */
async function readBounded(request: Request, max: number): Promise<string | undefined> {
  if (Number(request.headers.get('content-length') ?? 0) > max) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.byteLength;
    if (size > max) { await reader.cancel(); return undefined; }
    chunks.push(r.value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.byteLength; }
  return new TextDecoder().decode(all);
}

/** Answers one JSON-RPC request for an authenticated principal. `rs` checks each tool's scopes. */
export async function handleMcp(request: Request, principal: Principal, rs: ProtectedResource): Promise<Response> {
  if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } });
  const raw = await readBounded(request, MAX_BODY);
  if (raw === undefined) return reply(null, { error: { code: -32600, message: 'request too large' } }, 413);
  let msg: RpcRequest;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    msg = parsed as RpcRequest;
  } catch {
    return reply(null, { error: { code: -32700, message: 'parse error' } }, 400);
  }
  if (msg.jsonrpc !== '2.0' || typeof msg.method !== 'string') return reply(msg.id, { error: { code: -32600, message: 'invalid request' } }, 400);
  if (msg.id === undefined) return new Response(null, { status: 202 }); // a notification
  switch (msg.method) {
    case 'initialize': {
      const asked = msg.params?.protocolVersion;
      return reply(msg.id, { result: {
        protocolVersion: typeof asked === 'string' ? asked : '2025-11-25',
        capabilities: { tools: {} },
        serverInfo: { name: 'mcp-oauth-example', version: '1.0.0' },
      } });
    }
    case 'ping': return reply(msg.id, { result: {} });
    case 'tools/list': return reply(msg.id, { result: { tools: TOOLS } });
    case 'tools/call': {
      const name = typeof msg.params?.name === 'string' ? msg.params.name : '';
      const needed = TOOL_SCOPES[name];
      if (!needed) return reply(msg.id, { error: { code: -32602, message: 'unknown tool' } });
      const denied = rs.requireScopes(principal, needed);
      if (denied) return denied;
      if (name === 'whoami') return reply(msg.id, { result: text(JSON.stringify({ subject: principal.subject, client: principal.clientId, scopes: principal.scopes })) });
      const workflow = msg.params?.arguments?.name;
      if (typeof workflow !== 'string' || workflow.length > 100) return reply(msg.id, { error: { code: -32602, message: 'name must be a string' } });
      return reply(msg.id, { result: text(`workflow started for ${principal.subject}`) });
    }
    default: return reply(msg.id, { error: { code: -32601, message: 'method not found' } });
  }
}
