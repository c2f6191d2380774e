// One benchmark target per child process (so the load generator and the server each get a core):
// `node server-targets.mjs <name>` listens on 127.0.0.1:<random>, then prints one JSON line
// { port, token? } on stdout. Used by server.bench.mjs; not a benchmark by itself.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

const name = process.argv[2];
// Each target loads only the modules it runs, as a deployment of it would (the floor loads nothing but
// node:http; Express targets never load mcp-oauth, and server-flow targets never load Express or the SDK).
const ours = name.startsWith('sf-') || name.startsWith('adapter-');
const sdk = name.startsWith('sdk-');
const { createAuthorizationServer, createProtectedResource } = ours ? await import('@mcp-oauth/server-flow') : {};
const { nodeCryptoProvider, protectNodeHandler, toNodeHandler } = ours ? await import('@mcp-oauth/node') : {};
// server-flow targets run as `mcpAuth` mounts them: node:crypto provider, lazy bridge for the AS
// (BENCH_SF_CRYPTO=subtle and BENCH_SF_BRIDGE=web give the WebCrypto / web-bridge variants, for A/B runs).
const sfCrypto = ours && process.env.BENCH_SF_CRYPTO !== 'subtle' ? { crypto: nodeCryptoProvider() } : {};
const sfBridge = process.env.BENCH_SF_BRIDGE === 'web' ? 'web' : 'lazy';
const express = sdk ? (await import('express')).default : undefined;
const jose = name === 'sdk-bearer-jose' ? await import('jose') : undefined;
const { mcpAuthRouter } = sdk ? await import('@modelcontextprotocol/sdk/server/auth/router.js') : {};
const { requireBearerAuth } = sdk ? await import('@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js') : {};
const { DemoInMemoryAuthProvider } = sdk ? await import('@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js') : {};
process.on('SIGTERM', () => process.exit(0));
const BODY = JSON.stringify({ ok: true });
const listen = (handler) => new Promise((resolve) => { const s = createServer(handler); s.keepAliveTimeout = 60_000; s.listen(0, '127.0.0.1', () => resolve(s.address().port)); });
const listenApp = (app) => new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s.address().port)); s.keepAliveTimeout = 60_000; });
const NO_LIMIT = { rateLimit: false };

const RefreshingDemoProvider = sdk && class extends DemoInMemoryAuthProvider {
  refresh = new Map();
  async exchangeAuthorizationCode(client, code, verifier) {
    const t = await super.exchangeAuthorizationCode(client, code, verifier);
    const rt = randomUUID();
    this.refresh.set(rt, client.client_id);
    return { ...t, refresh_token: rt };
  }
  async exchangeRefreshToken(client, refreshToken) {
    if (this.refresh.get(refreshToken) !== client.client_id) throw new Error('invalid refresh token');
    this.refresh.delete(refreshToken);
    const rt = randomUUID();
    this.refresh.set(rt, client.client_id);
    const token = randomUUID();
    this.tokens.set(token, { token, clientId: client.client_id, scopes: [], expiresAt: Date.now() + 3600_000, type: 'access' });
    return { access_token: token, token_type: 'bearer', expires_in: 3600, refresh_token: rt };
  }
}

async function serverFlow(port, opaque) {
  const origin = `http://127.0.0.1:${port}`;
  const as = createAuthorizationServer({
    issuer: origin, resources: [`${origin}/mcp`], scopes: ['mcp:tools'], defaultScopes: ['mcp:tools'], autoApprove: { subject: 'bench' },
    clients: [{ client_id: 'bench-svc', client_secret: 'bench-secret-0123456789abcdef', grant_types: ['client_credentials'] }],
    registration: { rateLimit: { limit: 1e9, windowMs: 60_000 } },
    ...(opaque ? { tokens: { format: 'opaque' } } : {}), ...sfCrypto,
  });
  const rs = createProtectedResource({ resource: `${origin}/mcp`, authorizationServers: [origin], verifier: as.verifier() });
  return { as, rs, origin };
}

