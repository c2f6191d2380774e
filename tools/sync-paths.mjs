// Keeps tsconfig.base.json `paths` in step with the packages' export subpaths, so that
// `@mcp-oauth/x/sub` type-checks from source everywhere. `--check` fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root, sourceAliases } from './workspace.mjs';

const file = join(root, 'tsconfig.base.json');
const config = JSON.parse(readFileSync(file, 'utf8'));
const paths = {};
for (const [spec, src] of Object.entries(sourceAliases()).sort()) {
  if (spec.split('/').length > 2) paths[spec] = [`./${relative(root, src)}`];
}
paths['@mcp-oauth/*'] = ['./packages/*/src/index.ts'];
const next = JSON.stringify({ ...config, compilerOptions: { ...config.compilerOptions, paths } }, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const ok = next === readFileSync(file, 'utf8');
  if (!ok) console.log('✗ tsconfig.base.json paths are stale: run `node tools/sync-paths.mjs`');
  process.exit(ok ? 0 : 1);
}
writeFileSync(file, next);
