// Runs TypeScript entry points straight from the workspace sources, for examples and scripts:
//   node --experimental-strip-types --no-warnings --import <repo>/tools/source-hook.mjs app.ts
// `@mcp-oauth/<pkg>[/<entry>]` resolves to the source file of that export (sourceAliases(), the same
// map the tests use), and extensionless relative imports inside packages/*/src resolve to `.ts`
// (or `/index.ts`). Published packages need none of this.
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { root, sourceAliases } from './workspace.mjs';

const aliases = new Map(Object.entries(sourceAliases()).map(([spec, file]) => [spec, pathToFileURL(file).href]));
const sources = pathToFileURL(join(root, 'packages')).href + '/';

/** Module resolve hook (node:module `register`). */
export async function resolve(specifier, context, next) {
  const aliased = aliases.get(specifier);
  if (aliased) return { url: aliased, shortCircuit: true };
  if (/^\.\.?\//.test(specifier) && context.parentURL?.startsWith(sources) && !/\.[cm]?[jt]s$/.test(specifier)) {
    for (const suffix of ['.ts', '/index.ts']) {
      try { return await next(specifier + suffix, context); } catch { /* try the next form */ }
    }
  }
  return next(specifier, context);
}

// Loaded with --import on the main thread: install this file as the hooks module (which node then
// loads again on its hooks thread, where this line does nothing).
if (isMainThread) register(import.meta.url);
