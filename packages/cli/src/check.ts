import { runConformance, type ConformanceOptions, type ConformanceReport } from '@mcp-oauth/conformance';

/** Options of {@link check}. */
export interface CheckOptions {
  /** Register clients, authorize, request tokens, send oversized requests (only servers you may test). Default false. */
  readonly intrusive?: boolean;
  /** Per-request time limit in milliseconds (default 10 s). */
  readonly timeoutMs?: number;
  /** Most requests the run may send (default 400). */
  readonly maxRequests?: number;
  /** Rate cap in requests per second (default 10). */
  readonly requestsPerSecond?: number;
  /** Another resource of the same authorization server, for the audience check (R-TOK-2). */
  readonly otherResource?: string;
  /** The server's documented refresh-token reuse grace in milliseconds; A-RT-1 waits it out before the replay. */
  readonly refreshReuseGraceMs?: number;
  /** Progress lines (one per property as it finishes). */
  readonly progress?: (line: string) => void;
  readonly fetch?: ConformanceOptions['fetch'];
}

const MARK = { pass: '✓', fail: '✗', 'not-applicable': '–', 'not-tested': '?' } as const;

/**
 * `mcp-oauth check`: runs the `@mcp-oauth/conformance` property suite against an MCP server
 * (discovery from its 401) or an authorization server (its issuer) and returns the report:
 * one verdict per requirement id, with evidence, what to fix and a replayable `curl` command
 * (tokens redacted) for each failure. Read-only unless `intrusive`.
 *
 * @example
 * ```ts
 * import { check } from '@mcp-oauth/cli';
 *
 * const report = await check('http://127.0.0.1:3000/mcp', { intrusive: true });
 * process.exitCode = report.ok ? 0 : 1;
 * ```
 * @throws {TypeError} when `url` is not an http(s) URL.
 * @throws {ConformanceError} `DiscoveryFailed` when the server cannot be reached.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 */
export function check(url: string | URL, options: CheckOptions = {}): Promise<ConformanceReport> {
  let done = 0;
  return runConformance({
    url: String(url),
    intrusive: options.intrusive === true,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxRequests ? { maxRequests: options.maxRequests } : {}),
    ...(options.requestsPerSecond ? { requestsPerSecond: options.requestsPerSecond } : {}),
    ...(options.otherResource ? { otherResource: options.otherResource } : {}),
    ...(options.refreshReuseGraceMs ? { refreshReuseGraceMs: options.refreshReuseGraceMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onProgress: (e) => { if (e.result) options.progress?.(`[${++done}] ${MARK[e.result.verdict]} ${e.id} ${e.result.verdict}`); },
  });
}
