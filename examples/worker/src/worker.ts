// The example as a Cloudflare-style worker: `export default { fetch }`. The app is created on the
// first request, because workers may not generate keys or random values at global scope.
// ORIGIN (the public origin, the issuer) comes from the environment, never from a request's Host.
// The state (clients, grants, codes, refresh tokens) lives in D1 when the `DB` binding exists
// (@mcp-oauth/store-sqlite), else in the isolate's memory.
import { sqliteStore, type D1DatabaseLike } from '@mcp-oauth/store-sqlite';
import { createExampleApp, type ExampleApp } from '../../shared/src/app.ts';

export interface Env {
  /** The public origin, e.g. `https://mcp.example.workers.dev`. */
  ORIGIN: string;
  /** `1`: test mode, every authorization approved for `demo-user`. */
  MCP_OAUTH_AUTO_APPROVE?: string;
  /** A D1 database for the store (`[[d1_databases]] binding = "DB"` in wrangler.toml). Without it: memory, lost with the isolate. */
  DB?: D1DatabaseLike;
}

// One app per isolate, its store created on the first request (the schema is migrated then).
// The signing key is generated per isolate: in production pass `signingKeys` from a secret.
let app: Promise<ExampleApp> | undefined;

async function create(env: Env): Promise<ExampleApp> {
  const store = env.DB ? await sqliteStore({ database: env.DB }) : undefined;
  return createExampleApp({ origin: env.ORIGIN, autoApprove: env.MCP_OAUTH_AUTO_APPROVE === '1', ...(store ? { store } : {}) });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    app ??= create(env).catch((e: unknown) => { app = undefined; throw e; });
    const ready = await app;
    // Cloudflare sets CF-Connecting-IP to the caller's address (a caller cannot override it); it keys
    // the registration rate limit. Without it (not behind Cloudflare) registration is refused.
    const address = request.headers.get('cf-connecting-ip');
    return ready.handle(request, address ? { clientAddress: address } : {});
  },
};
