// The store on Cloudflare D1: workerd (through miniflare) runs the shared Store suite against a
// D1 binding (test/d1-suite.mjs); every case must pass.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// From the package folder (Vitest) or the repository root (the matrix runs a bundle from there).
const pkg = [join(import.meta.dirname, '..'), join(process.cwd(), 'packages', 'store-sqlite'), process.cwd()].find((d) => existsSync(join(d, 'test', 'd1-suite.mjs')))!;

describe('store-sqlite on D1', () => {
  it('A-CODE-1, A-RT-1, A-REV-1, A-CC-1, A7, A8, A74, A81, A86: workerd passes runStoreTests unchanged on a D1 binding', () => {
    const r = spawnSync(process.execPath, [join(pkg, 'test', 'd1-suite.mjs')], { cwd: pkg, encoding: 'utf8', timeout: 120_000 });
    const line = r.stdout.split('\n').find((l) => l.startsWith('{"runtime"'));
    expect(line, `d1-suite exited ${r.status}\n${r.stdout}\n${r.stderr}`).toBeDefined();
    const { results } = JSON.parse(line!) as { results: { name: string; ok: boolean; error?: string }[] };
    expect(results.filter((c) => !c.ok)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(8);
  });
});
