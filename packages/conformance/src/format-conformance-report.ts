import type { ConformanceReport, Verdict } from './types';

const MARK: Record<Verdict, string> = { pass: '✓', fail: '✗', 'not-applicable': '–', 'not-tested': '?' };

/**
 * The report card: one line per property (mark, id, verdict, evidence), then for failures what to
 * fix and the replayable `curl` command, then a summary line. No token or secret appears in it.
 *
 * @example
 * ```ts
 * import { formatConformanceReport, runConformance } from '@mcp-oauth/conformance';
 *
 * const report = await runConformance({ url: 'https://mcp.example.com/mcp' });
 * for (const line of formatConformanceReport(report)) console.log(line);
 * ```
 */
export function formatConformanceReport(report: ConformanceReport): string[] {
  const lines = [`Conformance of ${report.target}${report.issuer ? ` (authorization server ${report.issuer})` : ''}`, ''];
  const width = Math.max(...report.results.map((r) => r.id.length), 4);
  for (const r of report.results) {
    lines.push(`${MARK[r.verdict]} ${r.id.padEnd(width)}  ${r.verdict.padEnd(14)} ${r.title}`);
    lines.push(`  ${' '.repeat(width)}  ${r.evidence}`);
    if (r.fix) lines.push(`  ${' '.repeat(width)}  fix: ${r.fix}`);
    if (r.curl) lines.push(`  ${' '.repeat(width)}  replay: ${r.curl}`);
  }
  const count = (v: Verdict): number => report.results.filter((r) => r.verdict === v).length;
  lines.push('', `${count('pass')} pass, ${count('fail')} fail, ${count('not-applicable')} not applicable, ${count('not-tested')} not tested; ${report.requests} requests.`);
  return lines;
}
