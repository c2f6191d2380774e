// `pnpm --dir examples/hono start`: the Hono app on Node (@hono/node-server) at 127.0.0.1:$PORT
// (0 = a free port). Set MCP_OAUTH_AUTO_APPROVE=1 for the headless test mode.
import { serve } from '@hono/node-server';
import { createHonoApp } from './app.ts';

const autoApprove = process.env['MCP_OAUTH_AUTO_APPROVE'] === '1';
let app: ReturnType<typeof createHonoApp> | undefined;

const server = serve({
  hostname: '127.0.0.1',
  port: Number(process.env['PORT'] ?? 0),
  fetch: (request, env) => app ? app.fetch(request, env) : new Response(null, { status: 503 }),
}, ({ port }) => {
  // The issuer must be known before the first request, and port 0 is only resolved here.
  const origin = `http://127.0.0.1:${port}`;
  app = createHonoApp({ origin, autoApprove });
  console.log(`MCP server: ${origin}/mcp (authorization server ${origin}${autoApprove ? ', auto-approve test mode' : ''})`);
});
const stop = (): void => { server.close(); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
