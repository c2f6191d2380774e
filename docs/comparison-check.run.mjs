// Runs `@mcp-oauth/conformance` (intrusive) against authorization servers we did not write, for
// docs/comparison.md ("Conformance kit against other implementations"). Each target runs on
// 127.0.0.1 in this process; the table prints one verdict per property id.
//   MCP SDK v1 (bench's devDependency @modelcontextprotocol/sdk): mcpAuthRouter over the SDK's own
//   DemoInMemoryAuthProvider (as its examples wire it, with strict resource checking, rate limits
//   off so the run measures the logic), mcpAuthMetadataRouter and requireBearerAuth for the MCP server;
//   node-oidc-provider (bench's devDependency oidc-provider): response type code only, DCR, resource indicators (opaque
//   access tokens for the MCP URL only), PKCE required, introspection and revocation enabled, its
//   development login and consent pages driven by a `login` driver (a cookie jar and two form
//   posts); the MCP server is server-flow's createProtectedResource checking tokens by
//   introspection as a configured resource-server client;
//   workers-oauth-provider (bench's devDependency @cloudflare/workers-oauth-provider) in workerd
//   through miniflare (examples/worker's dependency), KV in memory: DCR, the MCP endpoint as its
//   apiHandler, and an authorize route that approves every valid request for one user (what a
//   consent page does after a click); everything else at its defaults;
//   server-flow, the same way the self-test runs it, for reference.
// Needs the packages built: pnpm -r --filter "./packages/*" run build.
//   pnpm exec node docs/comparison-check.run.mjs
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from '../tools/workspace.mjs';

const dist = (p) => join(root, 'packages', p, 'dist', 'index.js');
const { runConformance } = await import(dist('conformance'));
const { createAuthorizationServer, createProtectedResource, introspectionVerifier } = await import(dist('server-flow'));
const { toNodeHandler } = await import(dist('node'));
const req = createRequire(join(root, 'bench', 'package.json'));
const { readFileSync } = await import('node:fs');
const sdkVersion = JSON.parse(readFileSync(join(root, 'bench', 'node_modules', '@modelcontextprotocol', 'sdk', 'package.json'), 'utf8')).version;
const express = (await import(req.resolve('express'))).default;
const { mcpAuthRouter, mcpAuthMetadataRouter, createOAuthMetadata, getOAuthProtectedResourceMetadataUrl } = await import(req.resolve('@modelcontextprotocol/sdk/server/auth/router.js'));
const { requireBearerAuth } = await import(req.resolve('@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js'));
const { DemoInMemoryAuthProvider } = await import(req.resolve('@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js'));

const listen = (handler) => new Promise((resolve) => {
  const s = handler.listen ? handler.listen(0, '127.0.0.1', () => resolve(s)) : undefined;
});
const NO_LIMIT = { rateLimit: false };

async function sdkTarget() {
  const asApp = express();
  const mcpApp = express();
  const asServer = await listen(asApp);
  const mcpServer = await listen(mcpApp);
  const issuer = new URL(`http://127.0.0.1:${asServer.address().port}/`);
  const mcpUrl = new URL(`http://127.0.0.1:${mcpServer.address().port}/mcp`);
  const provider = new DemoInMemoryAuthProvider((resource) => resource?.toString() === mcpUrl.href);
  asApp.use(express.json());
  asApp.use(express.urlencoded());
  asApp.use(mcpAuthRouter({ provider, issuerUrl: issuer, scopesSupported: ['mcp:tools'], authorizationOptions: NO_LIMIT, tokenOptions: NO_LIMIT, clientRegistrationOptions: NO_LIMIT, revocationOptions: NO_LIMIT }));
  const oauthMetadata = createOAuthMetadata({ provider, issuerUrl: issuer, scopesSupported: ['mcp:tools'] });
  mcpApp.use(mcpAuthMetadataRouter({ oauthMetadata, resourceServerUrl: mcpUrl, scopesSupported: ['mcp:tools'], resourceName: 'sdk demo' }));
  const verifier = { verifyAccessToken: (t) => provider.verifyAccessToken(t) };
  mcpApp.post('/mcp', requireBearerAuth({ verifier, requiredScopes: [], resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl) }), (q, r) => r.json({ jsonrpc: '2.0', id: 1, result: {} }));
  return { name: `MCP SDK ${sdkVersion} (mcpAuthRouter + DemoInMemoryAuthProvider)`, url: mcpUrl.href, close: () => { asServer.close(); mcpServer.close(); } };
}

