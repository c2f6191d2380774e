// `pnpm --dir examples/deno start`: the example on Deno.serve at 127.0.0.1:$PORT (0 = a free port).
// Set MCP_OAUTH_AUTO_APPROVE=1 for the headless test mode.
import { createExampleApp } from '../../shared/src/app.ts';

declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { hostname: string; port: number; onListen?: (addr: { hostname: string; port: number }) => void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>,
  ): { finished: Promise<void> };
};

const autoApprove = Deno.env.get('MCP_OAUTH_AUTO_APPROVE') === '1';
let app: ReturnType<typeof createExampleApp> | undefined;

Deno.serve({
  hostname: '127.0.0.1',
  port: Number(Deno.env.get('PORT') ?? 0),
  onListen({ hostname, port }) {
    // The issuer must be known before the first request, and port 0 is only resolved here.
    const origin = `http://${hostname}:${port}`;
    app = createExampleApp({ origin, autoApprove });
    console.log(`MCP server: ${origin}/mcp (authorization server ${origin}${autoApprove ? ', auto-approve test mode' : ''})`);
  },
  // The peer's address keys the registration rate limit (behind a proxy: trustedProxyHeader instead).
}, (request, info) => app ? app.handle(request, { clientAddress: info.remoteAddr.hostname }) : new Response(null, { status: 503 }));
