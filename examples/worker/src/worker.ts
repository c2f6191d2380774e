// The example as a Cloudflare-style worker: `export default { fetch }`. The app is created on the
// first request, because workers may not generate keys or random values at global scope.
// ORIGIN (the public origin, the issuer) comes from the environment, never from a request's Host.
import { createExampleApp, type ExampleApp } from '../../shared/src/app.ts';

export interface Env {
  /** The public origin, e.g. `https://mcp.example.workers.dev`. */
  ORIGIN: string;
  /** `1`: test mode, every authorization approved for `demo-user`. */
  MCP_OAUTH_AUTO_APPROVE?: string;
}

// One app per isolate: its in-memory store and generated signing key live as long as the isolate.
// In production pass `signingKeys` from a secret and a `store` backed by a Durable Object.
let app: ExampleApp | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    app ??= createExampleApp({ origin: env.ORIGIN, autoApprove: env.MCP_OAUTH_AUTO_APPROVE === '1' });
    // Cloudflare sets CF-Connecting-IP to the caller's address (a caller cannot override it); it keys
    // the registration rate limit. Without it (not behind Cloudflare) registration is refused.
    const address = request.headers.get('cf-connecting-ip');
    return app.handle(request, address ? { clientAddress: address } : {});
  },
};
