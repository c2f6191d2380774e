// The mutation table: each broken variant of server-flow is caught by the properties it names.
import { describe, expect, it } from 'vitest';
import { conformanceProperties, formatConformanceReport, runConformance } from '@mcp-oauth/conformance';
import { EXPECTED_TO_FAIL_BEFORE_11, MCP_URL, MORE_MUTANTS, MUTANTS, OTHER_URL, REUSE_GRACE_MS, startTarget } from './target';

describe('mutation table: every broken server-flow is caught', () => {
  for (const mutant of [...MUTANTS, ...MORE_MUTANTS]) it(`${mutant.caughtBy.join(', ')}: the mutant "${mutant.name}" is caught`, async () => {
    const t = startTarget(mutant);
    const report = await runConformance({
      url: MCP_URL, intrusive: true, otherResource: OTHER_URL, fetch: t.fetch, sleep: t.sleep, refreshReuseGraceMs: REUSE_GRACE_MS,
      requestsPerSecond: 10_000, maxRequests: 1000, seed: 1, only: mutant.caughtBy,
    });
    const text = formatConformanceReport(report).join('\n');
    for (const id of mutant.caughtBy) {
      const r = report.results.find((x) => x.id === id);
      expect(r?.verdict, `${mutant.name} must be caught by ${id}\n${text}`).toBe('fail');
      expect(r?.curl, 'a failure carries a replayable curl command').toMatch(/^curl -i /);
    }
  });


  it('the table has the eleven mutants of issue #12, and every property of the suite catches at least one mutant', () => {
    expect(MUTANTS.map((m) => m.name)).toHaveLength(11);
    for (const m of [...MUTANTS, ...MORE_MUTANTS]) expect(m.caughtBy.length).toBeGreaterThan(0);
    const caught = new Set([...MUTANTS, ...MORE_MUTANTS].flatMap((m) => m.caughtBy));
    expect(conformanceProperties().map((p) => p.id).filter((id) => !caught.has(id))).toEqual([]);
  });

  it('A-PKCE-1, A-RED-1, A-ISS-1, A-CODE-1, A-RT-1, R-TOK-2, A-AUD-1: the same properties pass on unbroken server-flow (the pre-#11 list fails)', async () => {
    const t = startTarget();
    const ids = [...new Set([...MUTANTS, ...MORE_MUTANTS].flatMap((m) => m.caughtBy))];
    const report = await runConformance({
      url: MCP_URL, intrusive: true, otherResource: OTHER_URL, fetch: t.fetch, sleep: t.sleep, refreshReuseGraceMs: REUSE_GRACE_MS,
      requestsPerSecond: 10_000, maxRequests: 1000, seed: 1, only: ids,
    });
    for (const r of report.results) expect(r.verdict, `${r.id}: ${r.evidence}`).toBe(EXPECTED_TO_FAIL_BEFORE_11.includes(r.id) ? 'fail' : 'pass');
  });
});
