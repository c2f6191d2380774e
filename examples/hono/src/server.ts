// `pnpm --dir examples/hono start`: the Hono app on Node (@hono/node-server) at 127.0.0.1:$PORT
// (0 = a free port). Set MCP_OAUTH_AUTO_APPROVE=1 for the headless test mode.
// MCP_OAUTH_STORE (memory | sqlite:<file> | redis://host:port[/db]; default .data/as.db next to
// package.json) and MCP_OAUTH_PUBLIC_URL are read by examples/shared/src/env-node.ts.
import { serve } from '@hono/node-server';
import { createClient } from 'redis';
import { tokenFormat } from '../../shared/src/env.ts';
import { nodeEnvironment } from '../../shared/src/env-node.ts';
import { createHonoApp } from './app.ts';

const autoApprove = process.env['MCP_OAUTH_AUTO_APPROVE'] === '1';
let app: ReturnType<typeof createHonoApp> | undefined;
let closeStore = async (): Promise<void> => {};

const server = serve({
  hostname: '127.0.0.1',
  port: Number(process.env['PORT'] ?? 0),
  fetch: (request, env) => app ? app.fetch(request, env) : new Response(null, { status: 503 }),
}, ({ port }) => {
  // The issuer must be known before the first request, and port 0 is only resolved here.
  // The default database is relative to the working directory (the example's folder under pnpm start).
  void nodeEnvironment({ exampleDir: process.cwd(), port, createRedisClient: createClient }).then(({ origin, store }) => {
    closeStore = store.close;
    app = createHonoApp({ origin, autoApprove, store: store.store, tokenFormat: tokenFormat(process.env['MCP_OAUTH_TOKEN_FORMAT']) });
    console.log(`MCP server: ${origin}/mcp (authorization server ${origin}, store ${store.description}${autoApprove ? ', auto-approve test mode' : ''})`);
  }, (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
});
const stop = (): void => { server.close(() => void closeStore()); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
