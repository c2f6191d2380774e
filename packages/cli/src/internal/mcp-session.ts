// A short MCP session over Streamable HTTP with the stored login: initialize (then the negotiated
// MCP-Protocol-Version and Mcp-Session-Id on every request), one request, DELETE of the session.
// Answers may be JSON or an SSE stream; both are read to a fixed size only.
import { ClientFlowError, type FetchLike } from '@mcp-oauth/client-flow';
import { CliError } from '../errors';
import type { McpCallOptions } from '../list-tools';
import { parseBearerChallenge } from './challenge';
import { safeText } from './format';
import { isEventStream, readEvents, StreamLimitError } from './sse-reader';
import { storedClient } from './stored-client';
import { isObject, type Json } from './json';

const MAX_BYTES = 4 * 1024 * 1024;
const PROTOCOL = '2025-11-25';
const NQCHAR = /^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/;


/** Reads `res` until the JSON-RPC response with `id` (JSON body or SSE events), at most 4 MiB. */
async function readResponse(res: Response, id: number): Promise<Json> {
  const type = (res.headers.get('content-type') ?? '').toLowerCase();
  const sse = isEventStream(res);
  if (!res.body || (!sse && !type.includes('json'))) {
    await res.body?.cancel();
    throw new CliError('McpFailed', `the server answered ${res.status} with ${sse || type ? 'an unexpected content type' : 'no body'}, not a JSON-RPC response`);
  }
  const match = (text: string): Json | undefined => {
    let v: unknown;
    try { v = JSON.parse(text); } catch { return undefined; }
    for (const m of Array.isArray(v) ? v : [v]) if (isObject(m) && m['id'] === id && ('result' in m || 'error' in m)) return m;
    return undefined;
  };
  try {
    for await (const event of readEvents(res, { maxMessageBytes: MAX_BYTES, maxTotalBytes: MAX_BYTES })) {
      const m = match(event.data);
      if (m) return m;
    }
  } catch (e) {
    if (e instanceof StreamLimitError) throw new CliError('McpFailed', 'the server\'s answer is larger than 4 MiB');
    throw e;
  }
  throw new CliError('McpFailed', `the server's answer (${res.status}) holds no JSON-RPC response to the request`);
}

/** The result of a JSON-RPC response, or `McpFailed` with the server's error code (its message as `serverMessage`). */
function resultOf(m: Json, what: string): Json {
  if (isObject(m['result'])) return m['result'];
  const e = isObject(m['error']) ? m['error'] : {};
  const code = typeof e['code'] === 'number' ? e['code'] : 'without a code';
  throw new CliError('McpFailed', `${what} failed: JSON-RPC error ${code}`, typeof e['message'] === 'string' ? { serverMessage: e['message'] } : {});
}

/** Runs `initialize`, then `method`, with the stored tokens; closes the session. */
export async function mcpRequest(url: string | URL, method: string, params: Json, options: McpCallOptions): Promise<Json> {
  const server = new URL(url);
  let last: Response | undefined;
  const base: FetchLike = options.fetch ?? ((i, init) => fetch(i, init));
  const watch: FetchLike = async (input, init) => {
    const res = await base(input, init);
    if ((typeof input === 'string' ? input : input instanceof URL ? input.href : input.url) === server.href) last = res;
    return res;
  };
  const client = await storedClient(server, { ...options, fetch: watch });
  const tokens = await client.tokens(); // refreshed when expiring; undefined without a login (nothing is registered then)
  if (!tokens) throw new CliError('NotLoggedIn', `no usable stored tokens for this server; run \`mcp-oauth login ${server.href}\``);
  const granted = tokens.scope?.split(' ').filter(Boolean) ?? [];
  let ids = 0;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const post = async (body: Json): Promise<Response> => {
    try {
      return await client.fetch(server, { method: 'POST', headers, body: JSON.stringify(body), redirect: 'manual' });
    } catch (e) {
      if (!(e instanceof ClientFlowError && (e.code === 'AuthorizationRequired' || e.code === 'StepUpLimit'))) throw e;
      if (last?.status === 403) {
        const wanted = parseBearerChallenge(last.headers.get('www-authenticate'))?.scope?.split(' ') ?? [];
        const scope = [...new Set([...granted, ...wanted])].filter((s) => NQCHAR.test(s)).join(' ');
        throw new CliError('InsufficientScope', `the server needs more scope${scope ? `; run \`mcp-oauth login ${server.href} --scope "${scope}"\`` : ''}`, scope ? { scope } : {});
      }
      throw new CliError('NotLoggedIn', `the server refused the stored tokens and they cannot be refreshed; run \`mcp-oauth login ${server.href}\` again`);
    }
  };
  const rpc = async (m: string, p: Json, what: string): Promise<Json> => {
    const id = ++ids;
    const res = await post({ jsonrpc: '2.0', id, method: m, params: p });
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new CliError('McpFailed', `${what}: the server answered ${res.status}`);
    }
    const sid = res.headers.get('mcp-session-id');
    if (sid !== null && /^[\x21-\x7e]{1,256}$/.test(sid)) headers['mcp-session-id'] = sid;
    return resultOf(await readResponse(res, id), what);
  };
  const init = await rpc('initialize', { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'mcp-oauth', version: '0.0.0' } }, 'initialize');
  const version = init['protocolVersion'];
  headers['mcp-protocol-version'] = typeof version === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(version) ? version : PROTOCOL;
  await (await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).body?.cancel();
  try {
    return await rpc(method, params, safeText(method, 40));
  } finally {
    if (headers['mcp-session-id'] !== undefined) {
      await client.fetch(server, { method: 'DELETE', headers, redirect: 'manual' }).then((r) => r.body?.cancel(), () => {});
    }
  }
}
