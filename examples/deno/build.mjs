// Bundles src/server.ts (with ../shared and the workspace sources of @mcp-oauth/*) into
// dist/server.js, so Deno runs one file and needs no read permission. (With the published
// packages, `deno run npm:...`-style imports or a deno.json import map work without this step.)
import { bundle } from '../shared/bundle.mjs';

const path = (p) => new URL(p, import.meta.url).pathname;
await bundle(path('src/server.ts'), path('dist/server.js'), { platform: 'neutral', target: 'es2022', external: ['node:*'] });