async function oidcProviderTarget() {
  const { createServer } = await import('node:http');
  const { default: Provider, errors } = await import(req.resolve('oidc-provider'));
  const oidcVersion = JSON.parse(readFileSync(join(root, 'bench', 'node_modules', 'oidc-provider', 'package.json'), 'utf8')).version;
  const asServer = createServer();
  const mcpServer = createServer();
  await new Promise((r) => asServer.listen(0, '127.0.0.1', r));
  await new Promise((r) => mcpServer.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${asServer.address().port}`;
  const mcpUrl = `http://127.0.0.1:${mcpServer.address().port}/mcp`;
  const rsSecret = 'resource-server-secret-0123456789abcdef0123456789';
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'mcp-resource-server', client_secret: rsSecret, grant_types: [], response_types: [], redirect_uris: [] }],
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true, allowedPolicy: async (ctx, client) => client.clientId === 'mcp-resource-server' },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => mcpUrl,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource) => {
          if (resource !== mcpUrl) throw new errors.InvalidTarget();
          return { scope: 'mcp:tools', audience: mcpUrl, accessTokenFormat: 'opaque' };
        },
      },
    },
    scopes: ['openid', 'offline_access', 'mcp:tools'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  });
  asServer.on('request', provider.callback());
  const rs = createProtectedResource({
    resource: mcpUrl, authorizationServers: [issuer], scopesSupported: ['mcp:tools'],
    verifier: introspectionVerifier({ endpoint: `${issuer}/token/introspection`, issuer, clientId: 'mcp-resource-server', clientSecret: rsSecret }),
  });
  mcpServer.on('request', toNodeHandler(async (request) => {
    const meta = rs.handleMetadata(request);
    if (meta) return meta;
    const auth = await rs.authenticate(request);
    return auth.ok ? Response.json({ jsonrpc: '2.0', id: 1, result: {} }) : auth.response;
  }));
  // The development login and consent pages, driven like a person would: a cookie jar, the login
  // form (any user name), the consent form, until the redirect to the client.
  const login = async (authorizationUrl) => {
    const jar = new Map();
    const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri') ?? '';
    let url = authorizationUrl;
    let init = {};
    for (let i = 0; i < 12; i++) {
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const c of res.headers.getSetCookie()) { const [kv] = c.split(';'); const at = kv.indexOf('='); jar.set(kv.slice(0, at), kv.slice(at + 1)); }
      const location = res.headers.get('location');
      if (location) {
        const next = new URL(location, url).href;
        if (next.startsWith(redirectUri)) return next;
        url = next; init = {};
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (!action || !prompt) return undefined;
      url = new URL(action, url).href;
      const body = new URLSearchParams(prompt === 'login' ? { prompt, login: 'user-1', password: 'any' } : { prompt });
      init = { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    }
    return undefined;
  };
  return { name: `node-oidc-provider ${oidcVersion} (DCR, resource indicators, dev login pages)`, url: mcpUrl, login, close: () => { asServer.close(); mcpServer.close(); } };
}

const WORKER = `
import { OAuthProvider } from '@cloudflare/workers-oauth-provider';
const api = { fetch: () => Response.json({ jsonrpc: '2.0', id: 1, result: {} }) };
const defaultHandler = {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== '/authorize') return new Response('not found', { status: 404 });
    let info;
    try { info = await env.OAUTH_PROVIDER.parseAuthRequest(request); } catch { return new Response('invalid authorization request', { status: 400 }); }
    const { redirectTo } = await env.OAUTH_PROVIDER.completeAuthorization({ request: info, userId: 'user-1', metadata: {}, scope: info.scope, props: {} });
    return Response.redirect(redirectTo, 302);
  },
};
export default new OAuthProvider({
  apiRoute: '/mcp', apiHandler: api, defaultHandler, authorizeEndpoint: '/authorize', tokenEndpoint: '/token', clientRegistrationEndpoint: '/register',
  scopesSupported: ['mcp:tools'], resourceMetadata: { resource: globalThis.MCP_URL ?? '' },
});
`;

