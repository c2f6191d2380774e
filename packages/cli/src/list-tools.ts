import type { StoredTokenOptions } from './token';
import { mcpRequest } from './internal/mcp-session';

/** Options of {@link listTools} and {@link callTool}: those of {@link token}. */
export type McpCallOptions = StoredTokenOptions;

/** One tool of an MCP server, as its `tools/list` describes it (strings as the server sent them: untrusted). */
export interface McpTool {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  /** The JSON Schema of the arguments. */
  readonly inputSchema?: Record<string, unknown>;
}

const str = (v: unknown): v is string => typeof v === 'string';

/**
 * The tools of an MCP server the user logged in to with {@link login}: an MCP session over
 * Streamable HTTP (`initialize`, then `tools/list` with the negotiated `MCP-Protocol-Version` and
 * `Mcp-Session-Id`; JSON or SSE answers, read up to 4 MiB), authorized with the stored tokens,
 * refreshed when needed. Every page of the list is read (at most 50 pages).
 *
 * @example
 * ```ts
 * import { listTools } from '@mcp-oauth/cli';
 *
 * for (const tool of await listTools('https://mcp.example.com/mcp')) console.log(tool.name, tool.description);
 * ```
 * @throws {CliError} `NotLoggedIn` (no tokens, or refused and not refreshable: log in again), `InsufficientScope`
 * (a 403 naming more scope; `scope` holds what to log in with), `McpFailed` (not an MCP answer, or a JSON-RPC error).
 * @throws {ClientFlowError} `DiscoveryFailed` and the other discovery and refresh codes.
 * @throws {NodeError} `StoreUnreadable`, `StoreCorrupt`, `LockTimeout`.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#listing-tools
 */
export async function listTools(url: string | URL, options: McpCallOptions = {}): Promise<McpTool[]> {
  const tools: McpTool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await mcpRequest(url, 'tools/list', cursor === undefined ? {} : { cursor }, options);
    for (const t of Array.isArray(result['tools']) ? result['tools'] : []) {
      if (typeof t !== 'object' || t === null || !str(t.name)) continue;
      const { name, title, description, inputSchema } = t as Record<string, unknown>;
      tools.push({
        name: name as string, ...(str(title) ? { title } : {}), ...(str(description) ? { description } : {}),
        ...(typeof inputSchema === 'object' && inputSchema !== null && !Array.isArray(inputSchema) ? { inputSchema: inputSchema as Record<string, unknown> } : {}),
      });
    }
    cursor = str(result['nextCursor']) ? result['nextCursor'] : undefined;
    if (cursor === undefined) break;
  }
  return tools;
}
