// Bundles src/server.ts (with ../shared and the workspace sources of @mcp-oauth/*) into
// dist/server.js; Hono stays an ordinary import from node_modules. With the published packages,
// `node src/server.ts` runs as is; in the monorepo this step spares building every package first.
import { bundle } from '../shared/bundle.mjs';

const path = (p) => new URL(p, import.meta.url).pathname;
await bundle(path('src/server.ts'), path('dist/server.js'), {
  platform: 'node',
  target: 'node20',
  external: ['hono', 'hono/*', '@hono/node-server', '@hono/node-server/*', 'redis'],
});
