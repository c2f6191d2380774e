import type { TraceEvent } from '@mcp-oauth/client-flow';

/** Options of {@link debugTrace}. */
export interface DebugTraceOptions {
  /** The environment to read `MCP_OAUTH_DEBUG` from; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where each line goes; standard error by default. */
  readonly write?: (line: string) => void;
}

const SAFE = /^[\w.:/%+@~-]{1,2048}$/;

/**
 * The `trace` option of `createMcpOAuthClient` when `MCP_OAUTH_DEBUG=1` (or `true`) is set, else
 * `undefined` (core packages never read the environment; this adapter does it for them). Each
 * event becomes one line on standard error, `mcp-oauth: type=http method=GET url=… status=404` (several scopes joined by commas); the
 * events carry no token, code, verifier, secret or assertion, and any field that is not a plain
 * URL, number or word is left out rather than printed.
 *
 * @example
 * ```ts
 * import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
 * import { debugTrace } from '@mcp-oauth/node/client';
 *
 * const trace = debugTrace(); // MCP_OAUTH_DEBUG=1 node client.js
 * const oauth = createMcpOAuthClient({ serverUrl: 'https://mcp.example.com/mcp', ...(trace ? { trace } : {}) });
 * ```
 * @throws nothing.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 */
export function debugTrace(options: DebugTraceOptions = {}): ((event: TraceEvent) => void) | undefined {
  const flag = (options.env ?? process.env)['MCP_OAUTH_DEBUG'];
  if (flag !== '1' && flag !== 'true') return undefined;
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  return (event) => {
    const parts = ['mcp-oauth:'];
    for (const k of ['type', 'method', 'url', 'status', 'reason', 'scope'] as const) {
      const v = event[k];
      if (typeof v === 'number') parts.push(`${k}=${v}`);
      else if (typeof v === 'string') {
        const words = v.split(' ').filter((w) => SAFE.test(w));
        if (words.length) parts.push(`${k}=${words.join(',')}`);
      }
    }
    write(parts.join(' '));
  };
}
