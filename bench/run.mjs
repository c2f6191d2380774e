// Runs every bench/*.bench.mjs (or those whose name contains an argument), one child process each,
// in name order, and passes their markdown through. `pnpm bench` at the root calls this file.
// Usage: node bench/run.mjs [name-filter ...]   (e.g. `node bench/run.mjs jwt`)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs') && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort();
if (files.length === 0) {
  console.error(`no bench/*.bench.mjs matches ${filters.join(', ') || '(any)'}`);
  process.exit(1);
}
console.log(`# Benchmarks\n\n${process.release.name} ${process.version}, ${process.platform}/${process.arch}; ratios are medians of interleaved rounds in one run.\n`);
let failed = 0;
for (const f of files) {
  console.log(`## ${f}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, f)], { stdio: 'inherit', cwd: here });
  if (r.status !== 0) {
    failed++;
    console.log(`\n(${f} exited with ${r.status ?? r.signal})\n`);
  }
}
process.exit(failed ? 1 : 0);
