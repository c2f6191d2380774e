// `token` and `logout` work on what `login` stored: a client-flow client over the file token store,
// with discovery done by client-flow from the server's own 401 challenge.
import { createMcpOAuthClient, type FetchLike, type McpOAuthClient } from '@mcp-oauth/client-flow';
import { debugTrace, fileTokenStore } from '@mcp-oauth/node';
import { defaultStoreDir } from '../default-store-dir';
import type { StoredTokenOptions } from '../token';

/**
 * A client for `url` with the stored tokens, discovery done: one unauthenticated MCP `ping` gets the
 * server's challenge, whose `resource_metadata` is then the PRM URL tried (C-PRM-1), as `login`'s
 * first request did. Every request is bounded by the command's time limit.
 */
export async function storedClient(url: string | URL, options: StoredTokenOptions): Promise<McpOAuthClient> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const base = options.fetch ?? ((i, init) => fetch(i, init));
  const fetchFn: FetchLike = (input, init) => base(input, { ...init, signal: init?.signal ?? signal });
  const serverUrl = new URL(url);
  const trace = debugTrace(); // MCP_OAUTH_DEBUG=1
  const client = createMcpOAuthClient({
    serverUrl, fetch: fetchFn, store: fileTokenStore(options.storeDir ?? defaultStoreDir()),
    ...(options.leewaySeconds !== undefined ? { refreshLeewaySeconds: options.leewaySeconds } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(trace ? { trace } : {}),
  });
  const res = await fetchFn(serverUrl.href, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  });
  await res.body?.cancel();
  await client.discover(res.status === 401 ? res.headers.get('www-authenticate') : null);
  return client;
}
