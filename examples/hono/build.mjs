// Bundles src/server.ts with the workspace sources of @mcp-oauth/* into dist/server.js (Hono stays
// an ordinary import from node_modules). With the published packages, `node src/server.ts` runs
// as is; in the monorepo this step spares building every package first.
import { build } from 'esbuild';
import { sourceAliases } from '../../tools/workspace.mjs';

await build({
  entryPoints: [new URL('src/server.ts', import.meta.url).pathname],
  outfile: new URL('dist/server.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['hono', 'hono/*', '@hono/node-server', '@hono/node-server/*'],
  alias: sourceAliases(),
  logLevel: 'warning',
});
