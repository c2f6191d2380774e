// Discovery for `token` and `logout`: the authorization server and store key of an MCP server,
// found exactly as createMcpOAuthClient finds them (challenge → PRM → AS metadata).
// TODO(flow): McpOAuthClient.tokens() resolves undefined until a request or authorize() ran
// discovery; with a `tokens({ discover: true })` (or an exported `discover()`) this file goes away.
import { discoverAuthorizationServer, discoverProtectedResource, type AuthorizationServerMetadata, type FetchLike, type StoreKey } from '@mcp-oauth/client-flow';

export interface ServerContext {
  readonly as: AuthorizationServerMetadata;
  readonly resource: string;
  readonly key: StoreKey;
}

/** Runs discovery for `serverUrl` (one unauthenticated request for the challenge, then metadata). */
export async function resolveServer(serverUrl: URL, fetchFn: FetchLike, signal: AbortSignal): Promise<ServerContext> {
  const res = await fetchFn(serverUrl.href, {
    method: 'POST', signal, redirect: 'manual',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  });
  await res.body?.cancel();
  const www = res.status === 401 ? res.headers.get('www-authenticate') : null;
  const prm = await discoverProtectedResource(serverUrl, { fetch: fetchFn, signal, wwwAuthenticate: www });
  const issuer = prm?.authorization_servers?.[0] ?? serverUrl.origin;
  const as = await discoverAuthorizationServer(issuer, { fetch: fetchFn, signal, ...(prm ? {} : { defaultEndpoints: true }) });
  const server = new URL(serverUrl.href);
  server.hash = '';
  return { as, resource: prm?.resource ?? server.href, key: { server: server.href, issuer: as.issuer } };
}

