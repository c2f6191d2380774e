// server-flow's self-test: the whole suite, intrusive, against server-flow in process.
import { describe, expect, it } from 'vitest';
import { describeConformance, formatConformanceReport, runConformance } from '@mcp-oauth/conformance';
import { EXPECTED_TO_FAIL_BEFORE_11, MCP_URL, OTHER_URL, REUSE_GRACE_MS, startTarget } from './target';


const target = startTarget();

describeConformance({
  url: MCP_URL, intrusive: true, otherResource: OTHER_URL, fetch: target.fetch, sleep: target.sleep, refreshReuseGraceMs: REUSE_GRACE_MS, requestsPerSecond: 10_000, maxRequests: 2000, seed: 42,
  expectFail: EXPECTED_TO_FAIL_BEFORE_11, strict: true, runner: { describe, it },
});

describe('server-flow report card', () => {
  it('A-MD-1, A-PKCE-1, A-RED-1, A-CODE-1, A-RT-1, R-TOK-1, R-TOK-2: every property has a verdict against server-flow; only the pre-#11 list fails', async () => {
    const t = startTarget();
    const report = await runConformance({ url: MCP_URL, intrusive: true, otherResource: OTHER_URL, fetch: t.fetch, sleep: t.sleep, refreshReuseGraceMs: REUSE_GRACE_MS, requestsPerSecond: 10_000, maxRequests: 2000, seed: 7 });
    const lines = formatConformanceReport(report);
    expect(report.results.filter((r) => r.verdict === 'not-tested' || r.verdict === 'not-applicable'), lines.join('\n')).toEqual([]);
    expect(report.results.filter((r) => r.verdict === 'fail').map((r) => r.id).sort(), lines.join('\n')).toEqual([...EXPECTED_TO_FAIL_BEFORE_11].sort());
  });
});
