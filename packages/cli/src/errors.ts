/** Every code a {@link CliError} can carry. */
export type CliErrorCode =
  /** The command line is wrong (unknown command or option, missing URL); exit status 2. */
  | 'UsageError'
  /** A step of the demo did not do what it says; `step` names it. */
  | 'DemoStepFailed'
  /** `token`/`logout` found no stored tokens for the server: run `mcp-oauth login <url>` first. */
  | 'NotLoggedIn'
  /** The authorization did not come back to the loopback receiver (e.g. headless mode against a server that shows a page). */
  | 'AuthorizationFailed'
  /** Revocation at the authorization server failed; the local tokens were deleted anyway. */
  | 'RevocationFailed'
  /** An operation did not finish in time. */
  | 'Timeout'
  /** `tools`/`call`: the server answered 403 `insufficient_scope`; `scope` is what to log in with. */
  | 'InsufficientScope'
  /** `tools`/`call`: the server's answer is not the MCP response expected, or a JSON-RPC error (`serverMessage` holds its text). */
  | 'McpFailed';

const advice: Record<CliErrorCode, string> = {
  UsageError: 'invalid command line; see --help',
  DemoStepFailed: 'a demo step did not do what it says',
  NotLoggedIn: 'no stored tokens for this server; run `mcp-oauth login <url>` first',
  AuthorizationFailed: 'the authorization did not complete',
  RevocationFailed: 'the server did not confirm the revocation; the tokens may stay valid there until they expire',
  Timeout: 'the operation did not finish in time',
  InsufficientScope: 'the server needs more scope than the stored tokens have; run `mcp-oauth login <url> --scope "<scopes>"`',
  McpFailed: 'the MCP server did not answer as expected',
};

/**
 * The one error family of `@mcp-oauth/cli`. Messages never contain a token, a secret or text
 * chosen by a server; `detail` is a fixed explanation written by this package.
 *
 * @example
 * ```ts
 * import { CliError, token } from '@mcp-oauth/cli';
 *
 * try { await token('https://mcp.example.com/mcp') }
 * catch (e) { if (e instanceof CliError && e.code === 'NotLoggedIn') console.error('log in first') }
 * ```
 */
export class CliError extends Error {
  /** The machine-readable reason. */
  declare readonly code: CliErrorCode;
  /** For `DemoStepFailed`: the number of the step that failed. */
  declare readonly step?: number;
  /** For `InsufficientScope`: the scopes to log in with (granted ∪ asked for), space-separated. */
  declare readonly scope?: string;
  /** For `McpFailed` after a JSON-RPC error: the server's message, untrusted (never part of `message`). */
  declare readonly serverMessage?: string;

  constructor(code: CliErrorCode, detail?: string, options: { cause?: unknown; step?: number; scope?: string; serverMessage?: string } = {}) {
    super(`${code}: ${detail ?? advice[code]}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
    if (options.step !== undefined) this.step = options.step;
    if (options.scope !== undefined) this.scope = options.scope;
    if (options.serverMessage !== undefined) this.serverMessage = options.serverMessage;
  }
}
