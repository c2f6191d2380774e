// Bundles the page (src/page/main.ts with client-flow, for browsers) to dist/app.js and the server
// (src/server.ts) to dist/server.js, from the workspace sources of @mcp-oauth/*.
import { build } from 'esbuild';
import { sourceAliases } from '../../tools/workspace.mjs';

const path = (p) => new URL(p, import.meta.url).pathname;
const common = { bundle: true, format: 'esm', alias: sourceAliases(), logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: [path('src/page/main.ts')], outfile: path('dist/app.js'), platform: 'browser', target: 'es2022', minify: true }),
  build({ ...common, entryPoints: [path('src/server.ts')], outfile: path('dist/server.js'), platform: 'node', target: 'node20' }),
]);
