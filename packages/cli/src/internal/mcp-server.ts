// The demo's MCP server: a minimal Streamable-HTTP JSON-RPC endpoint (POST, JSON responses) with two
// tools, protected by server-flow's createProtectedResource.
import type { Principal, ProtectedResource } from '@mcp-oauth/server-flow';

/** The scope every request needs. */
export const READ_SCOPE = 'mcp:tools:read';
/** The wider scope `add_note` needs (step-up). */
export const WRITE_SCOPE = 'mcp:tools:write';

const TOOLS = [
  { name: 'whoami', description: 'Tells who the caller is (needs mcp:tools:read).', inputSchema: { type: 'object', properties: {} } },
  {
    name: 'add_note', description: 'Stores a note (needs mcp:tools:write).',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  },
];

const MAX_BODY = 65_536;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

const rpcError = (id: unknown, code: number, message: string, status = 200): Response =>
  json({ jsonrpc: '2.0', id: id ?? null, error: { code, message } }, status);

async function readMessage(request: Request): Promise<Record<string, unknown> | undefined> {
  const text = await request.text();
  if (text.length > MAX_BODY) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function call(rs: ProtectedResource, principal: Principal, id: unknown, params: Record<string, unknown>, notes: string[]): Response {
  const text = (t: string): Response => json({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: t }] } });
  if (params['name'] === 'whoami') {
    return text(`You are ${principal.subject}, via client ${principal.clientId}, with scopes ${principal.scopes.join(' ')}.`);
  }
  if (params['name'] === 'add_note') {
    const denied = rs.requireScopes(principal, [READ_SCOPE, WRITE_SCOPE]);
    if (denied) return denied;
    const args = params['arguments'] as Record<string, unknown> | undefined;
    const note = typeof args?.['text'] === 'string' ? args['text'].slice(0, 200) : '';
    notes.push(note);
    return text(`Saved note #${notes.length} (${note.length} characters).`);
  }
  return rpcError(id, -32602, 'Unknown tool');
}

/** The MCP endpoint at `path` plus the PRM document; anything else is 404. */
export function mcpHandler(rs: ProtectedResource, path: string): (request: Request) => Promise<Response> {
  const notes: string[] = [];
  return async (request) => {
    const meta = rs.handleMetadata(request);
    if (meta) return meta;
    if (new URL(request.url).pathname !== path) return json({ error: 'not_found' }, 404);
    if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } });
    const auth = await rs.authenticate(request);
    if (!auth.ok) return auth.response;
    const msg = await readMessage(request);
    if (!msg || msg['jsonrpc'] !== '2.0' || typeof msg['method'] !== 'string') return rpcError(null, -32700, 'Parse error', 400);
    const id = msg['id'];
    if (id === undefined) return new Response(null, { status: 202 }); // a notification
    const params = (typeof msg['params'] === 'object' && msg['params'] !== null ? msg['params'] : {}) as Record<string, unknown>;
    switch (msg['method']) {
      case 'initialize':
        return json({
          jsonrpc: '2.0', id, result: {
            protocolVersion: typeof params['protocolVersion'] === 'string' ? params['protocolVersion'] : '2025-06-18',
            capabilities: { tools: {} }, serverInfo: { name: 'mcp-oauth-demo', version: '0.0.0' },
          },
        });
      case 'ping': return json({ jsonrpc: '2.0', id, result: {} });
      case 'tools/list': return json({ jsonrpc: '2.0', id, result: { tools: TOOLS } });
      case 'tools/call': return call(rs, auth.principal, id, params, notes);
      default: return rpcError(id, -32601, 'Method not found');
    }
  };
}
