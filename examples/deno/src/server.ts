// `pnpm --dir examples/deno start`: the example on Deno.serve at 127.0.0.1:$PORT (0 = a free port).
// Set MCP_OAUTH_AUTO_APPROVE=1 for the headless test mode. MCP_OAUTH_STORE: memory or
// sqlite:<file> (node:sqlite through Deno's Node compatibility; default .data/as.db, which needs
// --allow-read=.data --allow-write=.data); MCP_OAUTH_PUBLIC_URL: the public origin behind a proxy.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createExampleApp } from '../../shared/src/app.ts';
import { openStore, parseStoreSpec, publicOrigin, tokenFormat } from '../../shared/src/env.ts';

declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { hostname: string; port: number; onListen?: (addr: { hostname: string; port: number }) => void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>,
  ): { finished: Promise<void> };
};

const autoApprove = Deno.env.get('MCP_OAUTH_AUTO_APPROVE') === '1';
let app: ReturnType<typeof createExampleApp> | undefined;

// The file is created 0600 in a 0700 folder before SQLite opens it. Redis needs a client: see the Node examples.
const store = await openStore(parseStoreSpec(Deno.env.get('MCP_OAUTH_STORE'), '.data/as.db'), {
  sqlite: (file) => {
    const path = resolve(file);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    const database = new DatabaseSync(path);
    return { database, close: () => database.close() };
  },
});

Deno.serve({
  hostname: '127.0.0.1',
  port: Number(Deno.env.get('PORT') ?? 0),
  onListen({ hostname, port }) {
    // The issuer must be known before the first request, and port 0 is only resolved here.
    const origin = publicOrigin(Deno.env.get('MCP_OAUTH_PUBLIC_URL'), `http://${hostname}:${port}`);
    app = createExampleApp({ origin, autoApprove, store: store.store, tokenFormat: tokenFormat(Deno.env.get('MCP_OAUTH_TOKEN_FORMAT')) });
    console.log(`MCP server: ${origin}/mcp (authorization server ${origin}, store ${store.description}${autoApprove ? ', auto-approve test mode' : ''})`);
  },
  // The peer's address keys the registration rate limit (behind a proxy: trustedProxyHeader instead).
}, (request, info) => app ? app.handle(request, { clientAddress: info.remoteAddr.hostname }) : new Response(null, { status: 503 }));
