// server-flow's self-test: the whole suite, intrusive, against server-flow in process.
import { describe, expect, it } from 'vitest';
import { describeConformance, formatConformanceReport, runConformance } from '@mcp-oauth/conformance';
import { MCP_URL, OTHER_URL, REUSE_GRACE_MS, startTarget } from './target';

/**
 * Properties that fail on server-flow before issue #11 lands (anonymous registrants get
 * client_credentials, jwks_uri inside the network accepted, error redirects to any registered URI,
 * introspection for any confidential client). Asserted as failing, so a fix is noticed: after
 * merging #11, empty this list.
 */
export const EXPECTED_TO_FAIL_BEFORE_11: readonly string[] = ['A-ANON-1', 'A-SSRF-1', 'A-RED-2', 'A-INTRO-1'];

const target = startTarget();

describeConformance({
  url: MCP_URL, intrusive: true, otherResource: OTHER_URL, fetch: target.fetch, sleep: target.sleep, refreshReuseGraceMs: REUSE_GRACE_MS, requestsPerSecond: 10_000, maxRequests: 2000, seed: 42,
  expectFail: EXPECTED_TO_FAIL_BEFORE_11, strict: true, runner: { describe, it },
});

describe('server-flow report card', () => {
  it('every property has a verdict; nothing is left not-tested against server-flow', async () => {
    const t = startTarget();
    const report = await runConformance({ url: MCP_URL, intrusive: true, otherResource: OTHER_URL, fetch: t.fetch, sleep: t.sleep, refreshReuseGraceMs: REUSE_GRACE_MS, requestsPerSecond: 10_000, maxRequests: 2000, seed: 7 });
    const lines = formatConformanceReport(report);
    expect(report.results.filter((r) => r.verdict === 'not-tested' || r.verdict === 'not-applicable'), lines.join('\n')).toEqual([]);
    expect(report.results.filter((r) => r.verdict === 'fail').map((r) => r.id).sort(), lines.join('\n')).toEqual([...EXPECTED_TO_FAIL_BEFORE_11].sort());
  });
});
