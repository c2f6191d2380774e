/** Every code a {@link ConformanceError} can carry. */
export type ConformanceErrorCode =
  /** The run used up its request budget (`maxRequests`); the remaining properties are `not-tested`. */
  | 'BudgetExhausted'
  /** A request would have carried a token or secret to a URL it was not issued for; it was not sent. */
  | 'TokenLeakPrevented'
  /** The server could not be discovered (no 401 challenge, no metadata, an issuer mismatch). */
  | 'DiscoveryFailed'
  /** A request did not answer within `timeoutMs`. */
  | 'Timeout';

/**
 * The one error family of `@mcp-oauth/conformance`. Messages never contain a token, a secret, a
 * code or text chosen by the server under test.
 *
 * @example
 * ```ts
 * import { ConformanceError, runConformance } from '@mcp-oauth/conformance';
 *
 * try { await runConformance({ url: 'https://mcp.example.com/mcp' }) }
 * catch (e) { if (e instanceof ConformanceError && e.code === 'DiscoveryFailed') console.error('not an MCP server') }
 * ```
 */
export class ConformanceError extends Error {
  /** The machine-readable reason. */
  declare readonly code: ConformanceErrorCode;

  constructor(code: ConformanceErrorCode, detail?: string, options: { cause?: unknown } = {}) {
    super(detail ? `${code}: ${detail}` : code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConformanceError';
    this.code = code;
  }
}