async function start() {
  switch (name) {
    case 'floor': return { port: await listen((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(BODY); }) };
    case 'adapter-floor': return { port: await listen(toNodeHandler(async () => new Response(BODY, { headers: { 'content-type': 'application/json' } }))) };
    // The same handler on the lazy bridge (issue #16).
    case 'adapter-lazy': return { port: await listen(toNodeHandler(async () => new Response(BODY, { headers: { 'content-type': 'application/json' } }), { bridge: 'lazy' })) };
    case 'floor-bearer': return {
      port: await listen((req, res) => {
        if (req.headers.authorization !== 'Bearer bench-token') { res.writeHead(401, { 'www-authenticate': 'Bearer' }); res.end(); return; }
        res.writeHead(200, { 'content-type': 'application/json' }); res.end(BODY);
      }),
      token: 'bench-token',
    };
    case 'sf-bearer': case 'sf-bearer-lazy': case 'sf-bearer-fast': case 'sf-as': case 'sf-as-opaque': {
      // the port must be known before the AS (issuer), so reserve one first
      const probe = createServer(); await new Promise((r) => probe.listen(0, '127.0.0.1', r)); const port = probe.address().port; await new Promise((r) => probe.close(r));
      const { as, rs, origin } = await serverFlow(port, name === 'sf-as-opaque');
      const app = async (request, ctx) => {
        if (new URL(request.url).pathname === '/mcp') {
          const auth = await rs.authenticate(request);
          return auth.ok ? new Response(BODY, { headers: { 'content-type': 'application/json' } }) : auth.response;
        }
        return as.handle(request, ctx);
      };
      // sf-bearer-fast: the Node fast path (header-level check, no Fetch objects) in front of /mcp
      // sf-as*: the documented wiring, metadata answered from `prepared` (no Fetch objects); sf-bearer*: the Fetch path for everything.
      // sf-bearer-lazy: sf-bearer on the lazy bridge (issue #16).
      const fetchPath = toNodeHandler(app, name.startsWith('sf-as') ? { prepared: [as, rs], bridge: sfBridge } : name === 'sf-bearer-lazy' ? { bridge: 'lazy' } : {});
      const mcp = protectNodeHandler(rs, (req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(BODY); });
      const s = createServer(name === 'sf-bearer-fast' ? (req, res) => (req.url === '/mcp' ? mcp(req, res) : fetchPath(req, res)) : fetchPath); s.keepAliveTimeout = 60_000;
      await new Promise((r) => s.listen(port, '127.0.0.1', r));
      const res = await as.handle(new Request(`${origin}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa('bench-svc:bench-secret-0123456789abcdef')}` }, body: 'grant_type=client_credentials' }));
      return { port, token: (await res.json()).access_token };
    }
    case 'sdk-bearer': case 'sdk-bearer-jose': {
      const app = express();
      let verifier;
      let token = 'bench-token';
      if (name === 'sdk-bearer') {
        verifier = { verifyAccessToken: async (t) => { if (t !== token) throw new Error('bad'); return { token: t, clientId: 'c', scopes: [], expiresAt: Math.floor(Date.now() / 1000) + 3600 }; } };
      } else {
        const { privateKey, publicKey } = await jose.generateKeyPair('ES256');
        token = await new jose.SignJWT({ client_id: 'c', scope: 'mcp:tools' }).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' }).setIssuer('https://as.example').setAudience('https://rs.example/mcp').setSubject('u').setIssuedAt().setExpirationTime('1h').sign(privateKey);
        verifier = { verifyAccessToken: async (t) => { const { payload } = await jose.jwtVerify(t, publicKey, { issuer: 'https://as.example', audience: 'https://rs.example/mcp', algorithms: ['ES256'] }); return { token: t, clientId: payload.client_id, scopes: String(payload.scope).split(' '), expiresAt: payload.exp }; } };
      }
      app.get('/mcp', requireBearerAuth({ verifier }), (req, res) => res.json({ ok: true }));
      return { port: await listenApp(app), token };
    }
    case 'sdk-as': {
      const app = express();
      const probe = createServer(); await new Promise((r) => probe.listen(0, '127.0.0.1', r)); const port = probe.address().port; await new Promise((r) => probe.close(r));
      const provider = new RefreshingDemoProvider();
      app.use(mcpAuthRouter({ provider, issuerUrl: new URL(`http://localhost:${port}`), scopesSupported: ['mcp:tools'], authorizationOptions: NO_LIMIT, tokenOptions: NO_LIMIT, clientRegistrationOptions: NO_LIMIT, revocationOptions: NO_LIMIT }));
      await new Promise((r) => { const s = app.listen(port, '127.0.0.1', r); s.keepAliveTimeout = 60_000; });
      return { port };
    }
    default: throw new Error(`unknown target ${name}`);
  }
}

const info = await start();
// Memory probes (server.bench.mjs spawns memory targets with --expose-gc and an IPC channel): heap
// and RSS after full collections, on request.
if (process.send) {
  process.on('message', (m) => {
    if (m !== 'memory') return;
    for (let i = 0; i < 3; i++) globalThis.gc?.();
    const u = process.memoryUsage();
    process.send({ rss: u.rss, heapUsed: u.heapUsed, external: u.external });
  });
}
process.stdout.write(JSON.stringify(info) + '\n');
