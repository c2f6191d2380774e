// The store on bun:sqlite: Bun runs the shared Store suite (test/bun-suite.mjs, from the sources
// through the tsconfig paths) and reports each case; every case must pass.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// From the package folder (Vitest) or the repository root (the matrix runs a bundle from there).
const pkg = [join(import.meta.dirname, '..'), join(process.cwd(), 'packages', 'store-sqlite'), process.cwd()].find((d) => existsSync(join(d, 'test', 'bun-suite.mjs')))!;
const bun = join(pkg, '..', '..', 'node_modules', '.bin', 'bun');

describe('store-sqlite on bun:sqlite', () => {
  it('A-CODE-1, A-RT-1, A-REV-1, A-CC-1, A7, A8, A74, A81, A86: Bun passes runStoreTests unchanged on bun:sqlite (in memory and a file)', () => {
    expect(existsSync(bun), `bun not found at ${bun}: run \`bash dev setup\``).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'store-sqlite-bun-'));
    try {
      const r = spawnSync(bun, [join(pkg, 'test', 'bun-suite.mjs'), dir], { cwd: pkg, encoding: 'utf8', timeout: 120_000 });
      const line = r.stdout.split('\n').find((l) => l.startsWith('{"runtime"'));
      expect(line, `bun exited ${r.status}\n${r.stdout}\n${r.stderr}`).toBeDefined();
      const { results } = JSON.parse(line!) as { results: { name: string; ok: boolean; error?: string }[] };
      expect(results.filter((c) => !c.ok)).toEqual([]);
      expect(results.length).toBeGreaterThanOrEqual(16); // the suite's cases, twice
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
