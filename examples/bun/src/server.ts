// `pnpm --dir examples/bun start`: the example on Bun.serve at 127.0.0.1:$PORT (0 = a free port).
// Set MCP_OAUTH_AUTO_APPROVE=1 for the headless test mode. MCP_OAUTH_STORE: memory or
// sqlite:<file> (bun:sqlite; default .data/as.db in the working folder); MCP_OAUTH_PUBLIC_URL: the
// public origin behind a proxy (see examples/shared/src/env.ts).
import { Database } from 'bun:sqlite';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openStore, parseStoreSpec, publicOrigin, tokenFormat } from '../../shared/src/env.ts';
import { createExampleApp, type ExampleApp } from '../../shared/src/app.ts';

interface BunServer { port: number; stop(force?: boolean): unknown; requestIP(request: Request): { address: string } | null }
declare const Bun: {
  env: Record<string, string | undefined>;
  serve(options: { hostname: string; port: number; fetch: (request: Request, server: BunServer) => Response | Promise<Response> }): BunServer;
};

const autoApprove = Bun.env['MCP_OAUTH_AUTO_APPROVE'] === '1';
let app: ExampleApp | undefined;

// bun:sqlite, the file created 0600 in a 0700 folder before SQLite opens it (codes, grants and
// upstream tokens live there). Redis needs a client: see the Node examples.
const store = await openStore(parseStoreSpec(Bun.env['MCP_OAUTH_STORE'], '.data/as.db'), {
  sqlite: (file) => {
    const path = resolve(file);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    const database = new Database(path);
    return { database, close: () => database.close() };
  },
});

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(Bun.env['PORT'] ?? 0),
  // The peer's address keys the registration rate limit (behind a proxy: trustedProxyHeader instead).
  fetch: (request, srv) => {
    const address = srv.requestIP(request)?.address;
    return app ? app.handle(request, address ? { clientAddress: address } : {}) : new Response(null, { status: 503 });
  },
});
// The issuer must be known before the first request, and port 0 is only resolved now.
const origin = publicOrigin(Bun.env['MCP_OAUTH_PUBLIC_URL'], `http://127.0.0.1:${server.port}`);
app = createExampleApp({ origin, autoApprove, store: store.store, tokenFormat: tokenFormat(Bun.env['MCP_OAUTH_TOKEN_FORMAT']) });
console.log(`MCP server: ${origin}/mcp (authorization server ${origin}, store ${store.description}${autoApprove ? ', auto-approve test mode' : ''})`);
const stop = (): void => { void server.stop(true); void store.close(); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
