import { mcpRequest } from './internal/mcp-session';
import type { McpCallOptions } from './list-tools';

/** What {@link callTool} resolves: the tool's result as the server sent it (untrusted). */
export interface McpToolResult {
  /** True when the tool reported a failure (`isError`). */
  readonly isError: boolean;
  /** The content blocks (`{ type: 'text', text }`, images, resources, ...). */
  readonly content: readonly Record<string, unknown>[];
  readonly structuredContent?: Record<string, unknown>;
}

/**
 * Calls one tool of an MCP server the user logged in to with {@link login}, in an MCP session
 * over Streamable HTTP as {@link listTools} opens it, with the stored tokens (refreshed when
 * needed).
 *
 * @example
 * ```ts
 * import { callTool } from '@mcp-oauth/cli';
 *
 * const result = await callTool('https://mcp.example.com/mcp', 'add_note', { text: 'hello' });
 * for (const block of result.content) if (block['type'] === 'text') console.log(block['text']);
 * ```
 * @throws {TypeError} when `name` is empty or `args` is not a plain object.
 * @throws {CliError} `NotLoggedIn`, `InsufficientScope` (its `scope` is what to log in with), `McpFailed`.
 * @throws {ClientFlowError} `DiscoveryFailed` and the other discovery and refresh codes.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#calling-tools
 */
export async function callTool(url: string | URL, name: string, args: Record<string, unknown> = {}, options: McpCallOptions = {}): Promise<McpToolResult> {
  if (typeof name !== 'string' || name === '') throw new TypeError('name must be a tool name');
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new TypeError('args must be a plain object');
  const result = await mcpRequest(url, 'tools/call', { name, arguments: args }, options);
  const content = Array.isArray(result['content']) ? result['content'].filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && !Array.isArray(c)) : [];
  const structured = result['structuredContent'];
  return {
    isError: result['isError'] === true, content,
    ...(typeof structured === 'object' && structured !== null && !Array.isArray(structured) ? { structuredContent: structured as Record<string, unknown> } : {}),
  };
}
