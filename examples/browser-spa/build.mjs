// Bundles the page (src/page/main.ts with client-flow, for browsers) to dist/app.js and the server
// (src/server.ts, with ../shared/src/mcp.ts) to dist/server.js, from the workspace sources of @mcp-oauth/*.
import { bundle } from '../shared/bundle.mjs';

const path = (p) => new URL(p, import.meta.url).pathname;
await Promise.all([
  bundle(path('src/page/main.ts'), path('dist/app.js'), { platform: 'browser', target: 'es2022', minify: true }),
  bundle(path('src/server.ts'), path('dist/server.js'), { platform: 'node', target: 'node20' }),
]);
