// `pnpm --dir examples/worker start`: bundles src/worker.ts (with ../shared and the workspace
// sources of @mcp-oauth/*) and runs it in workerd through miniflare at 127.0.0.1:$PORT (0 = a free port).
// `wrangler dev` / `wrangler deploy` take the same src/worker.ts.
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
const origin = `http://127.0.0.1:${port}`;
const autoApprove = process.env.MCP_OAUTH_AUTO_APPROVE === '1';

const mf = new Miniflare({
  host: '127.0.0.1',
  port,
  modules: true,
  scriptPath,
  compatibilityDate: '2026-07-01',
  bindings: { ORIGIN: origin, MCP_OAUTH_AUTO_APPROVE: autoApprove ? '1' : '0' },
});
await mf.ready;
console.log(`MCP server: ${origin}/mcp (authorization server ${origin}, workerd via miniflare${autoApprove ? ', auto-approve test mode' : ''})`);
const stop = () => { mf.dispose().finally(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
