// Test support for `mcp-oauth proxy`: an MCP server (any Fetch handler) behind server-flow on
// 127.0.0.1 (auto-approving authorization server, short-lived access tokens), with a record of
// every request the MCP endpoint got.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mcpAuth } from '@mcp-oauth/node';
import type { AuditEvent, Principal, ProtectedResource } from '@mcp-oauth/server-flow';

export interface Seen {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface Remote {
  readonly mcpUrl: string;
  /** Requests to /mcp that carried a token. */
  readonly seen: Seen[];
  /** Every request path (discovery included). */
  readonly paths: string[];
  readonly audit: AuditEvent[];
  close(): Promise<void>;
}

export type McpFetch = (request: Request, principal: Principal, rs: ProtectedResource) => Response | Promise<Response>;

/** The built command line (run `pnpm --filter @mcp-oauth/cli... build` first). */
// Under Vitest this file's URL finds it; bundled by the runtime matrix (tools/matrix) it does not,
// and the package folder (the matrix's working directory) or the repository root does.
export const BIN: string = [fileURLToPath(new URL('../dist/bin.js', import.meta.url)), join(process.cwd(), 'dist', 'bin.js'), join(process.cwd(), 'packages', 'cli', 'dist', 'bin.js')]
  .find((p) => existsSync(p)) ?? fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export async function startRemote(mcp: McpFetch, options: { accessTokenTtl?: number; methods?: string[] } = {}): Promise<Remote> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const seen: Seen[] = [];
  const paths: string[] = [];
  const audit: AuditEvent[] = [];
  server.prependListener('request', (req) => { paths.push(`${req.method} ${req.url}`); });
  let rs: ProtectedResource | undefined;
  const mount = mcpAuth(server, {
    issuer: origin,
    scopes: ['mcp:tools', 'mcp:exec:*'], defaultScopes: ['mcp:tools'],
    scopesSupported: ['mcp:tools', 'mcp:exec:workflows:run'],
    requiredScopes: ['mcp:tools'],
    autoApprove: { subject: 'demo-user' },
    tokens: { accessTokenTtl: options.accessTokenTtl ?? 600 },
    audit: (e) => { audit.push(e); },
    methods: options.methods ?? ['POST', 'GET', 'DELETE'],
    fetch: async (request, principal) => {
      const body = request.method === 'POST' ? await request.clone().text() : '';
      seen.push({ method: request.method, headers: Object.fromEntries(request.headers), body });
      return mcp(request, principal, rs!);
    },
  });
  rs = mount.rs;
  return {
    mcpUrl: `${origin}/mcp`, seen, paths, audit,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** The JSON-RPC method of a recorded POST body (`response` for a response, `?` when unreadable). */
export function methodOf(s: Seen): string {
  if (s.method !== 'POST') return s.method;
  try {
    const m = JSON.parse(s.body) as { method?: string };
    return m.method ?? 'response';
  } catch { return '?'; }
}
