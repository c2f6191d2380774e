// The test projects: one per package (discovered from packages/*), run from source on Node 24.
// The other runtimes of the matrix (Node 20, Deno, Bun, Chromium) run the same files through
// tools/matrix/run.mjs.
import { packages, sourceAliases } from './tools/workspace.mjs';

const alias = Object.entries(sourceAliases()).map(([find, replacement]) => ({
  find: new RegExp(`^${find.replace(/[/\\^$*+?.()|[\]{}-]/g, '\\$&')}$`),
  replacement,
}));

export const projects = packages().map((p) => ({
  resolve: { alias },
  test: {
    name: p.short,
    root: p.dir,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
}));
