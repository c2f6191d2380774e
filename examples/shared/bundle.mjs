// The esbuild step shared by the examples that bundle (hono, deno, worker, browser-spa): one entry
// file, with the shared example code and the workspace sources of @mcp-oauth/* (not their dist/,
// which may not be built), into one ES module. With the published packages no bundle is needed.
import { build } from 'esbuild';
import { sourceAliases } from '../../tools/workspace.mjs';

/**
 * Bundles the file `entry` into the file `outfile` (absolute paths). `options` sets the rest
 * (platform, target, external, conditions, minify) and may override the defaults.
 * @param {string} entry
 * @param {string} outfile
 * @param {import('esbuild').BuildOptions} options
 */
export function bundle(entry, outfile, options) {
  return build({ bundle: true, format: 'esm', alias: sourceAliases(), logLevel: 'warning', ...options, entryPoints: [entry], outfile });
}
