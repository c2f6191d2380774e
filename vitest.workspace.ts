// The test projects: one per package (discovered from packages/*), run from source on Node 24.
// The other runtimes of the matrix (Node 20, Deno, Bun, Chromium) run the same files through
// tools/matrix/run.mjs.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packages, root, sourceAliases } from './tools/workspace.mjs';

const alias = Object.entries(sourceAliases()).map(([find, replacement]) => ({
  find: new RegExp(`^${find.replace(/[/\\^$*+?.()|[\]{}-]/g, '\\$&')}$`),
  replacement,
}));

// Examples with a test/ folder are projects too (their tests start servers: *.node.test.ts).
const examples = readdirSync(join(root, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'examples', d.name, 'test')))
  .map((d) => ({ short: `example-${d.name}`, dir: join(root, 'examples', d.name) }));

export const projects = [...packages(), ...examples].map((p) => ({
  resolve: { alias },
  test: {
    name: p.short,
    root: p.dir,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
}));
