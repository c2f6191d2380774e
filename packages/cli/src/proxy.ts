import type { FetchLike } from '@mcp-oauth/client-flow';
import { createProxyAuth, type ProxySignInOptions } from './internal/proxy-auth';
import { errorOf, Relay, RelayErrorCode } from './internal/proxy-relay';
import { messageWriter, readLines, type ByteSink, type ByteSource } from './internal/proxy-stdio';

/** Options of {@link proxy}. */
export interface ProxyOptions extends ProxySignInOptions {
  /** Where the host's messages come from (newline-delimited JSON-RPC); default `process.stdin`. */
  readonly stdin?: ByteSource;
  /** Where the remote's messages go (one JSON-RPC message per line, nothing else); default `process.stdout`. */
  readonly stdout?: ByteSink;
  /** Diagnostics (never a token); default: stderr. */
  readonly print?: (line: string) => void;
  /** Largest message either way, in bytes (a host line, a JSON body, an SSE event); default 16 MiB. */
  readonly maxMessageBytes?: number;
  /**
   * How long an answer of the remote may stay silent (no byte, SSE comments count), in
   * milliseconds; default 300 000. The request then gets a JSON-RPC error.
   */
  readonly idleTimeoutMs?: number;
  /**
   * When the host closes stdin, how long requests still in flight may take to be answered before
   * they are abandoned and the session ended, in milliseconds; default 2000.
   */
  readonly shutdownGraceMs?: number;
  /** Requests to the remote at the same time; more wait (up to four times as many, then an error). Default 32. */
  readonly maxConcurrentRequests?: number;
  readonly fetch?: FetchLike;
}

/** How {@link proxy} ended, and the exit status of `mcp-oauth proxy`. */
export interface ProxyResult {
  /** 0 the host closed stdin, 3 authorization failed, 4 the server cannot be reached, 1 anything else. */
  readonly exitCode: 0 | 1 | 3 | 4;
  readonly reason: 'host-closed' | 'auth' | 'unreachable' | 'failed';
}

/**
 * Relays MCP between a host that speaks stdio (newline-delimited JSON-RPC on `stdin`/`stdout`) and
 * a remote MCP server over Streamable HTTP, signing in with OAuth when the server asks
 * (`@mcp-oauth/client-flow` over a file token store: refresh, step-up). Both wires: 2025-11-25
 * (session, standalone GET stream, server-to-client requests answered by the host, Last-Event-ID
 * resumption, DELETE on exit, a new session on 404) and 2026-07-28 (every message its own POST
 * with MCP-Protocol-Version, Mcp-Method, Mcp-Name and Mcp-Param-* headers; cancellation closes
 * the response stream). A failed request gets a JSON-RPC error response with its id, never
 * silence. Resolves when the host closes stdin (after a short grace for requests in flight, and
 * ending the session) or when the very first exchange with the server fails for want of
 * authorization or connection.
 *
 * @example
 * ```ts
 * import { proxy } from '@mcp-oauth/cli';
 *
 * const { exitCode } = await proxy('https://mcp.example.com/mcp', { scope: 'mcp:tools' });
 * process.exitCode = exitCode;
 * ```
 * @throws Nothing: failures are JSON-RPC errors to the host, diagnostics on `print` and the result.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http
 */
export async function proxy(url: string | URL, options: ProxyOptions = {}): Promise<ProxyResult> {
  const server = new URL(url);
  const print = options.print ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const stdin = options.stdin ?? process.stdin;
  const send = messageWriter(options.stdout ?? process.stdout);
  const maxMessageBytes = options.maxMessageBytes ?? 16 * 1024 * 1024;
  const auth = createProxyAuth({
    url: server, print,
    ...(options.headers !== undefined ? { headers: options.headers } : {}),
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    ...(options.clientMetadataUrl !== undefined ? { clientMetadataUrl: options.clientMetadataUrl } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.device !== undefined ? { device: options.device } : {}),
    ...(options.storeDir !== undefined ? { storeDir: options.storeDir } : {}),
    ...(options.headlessAuthorize !== undefined ? { headlessAuthorize: options.headlessAuthorize } : {}),
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
  });
  let fatal: ((reason: 'auth' | 'unreachable') => void) | undefined;
  const failed = new Promise<'auth' | 'unreachable'>((resolve) => { fatal = resolve; });
  const relay = new Relay({
    url: server, fetch: auth.fetch, send, print, maxMessageBytes,
    idleTimeoutMs: options.idleTimeoutMs ?? 300_000,
    maxConcurrentRequests: options.maxConcurrentRequests ?? 32,
    onFatal: (reason) => fatal?.(reason),
  });
  const lines = readLines(stdin, maxMessageBytes, () => {
    void send(errorOf(null, RelayErrorCode.invalidRequest, `mcp-oauth proxy: a message from the host is larger than ${maxMessageBytes} bytes; dropped`));
  });
  let finished = false;
  const reading = (async (): Promise<ProxyResult> => {
    try {
      for await (const line of lines) {
        let message: unknown;
        try { message = JSON.parse(line); } catch {
          await send(errorOf(null, RelayErrorCode.parse, 'mcp-oauth proxy: a line from the host is not JSON'));
          continue;
        }
        relay.handle(message);
      }
      return { exitCode: 0, reason: 'host-closed' };
    } catch {
      if (!finished) print('mcp-oauth proxy: reading from the host failed');
      return { exitCode: 1, reason: 'failed' };
    }
  })();
  const fatalResult = failed.then((reason): ProxyResult => ({ exitCode: reason === 'auth' ? 3 : 4, reason }));
  let result = await Promise.race([reading, fatalResult]);
  if (result.reason === 'host-closed') {
    // Requests sent just before stdin closed still get their answers, for a short while.
    result = await Promise.race([relay.drain(options.shutdownGraceMs ?? 2000).then(() => result), fatalResult]);
  }
  finished = true;
  if (result.reason === 'auth') print('mcp-oauth proxy: authorization with the server failed; stopping');
  if (result.reason === 'unreachable') print(`mcp-oauth proxy: ${server.origin} cannot be reached; stopping`);
  await relay.close();
  await auth.close().catch(() => {});
  if (result.reason === 'auth' || result.reason === 'unreachable') {
    void lines.return(undefined).catch(() => {});
    if (stdin === process.stdin) process.stdin.destroy();
  }
  return result;
}
