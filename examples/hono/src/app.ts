// The example as a Hono app: server-flow's handlers are Fetch handlers, so Hono routes to them
// with `c.req.raw` and returns their Responses as they are. No adapter is needed.
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import type { Principal } from '@mcp-oauth/server-flow';
import { handleMcp } from './mcp.ts';

export interface ExampleOptions {
  /** The public origin, e.g. `http://127.0.0.1:3000` (the issuer, and the resource's origin). */
  origin: string;
  /** Test mode: every authorization is approved for `demo-user` without a consent page. */
  autoApprove: boolean;
}

export function createHonoApp({ origin, autoApprove }: ExampleOptions): Hono<{ Variables: { principal: Principal } }> {
  const resource = `${origin}/mcp`;
  const as = createAuthorizationServer({
    issuer: origin,
    resources: [resource],
    scopes: ['mcp:tools', 'mcp:exec:*'],
    defaultScopes: ['mcp:tools'],
    ...(autoApprove
      ? { autoApprove: { subject: 'demo-user' } }
      // Replace with your session check (return a Response such as a redirect to your login page
      // when nobody is signed in). The built-in consent page is shown either way.
      : { authenticate: async () => ({ subject: 'demo-user' }) }),
  });
  const rs = createProtectedResource({
    resource,
    authorizationServers: [origin],
    verifier: as.verifier(),
    scopesSupported: ['mcp:tools', 'mcp:exec:workflows:run'],
    requiredScopes: ['mcp:tools'],
    resourceName: 'mcp-oauth example',
  });

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
