// The kit against authorization servers we did not write, installed from the npm registry (this
// package's devDependencies), each on 127.0.0.1 in this process: the MCP SDK v1 `mcpAuthRouter`
// over its DemoInMemoryAuthProvider, node-oidc-provider configured for MCP, and
// workers-oauth-provider in workerd through miniflare; server-flow beside them for reference.
// Each target's verdicts must equal the table in docs/comparison.md ("Conformance kit against other
// implementations"), so the doc cannot drift: a changed result fails here, naming the property and
// what the kit saw. The table the run measured is written to .tmp/comparison-kit-table.md.
// Vitest only (`.vitest.test.ts`): the third-party packages resolve from this package's
// node_modules, which a bundled copy in the runtime matrix does not see; and one run is enough.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runConformance, type ConformanceOptions, type ConformanceReport } from '@mcp-oauth/conformance';
import { toNodeHandler } from '@mcp-oauth/node';
import { createAuthorizationServer, createProtectedResource, introspectionVerifier } from '@mcp-oauth/server-flow';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOC = `${ROOT}docs/comparison.md`;
// A non-literal specifier: these third-party modules are used untyped (express ships no types).
const load = (m: string): Promise<any> => import(m); // eslint-disable-line @typescript-eslint/no-explicit-any
const version = (pkg: string): string => (JSON.parse(readFileSync(fileURLToPath(new URL(`../node_modules/${pkg}/package.json`, import.meta.url)), 'utf8')) as { version: string }).version;

/** Cells whose documented failure is a race (concurrent redemption of one code): a run may miss it. */
const RACY: readonly (readonly [columnPrefix: string, id: string])[] = [['workers-oauth-provider', 'A7']];

/** Every target is given the same kit options; only login drivers and clocks differ (and only where the server has them). */
const KIT: Partial<ConformanceOptions> = { intrusive: true, requestsPerSecond: 1000, maxRequests: 1500, seed: 1 };
/** The per-caller registration limit configured where the server has one (the kit registers about 25 clients before A82). */
const REGISTRATION_LIMIT = 50;

interface Target { readonly column: string; readonly url: string; readonly options?: Partial<ConformanceOptions>; close(): Promise<void> }