async function workersTarget() {
  const { build } = await import('esbuild');
  const { createServer } = await import('node:net');
  const wreq = createRequire(join(root, 'examples', 'worker', 'package.json'));
  const { Miniflare } = await import(wreq.resolve('miniflare'));
  const version = JSON.parse(readFileSync(join(root, 'bench', 'node_modules', '@cloudflare', 'workers-oauth-provider', 'package.json'), 'utf8')).version;
  const probe = createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const port = probe.address().port;
  await new Promise((r) => probe.close(r));
  const origin = `http://127.0.0.1:${port}`;
  const out = await build({
    stdin: { contents: WORKER.replace("globalThis.MCP_URL ?? ''", JSON.stringify(`${origin}/mcp`)), resolveDir: join(root, 'bench'), loader: 'js' },
    bundle: true, format: 'esm', platform: 'browser', conditions: ['workerd', 'worker', 'browser'], external: ['cloudflare:workers'], write: false, logLevel: 'error',
  });
  const mf = new Miniflare({ host: '127.0.0.1', port, modules: true, script: out.outputFiles[0].text, compatibilityDate: '2026-07-01', compatibilityFlags: ['nodejs_compat'], kvNamespaces: ['OAUTH_KV'] });
  await mf.ready;
  return { name: `workers-oauth-provider ${version} (workerd via miniflare, auto-approving authorize route)`, url: `${origin}/mcp`, close: () => mf.dispose() };
}

async function serverFlowTarget() {
  const { createServer } = await import('node:http');
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${s.address().port}`;
  const mcpUrl = `${origin}/mcp`;
  const as = createAuthorizationServer({ issuer: origin, resources: [mcpUrl], scopes: ['mcp:tools'], defaultScopes: ['mcp:tools'], autoApprove: { subject: 'user-1' }, registration: { rateLimit: { limit: 1000, windowMs: 3_600_000 } } });
  const rs = createProtectedResource({ resource: mcpUrl, authorizationServers: [origin], verifier: as.verifier(), scopesSupported: ['mcp:tools'] });
  s.on('request', toNodeHandler(async (request, ctx) => {
    const meta = rs.handleMetadata(request);
    if (meta) return meta;
    if (new URL(request.url).pathname === '/mcp') {
      const auth = await rs.authenticate(request);
      return auth.ok ? Response.json({ jsonrpc: '2.0', id: 1, result: {} }) : auth.response;
    }
    return as.handle(request, ctx);
  }));
  return { name: 'mcp-oauth server-flow (this tree)', url: mcpUrl, close: () => s.close(), grace: 2000 };
}

const rows = new Map();
const names = [];
for (const start of [sdkTarget, oidcProviderTarget, workersTarget, serverFlowTarget]) {
  const t = await start();
  names.push(t.name);
  const report = await runConformance({ url: t.url, intrusive: true, requestsPerSecond: 200, maxRequests: 1500, seed: 1, ...(t.grace ? { refreshReuseGraceMs: t.grace } : {}), ...(t.login ? { login: t.login } : {}) });
  for (const r of report.results) {
    if (!rows.has(r.id)) rows.set(r.id, { title: r.title, cells: [] });
    rows.get(r.id).cells.push(`${r.verdict}${r.verdict === 'pass' ? '' : `: ${r.evidence.replace(/\|/g, '\\|').replace(/ \(counterexample after.*$/, '').slice(0, 160)}`}`);
  }
  console.error(`${t.name}: ${report.results.filter((r) => r.verdict === 'pass').length} pass, ${report.results.filter((r) => r.verdict === 'fail').length} fail, ${report.requests} requests`);
  await t.close();
}
console.log(`| id | ${names.join(' | ')} |`);
console.log(`| --- | ${names.map(() => '---').join(' | ')} |`);
for (const [id, r] of rows) console.log(`| ${id} | ${r.cells.join(' | ')} |`);
process.exit(0);
