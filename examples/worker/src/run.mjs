// `pnpm --dir examples/worker start`: bundles src/worker.ts (with ../shared and the workspace
// sources of @mcp-oauth/*) and runs it in workerd through miniflare at 127.0.0.1:$PORT (0 = a free port).
// `wrangler dev` / `wrangler deploy` take the same src/worker.ts.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { bundle } from '../../shared/bundle.mjs';

const scriptPath = fileURLToPath(new URL('../dist/worker.js', import.meta.url));
await bundle(fileURLToPath(new URL('worker.ts', import.meta.url)), scriptPath, {
  platform: 'browser',
  conditions: ['workerd', 'worker', 'browser'],
  target: 'es2022',
});

// The issuer needs the port before the worker starts: resolve PORT=0 to a free port first.
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
const port = Number(process.env.PORT ?? 0) || (await freePort());
const origin = (process.env.MCP_OAUTH_PUBLIC_URL || `http://127.0.0.1:${port}`).replace(/\/+$/, '');
const autoApprove = process.env.MCP_OAUTH_AUTO_APPROVE === '1';
// MCP_OAUTH_STORE: the worker keeps its state in D1 (binding DB), which miniflare persists in a
// folder: sqlite:<folder> (default .data/d1), or memory (no D1 binding). Redis is not for workers.
const spec = process.env.MCP_OAUTH_STORE || 'sqlite:.data/d1';
if (spec !== 'memory' && !spec.startsWith('sqlite:')) {
  console.error(`MCP_OAUTH_STORE=${spec}: the worker example takes memory or sqlite:<folder> (D1 persisted by miniflare)`);
  process.exit(2);
}
const d1Folder = spec === 'memory' ? undefined : spec.slice('sqlite:'.length);
if (d1Folder !== undefined) mkdirSync(d1Folder, { recursive: true, mode: 0o700 });

const mf = new Miniflare({
  host: '127.0.0.1',
  port,
  modules: true,
  scriptPath,
  compatibilityDate: '2026-07-01',
  bindings: { ORIGIN: origin, MCP_OAUTH_AUTO_APPROVE: autoApprove ? '1' : '0' },
  ...(d1Folder !== undefined ? { d1Databases: ['DB'], d1Persist: d1Folder } : {}),
});
await mf.ready;
console.log(`MCP server: ${origin}/mcp (authorization server ${origin}, workerd via miniflare, store ${d1Folder !== undefined ? `D1 in ${d1Folder}` : 'memory'}${autoApprove ? ', auto-approve test mode' : ''})`);
const stop = () => { mf.dispose().finally(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
