// Bundles src/server.ts with the workspace sources of @mcp-oauth/* into dist/server.js, so Deno
// runs one file and needs no read permission. (With the published packages, `deno run
// npm:...`-style imports or a deno.json import map work without this step.)
import { build } from 'esbuild';
import { sourceAliases } from '../../tools/workspace.mjs';

await build({
  entryPoints: [new URL('src/server.ts', import.meta.url).pathname],
  outfile: new URL('dist/server.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  alias: sourceAliases(),
  logLevel: 'warning',
});