const listen = (s: Server): Promise<string> => new Promise((r) => s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(s.address() as { port: number }).port}`)));
const closeAll = (...s: Server[]): Promise<void> => Promise.all(s.map((x) => new Promise<void>((r) => { x.closeAllConnections(); x.close(() => r()); }))).then(() => undefined);

async function sdkTarget(): Promise<Target> {
  const express = (await load('express')).default;
  const { mcpAuthRouter, mcpAuthMetadataRouter, createOAuthMetadata, getOAuthProtectedResourceMetadataUrl } = await load('@modelcontextprotocol/sdk/server/auth/router.js');
  const { requireBearerAuth } = await load('@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js');
  const { DemoInMemoryAuthProvider } = await load('@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js');
  const asApp = express();
  const mcpApp = express();
  const asServer = createServer(asApp);
  const mcpServer = createServer(mcpApp);
  const issuer = new URL(`${await listen(asServer)}/`);
  const mcpUrl = new URL(`${await listen(mcpServer)}/mcp`);
  const provider = new DemoInMemoryAuthProvider((resource: URL | undefined) => resource?.toString() === mcpUrl.href);
  asApp.use(express.json());
  asApp.use(express.urlencoded());
  // The SDK's own rate limiters, with the registration limit set like the other targets' (its default is 20 an hour).
  const limit = (max: number): unknown => ({ rateLimit: { windowMs: 3_600_000, max } });
  asApp.use(mcpAuthRouter({
    provider, issuerUrl: issuer, scopesSupported: ['mcp:tools'],
    authorizationOptions: limit(10_000), tokenOptions: limit(10_000), revocationOptions: limit(10_000), clientRegistrationOptions: limit(REGISTRATION_LIMIT),
  }));
  const oauthMetadata = createOAuthMetadata({ provider, issuerUrl: issuer, scopesSupported: ['mcp:tools'] });
  mcpApp.use(mcpAuthMetadataRouter({ oauthMetadata, resourceServerUrl: mcpUrl, scopesSupported: ['mcp:tools'], resourceName: 'sdk demo' }));
  const verifier = { verifyAccessToken: (t: string): unknown => provider.verifyAccessToken(t) };
  mcpApp.post('/mcp', requireBearerAuth({ verifier, requiredScopes: [], resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl) }), (_q: unknown, r: { json(v: unknown): void }) => r.json({ jsonrpc: '2.0', id: 1, result: {} }));
  return { column: `MCP SDK ${version('@modelcontextprotocol/sdk')}`, url: mcpUrl.href, close: () => closeAll(asServer, mcpServer) };
}

async function oidcProviderTarget(): Promise<Target> {
  const { default: Provider, errors } = await load('oidc-provider');
  const asServer = createServer();
  const mcpServer = createServer();
  const issuer = await listen(asServer);
  const mcpUrl = `${await listen(mcpServer)}/mcp`;
  const rsSecret = 'resource-server-secret-0123456789abcdef0123456789';
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'mcp-resource-server', client_secret: rsSecret, grant_types: [], response_types: [], redirect_uris: [] }],
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true, allowedPolicy: async (_ctx: unknown, client: { clientId: string }) => client.clientId === 'mcp-resource-server' },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => mcpUrl,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== mcpUrl) throw new errors.InvalidTarget();
          return { scope: 'mcp:tools', audience: mcpUrl, accessTokenFormat: 'opaque' };
        },
      },
    },
    scopes: ['openid', 'offline_access', 'mcp:tools'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(g: string): boolean }) => client.grantTypeAllowed('refresh_token'),
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
  // Its development login and consent pages, driven as a person would: a cookie jar, the login form
  // (any user name), the consent form, until the redirect to the client.
  const login = async (authorizationUrl: string): Promise<string | undefined> => {
    const jar = new Map<string, string>();
    const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri') ?? '';
    let url = authorizationUrl;
    let init: { method?: string; body?: string; headers?: Record<string, string> } = {};
    for (let i = 0; i < 12; i++) {
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const c of res.headers.getSetCookie()) { const kv = c.split(';')[0] ?? ''; const at = kv.indexOf('='); jar.set(kv.slice(0, at), kv.slice(at + 1)); }
      const location = res.headers.get('location');
      if (location) {
        const next = new URL(location, url).href;
        if (next.startsWith(redirectUri)) return next;
        url = next;
        init = {};
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
  return { column: `node-oidc-provider ${version('oidc-provider')}`, url: mcpUrl, options: { login }, close: () => closeAll(asServer, mcpServer) };
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
  scopesSupported: ['mcp:tools'], resourceMetadata: { resource: MCP_URL },
});
`;

async function workersTarget(): Promise<Target> {
  const { build } = await load('esbuild');
  const { Miniflare } = await load('miniflare');
  const probe = createNetServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  const origin = `http://127.0.0.1:${port}`;
  const out = await build({
    stdin: { contents: WORKER.replace('MCP_URL', JSON.stringify(`${origin}/mcp`)), resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
    bundle: true, format: 'esm', platform: 'browser', conditions: ['workerd', 'worker', 'browser'], external: ['cloudflare:workers'], write: false, logLevel: 'error',
  });
  const mf = new Miniflare({ host: '127.0.0.1', port, modules: true, script: out.outputFiles[0].text, compatibilityDate: '2026-07-01', compatibilityFlags: ['nodejs_compat'], kvNamespaces: ['OAUTH_KV'] });
  await mf.ready;
  return { column: `workers-oauth-provider ${version('@cloudflare/workers-oauth-provider')}`, url: `${origin}/mcp`, close: () => mf.dispose() };
}

async function serverFlowTarget(): Promise<Target> {
  const s = createServer();
  const origin = await listen(s);
  const mcpUrl = `${origin}/mcp`;
  let skew = 0;
  const as = createAuthorizationServer({
    issuer: origin, resources: [mcpUrl], scopes: ['mcp:tools'], defaultScopes: ['mcp:tools'], autoApprove: { subject: 'user-1' },
    registration: { rateLimit: { limit: REGISTRATION_LIMIT, windowMs: 3_600_000 } }, now: () => Date.now() + skew,
    // a resource server allowed to introspect, so that introspection is offered (A-INTRO-1)
    clients: [{ client_id: 'rs', client_secret: 'resource-server-secret-0123456789abcdef', grant_types: [], token_endpoint_auth_method: 'client_secret_basic' }],
    introspectionClients: ['rs'],
  });
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
  // Its documented refresh reuse grace, and its clock, which the kit's sleep moves (A86).
  return { column: 'mcp-oauth server-flow', url: mcpUrl, options: { refreshReuseGraceMs: 2000, sleep: async (ms) => { skew += ms; } }, close: () => closeAll(s) };
}

// ---- the committed table ------------------------------------------------------------------------

const cells = (line: string): string[] => line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());

