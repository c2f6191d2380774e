import type { ConformanceOptions, ConformanceReport, ConformanceResult } from './types';
import { createSession } from './internal/session';

/**
 * Checks an MCP server (discovery starts from its 401) or an authorization server (its issuer)
 * against the MCP authorization requirements, property by property, over HTTP. Read-only unless
 * `intrusive`; every request goes through a budget (`maxRequests`), a rate cap and a time limit;
 * redirects are never followed; a token or secret is only ever sent to the endpoints it belongs to.
 * A failing property reports its shrunk counterexample and the request as a `curl` command.
 *
 * @example
 * ```ts
 * import { runConformance } from '@mcp-oauth/conformance';
 *
 * const report = await runConformance({ url: 'http://127.0.0.1:3000/mcp', intrusive: true });
 * for (const r of report.results) console.log(r.verdict, r.id, r.evidence);
 * ```
 * @throws {TypeError} when `url` is not an http(s) URL; {RangeError} for a non-positive limit.
 * @throws {ConformanceError} `DiscoveryFailed` when the target cannot be reached at all.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const session = createSession(options);
  const d = await session.discovery();
  const results: ConformanceResult[] = [];
  for (const p of session.properties) {
    options.onProgress?.({ id: p.id, title: p.title });
    const r = await session.run(p);
    results.push(r);
    options.onProgress?.({ id: p.id, title: p.title, result: r });
  }
  const resource = typeof d.prm?.['resource'] === 'string' ? d.prm['resource'] : undefined;
  return {
    target: options.url, ...(resource ? { resource } : {}), ...(d.issuer ? { issuer: d.issuer } : {}),
    ok: results.every((r) => r.verdict !== 'fail'), requests: session.requests(), results,
  };
}
