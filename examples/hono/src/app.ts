// The example as a Hono app: server-flow's handlers are Fetch handlers, so Hono routes to them
// with `c.req.raw` and returns their Responses as they are. No adapter is needed. The authorization
// server and protected resource are the ones every runtime example shares (../../shared/src/app.ts);
// only the routing is Hono's.
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Principal } from '@mcp-oauth/server-flow';
import { createExampleApp, type ExampleOptions } from '../../shared/src/app.ts';
import { handleMcp } from '../../shared/src/mcp.ts';

export function createHonoApp(options: ExampleOptions): Hono<{ Variables: { principal: Principal } }> {
  // `as`: createAuthorizationServer (issuer = origin, the built-in consent page, or auto-approve in
  // test mode); `rs`: createProtectedResource for `${origin}/mcp`. Their own `handle` is not used.
  const { as, rs } = createExampleApp(options);

  const app = new Hono<{ Variables: { principal: Principal } }>();
  // The bearer check as Hono middleware: the 401/403 from server-flow goes out unchanged.
  app.use('/mcp', async (c, next) => {
    const auth = await rs.authenticate(c.req.raw);
    if (!auth.ok) return auth.response;
    c.set('principal', auth.principal);
    await next();
  });
  app.all('/mcp', (c) => handleMcp(c.req.raw, c.get('principal'), rs));
  // Everything else: the PRM document, then the authorization server's endpoints (404 otherwise).
  app.all('*', async (c) => {
    const prm = rs.handleMetadata(c.req.raw);
    if (prm) return prm;
    const address = getConnInfo(c).remote.address;
    return as.handle(c.req.raw, address ? { clientAddress: address } : {});
  });
  return app;
}
