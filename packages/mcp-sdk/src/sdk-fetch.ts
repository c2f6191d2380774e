import type { McpOAuthClient } from '@mcp-oauth/client-flow';
import type { FetchLike } from './types';

/**
 * The `fetch` to give the SDK's HTTP client transports (`StreamableHTTPClientTransport`,
 * `SSEClientTransport`, in `@modelcontextprotocol/client` 2.x and `@modelcontextprotocol/sdk` 1.x) so that `client-flow` does all of MCP authorization for them: the bearer
 * token on every request, discovery and authorization on 401 (with `iss` and metadata-issuer
 * checks, per-issuer credentials), refresh ahead of expiry and on `invalid_token`, step-up on 403
 * `insufficient_scope`. This is the recommended integration (see `docs/decisions.md`): do not also
 * pass an `authProvider`, which would run the SDK's own flow beside ours.
 *
 * The returned function refuses (TypeError) a request whose headers already carry `Authorization`
 * (e.g. from the transport's `requestInit`): `client-flow` would pass it through unauthenticated.
 *
 * @throws {TypeError} when `client` has no `fetch`; from the returned function, for a request that already carries `Authorization`.
 * @throws {ClientFlowError} from the returned function: every code of `@mcp-oauth/client-flow` (e.g. `AuthorizationDenied`, `IssuerMismatch`).
 * @example
 * ```ts
 * import { Client } from '@modelcontextprotocol/sdk/client/index.js'
 * import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
 * import { createMcpOAuthClient } from '@mcp-oauth/client-flow'
 * import { sdkFetch } from '@mcp-oauth/mcp-sdk'
 * declare function authorize(url: URL): Promise<URL> // opens the browser, returns the callback URL
 *
 * const serverUrl = 'https://mcp.example.com/mcp'
 * const redirectUri = 'http://127.0.0.1:8765/callback'
 * const oauth = createMcpOAuthClient({ serverUrl, redirectUri, registration: { clientName: 'My agent' }, authorize })
 * const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { fetch: sdkFetch(oauth) })
 * await new Client({ name: 'my-agent', version: '1.0.0' }).connect(transport)
 * ```
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 */
export function sdkFetch(client: Pick<McpOAuthClient, 'fetch'>): FetchLike {
  if (typeof client?.fetch !== 'function') throw new TypeError('client must be an McpOAuthClient');
  const f = client.fetch;
  return async (url, init) => {
    if (init?.headers !== undefined && new Headers(init.headers).has('authorization')) {
      throw new TypeError('the request already carries Authorization; remove it from requestInit when client-flow authenticates the transport');
    }
    return f(url, init);
  };
}
