// The demo's two servers on 127.0.0.1: an authorization server and an MCP server it protects.
import type { FetchHandler } from '@mcp-oauth/node';
import { createAuthorizationServer, createProtectedResource, memoryStore, type AuthorizationServer } from '@mcp-oauth/server-flow';
import { mcpHandler, READ_SCOPE, WRITE_SCOPE } from './internal/mcp-server';
import { serve } from './internal/serve';

/** Wraps a server's Fetch handler (tests use it to break a step on purpose). */
export type HandlerWrapper = (handler: FetchHandler) => FetchHandler;

/** Options of {@link startDemoServers}. */
export interface DemoServersOptions {
  /** Show the real consent page (the user is `demo-user`) instead of approving automatically. */
  readonly interactive?: boolean;
  /** Wraps the authorization server's Fetch handler (tests break or observe it with this). */
  readonly wrapAuthorizationServer?: HandlerWrapper;
  /** Wraps the MCP server's Fetch handler. */
  readonly wrapMcpServer?: HandlerWrapper;
}

/** The running demo servers. */
export interface DemoServers {
  /** The authorization server's issuer, `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  /** The MCP endpoint, `http://127.0.0.1:<port>/mcp`. */
  readonly mcpUrl: string;
  /** The authorization server itself (metadata, verifier, store). */
  readonly as: AuthorizationServer;
  /** Moves the authorization server's clock forward (milliseconds). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts the demo's two servers on 127.0.0.1 (free ports, in-memory store): an authorization
 * server (issuer `http://127.0.0.1:<port>`, scopes `mcp:tools:read` and `mcp:tools:write`, DCR,
 * consent auto-approved for `demo-user` unless `interactive`) and an MCP server at `/mcp` that it
 * protects (tools `whoami`, needing `mcp:tools:read`, and `add_note`, needing `mcp:tools:write`).
 * Useful to try a client, `inspect` or `login` against; `close()` stops both.
 *
 * @example
 * ```ts
 * import { startDemoServers } from '@mcp-oauth/cli';
 *
 * const demo = await startDemoServers();
 * console.log(demo.mcpUrl); // http://127.0.0.1:53121/mcp
 * await demo.close();
 * ```
 * @throws {Error} when a port cannot be bound.
 * @see https://www.rfc-editor.org/rfc/rfc9728
 */
export async function startDemoServers(options: DemoServersOptions = {}): Promise<DemoServers> {
  let asHandler: FetchHandler = () => new Response(null, { status: 503 });
  let mcp: FetchHandler = () => new Response(null, { status: 503 });
  const asServer = await serve(() => asHandler);
  const mcpServer = await serve(() => mcp).catch(async (e: unknown) => { await asServer.close(); throw e; });
  const issuer = asServer.origin;
  const mcpUrl = `${mcpServer.origin}/mcp`;
  let skew = 0;
  const as = createAuthorizationServer({
    issuer,
    resources: [mcpUrl],
    scopes: [READ_SCOPE, WRITE_SCOPE],
    store: memoryStore(),
    now: () => Date.now() + skew,
    ...(options.interactive
      ? { authenticate: async () => ({ subject: 'demo-user' }), consentMemory: 0 }
      : { autoApprove: { subject: 'demo-user' } }),
  });
  const rs = createProtectedResource({
    resource: mcpUrl, authorizationServers: [issuer], verifier: as.verifier(),
    scopesSupported: [READ_SCOPE, WRITE_SCOPE], requiredScopes: [READ_SCOPE], resourceName: 'mcp-oauth demo server',
  });
  const baseAs: FetchHandler = (req, ctx) => as.handle(req, ctx);
  const baseMcp: FetchHandler = mcpHandler(rs, '/mcp');
  asHandler = options.wrapAuthorizationServer ? options.wrapAuthorizationServer(baseAs) : baseAs;
  mcp = options.wrapMcpServer ? options.wrapMcpServer(baseMcp) : baseMcp;
  return {
    issuer, mcpUrl, as,
    advanceClock: (ms) => { skew += ms; },
    close: async () => { await Promise.all([asServer.close(), mcpServer.close()]); },
  };
}
