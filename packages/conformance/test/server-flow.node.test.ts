// server-flow's self-test: the whole suite, intrusive, against server-flow in process.
import { describe, expect, it } from 'vitest';
import { describeConformance, formatConformanceReport, runConformance } from '@mcp-oauth/conformance';
import { EXPECTED_TO_FAIL_BEFORE_11, ISSUER, MCP_URL, OTHER_URL, REUSE_GRACE_MS, startTarget } from './target';


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

describe('other ways in', () => {
  const verdicts = (r: { results: readonly { id: string; verdict: string }[] }): Record<string, string> => Object.fromEntries(r.results.map((x) => [x.id, x.verdict]));

  it('A-MD-1, A-PKCE-1, A-CODE-1: an issuer as the target: the resource properties are not-applicable, the AS properties run', async () => {
    const t = startTarget();
    const v = verdicts(await runConformance({ url: ISSUER, resource: MCP_URL, intrusive: true, fetch: t.fetch, sleep: t.sleep, refreshReuseGraceMs: REUSE_GRACE_MS, requestsPerSecond: 10_000, seed: 3 }));
    for (const id of ['R-PRM-1', 'R-PRM-2', 'R-TOK-6', 'R-TOK-1', 'R-TOK-5', 'R-TOK-2']) expect(v[id], id).toBe('not-applicable');
    // Without an MCP URL, A-CODE-1 checks the replay's revocation on the refresh token only.
    for (const id of ['A-MD-1', 'A-PKCE-1', 'A-RED-1', 'A-ISS-1', 'A-CODE-1', 'A-RT-1', 'A-AUD-1']) expect(v[id], id).toBe('pass');
  });

  it('A-PKCE-1, A-ISS-1, A-CODE-1: a pre-registered client on a server without registration', async () => {
    const t = startTarget(undefined, { noRegistration: true });
    const v = verdicts(await runConformance({
      url: MCP_URL, intrusive: true, client: { client_id: 'pre-registered', redirect_uri: 'http://127.0.0.1/callback' }, fetch: t.fetch, sleep: t.sleep,
      refreshReuseGraceMs: REUSE_GRACE_MS, requestsPerSecond: 10_000, seed: 4,
    }));
    for (const id of ['A-PKCE-1', 'A-ISS-1', 'A-RED-1', 'A-RT-1', 'A-AUD-1', 'R-TOK-1']) expect(v[id], id).toBe('pass');
    for (const id of ['A-ANON-1', 'A-SSRF-1', 'A-DCR-1']) expect(v[id], id).toBe('not-applicable');
    expect(v['A-RED-2']).toBe('not-tested');
  });
});
