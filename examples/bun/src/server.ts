// `pnpm --dir examples/bun start`: the example on Bun.serve at 127.0.0.1:$PORT (0 = a free port).
// Set MCP_OAUTH_AUTO_APPROVE=1 for the headless test mode.
import { createExampleApp, type ExampleApp } from '../../shared/src/app.ts';

interface BunServer { port: number; stop(force?: boolean): unknown; requestIP(request: Request): { address: string } | null }
declare const Bun: {
  env: Record<string, string | undefined>;
  serve(options: { hostname: string; port: number; fetch: (request: Request, server: BunServer) => Response | Promise<Response> }): BunServer;
};

const autoApprove = Bun.env['MCP_OAUTH_AUTO_APPROVE'] === '1';
let app: ExampleApp | undefined;

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
const origin = `http://127.0.0.1:${server.port}`;
app = createExampleApp({ origin, autoApprove });
console.log(`MCP server: ${origin}/mcp (authorization server ${origin}${autoApprove ? ', auto-approve test mode' : ''})`);
const stop = (): void => { void server.stop(true); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
