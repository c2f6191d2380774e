import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startDemoServers, type DemoServers } from '@mcp-oauth/cli';

const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('mcp-oauth check', () => {
  let demo: DemoServers;
  let broken: DemoServers;
  beforeAll(async () => {
    demo = await startDemoServers();
    // `iss` stripped from every authorization response (A-ISS-1 broken).
    broken = await startDemoServers({
      wrapAuthorizationServer: (h) => async (req, ctx) => {
        const res = await h(req, ctx);
        const loc = res.headers.get('location');
        if (!loc || !URL.canParse(loc) || !new URL(loc).searchParams.has('iss')) return res;
        const u = new URL(loc);
        u.searchParams.delete('iss');
        return new Response(null, { status: res.status, headers: { location: u.href } });
      },
    });
  });
  afterAll(async () => { await demo.close(); await broken.close(); });

  it('R-PRM-1, R-PRM-2, A-MD-1, R-TOK-1: read-only by default: a report card on stdout, progress on stderr, exit 0', async () => {
    const r = await run(['check', demo.mcpUrl, '--rate', '1000']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/✓ R-PRM-2 +pass/);
    expect(r.out).toMatch(/✓ A-MD-1 +pass/);
    expect(r.out).toMatch(/\? A-PKCE-1 +not-tested/);
    expect(r.err).toMatch(/\[1\] ✓ R-PRM-2 pass/);
  });

  it('A-ISS-1: --intrusive --json against a server that drops `iss`: the failure with a redacted curl command, exit 1', async () => {
    const r = await run(['check', broken.mcpUrl, '--intrusive', '--json', '--rate', '1000']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { results: { id: string; verdict: string; evidence: string; curl?: string }[] };
    for (const x of report.results) expect(['pass', 'fail', 'not-applicable', 'not-tested']).toContain(x.verdict);
    const iss = report.results.find((x) => x.id === 'A-ISS-1')!;
    expect(iss.verdict).toBe('fail');
    expect(iss.curl).toMatch(/^curl -i .*\/authorize\?/);
    expect(report.results.find((x) => x.id === 'A-PKCE-1')?.verdict).toBe('pass');
  });

  it('A-RT-1: --refresh-grace 2 (server-flow\'s documented grace) waits it out before the replay: A-RT-1 passes against the demo', async () => {
    const r = await run(['check', demo.mcpUrl, '--intrusive', '--json', '--rate', '1000', '--refresh-grace', '2']);
    const report = JSON.parse(r.out) as { results: { id: string; verdict: string; evidence: string }[] };
    const rt = report.results.find((x) => x.id === 'A-RT-1')!;
    expect(rt.verdict, rt.evidence).toBe('pass');
  }, 30_000);

  it('usage errors exit 2', async () => {
    expect((await run(['check'])).code).toBe(2);
    expect((await run(['check', demo.mcpUrl, '--rate', 'fast'])).code).toBe(2);
    expect((await run(['check', demo.mcpUrl, '--refresh-grace', '0'])).code).toBe(2);
    expect((await run(['check', '--help'])).out).toContain('--intrusive');
  });
});