/** The kit table of docs/comparison.md: header columns, and per property id the cell of each column. */
function documented(): { columns: string[]; rows: Map<string, string[]> } {
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf('### Conformance kit against other implementations');
  const lines = text.slice(start).split('\n');
  const header = lines.findIndex((l) => l.startsWith('| id |'));
  const columns = cells(lines[header]!).slice(1);
  const rows = new Map<string, string[]>();
  for (const l of lines.slice(header + 2)) {
    if (!l.startsWith('|')) break;
    const [id, ...rest] = cells(l);
    rows.set(id!, rest);
  }
  return { columns, rows };
}

const verdictOf = (cell: string): string => /^(pass|fail|not-applicable|not-tested)\b/.exec(cell)?.[1] ?? `(unreadable: ${cell.slice(0, 40)})`;

const measured = new Map<string, ConformanceReport>();

afterAll(() => {
  if (measured.size === 0) return;
  // The table this run measured, in the doc's format (evidence only; the reasons are written by hand).
  const reports = [...measured];
  const ids = reports[0]![1].results.map((r) => r.id);
  const cell = (r: ConformanceReport, id: string): string => {
    const x = r.results.find((y) => y.id === id);
    return !x ? '' : x.verdict === 'pass' ? 'pass' : `${x.verdict}: ${x.evidence.replace(/\|/g, '\\|').replace(/ \(counterexample after.*$/, '').slice(0, 160)}`;
  };
  const table = [`| id | ${reports.map(([c]) => c).join(' | ')} |`, `| --- | ${reports.map(() => '---').join(' | ')} |`, ...ids.map((id) => `| ${id} | ${reports.map(([, r]) => cell(r, id)).join(' | ')} |`)];
  mkdirSync(`${ROOT}.tmp`, { recursive: true });
  writeFileSync(`${ROOT}.tmp/comparison-kit-table.md`, `${table.join('\n')}\n`);
});

describe('the kit against independent implementations (docs/comparison.md)', () => {
  const doc = documented();

  it('every failure in the table says why, after the evidence (cell "fail: <what the kit saw> — <why>")', () => {
    expect(doc.rows.size).toBeGreaterThan(20);
    for (const [id, row] of doc.rows) {
      expect(row, id).toHaveLength(doc.columns.length);
      for (const [i, c] of row.entries()) {
        if (verdictOf(c) === 'fail') expect(c, `${id} / ${doc.columns[i]}`).toMatch(/^fail: .+ — .+/);
        else if (verdictOf(c) !== 'pass') expect(c, `${id} / ${doc.columns[i]}`).toMatch(/^not-(applicable|tested): .+/);
      }
    }
  });

  for (const start of [sdkTarget, oidcProviderTarget, workersTarget, serverFlowTarget]) {
    it(`A-PKCE-1, A-RED-1, A-CODE-1, A-RT-1, A-AUD-1, A-DCR-1, A-RED-2, A7, A82: ${start.name.replace(/Target$/, '')}: the kit's verdicts are the committed table's`, async () => {
      const t = await start();
      try {
        const column = doc.columns.findIndex((c) => c.startsWith(t.column));
        expect(column, `docs/comparison.md has no column starting "${t.column}" (a new version? measure and update the table): ${doc.columns.join(', ')}`).toBeGreaterThanOrEqual(0);
        const report = await runConformance({ url: t.url, ...KIT, ...t.options });
        measured.set(doc.columns[column]!, report);
        const got = Object.fromEntries(report.results.map((r) => [r.id, r.verdict]));
        const want = Object.fromEntries([...doc.rows].map(([id, row]) => [id, verdictOf(row[column]!)]));
        // A race the kit found is a fact even in a run that happens to miss it: such a documented
        // fail (RACY) may measure pass; any other difference, and a race found elsewhere, fails.
        for (const r of report.results) if (want[r.id] === 'fail' && r.verdict === 'pass' && RACY.some(([c, id]) => t.column.startsWith(c) && id === r.id)) got[r.id] = 'fail';
        const changed = report.results.filter((r) => want[r.id] !== got[r.id]).map((r) => `${r.id}: documented ${want[r.id] ?? '(no row)'}, measured ${r.verdict}: ${r.evidence}`);
        expect(got, `${t.column} differs from docs/comparison.md (the measured table is in .tmp/comparison-kit-table.md):\n${changed.join('\n')}`).toEqual(want);
      } finally {
        await t.close();
      }
    }, 180_000);
  }
});
