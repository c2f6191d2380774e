// Safe against servers you do not own: read-only by default, a request budget, no secret in any output,
// no vacuous pass when a login is needed, tokens kept on the URLs they were issued for.
import { describe, expect, it } from 'vitest';
import { ConformanceError, runConformance, type ConformanceReport } from '@mcp-oauth/conformance';
import { Http } from '../src/internal/http';
import { ISSUER, MCP_URL, MORE_MUTANTS, MUTANTS, OTHER_URL, REGISTRATION_LIMIT, REUSE_GRACE_MS, startTarget } from './target';

const fast = { requestsPerSecond: 10_000, maxRequests: 2000, seed: 11 } as const;

function recording(f: (r: Request) => Promise<Response>): { fetch: (r: Request) => Promise<Response>; seen: { method: string; url: URL; body: string }[]; secrets: Set<string> } {
  const seen: { method: string; url: URL; body: string }[] = [];
  const secrets = new Set<string>();
  return {
    seen, secrets,
    fetch: async (r) => {
      seen.push({ method: r.method, url: new URL(r.url), body: r.method === 'GET' ? '' : await r.clone().text() });
      const res = await f(r);
      const loc = res.headers.get('location');
      const code = loc && URL.canParse(loc) ? new URL(loc).searchParams.get('code') : null;
      if (code) secrets.add(code);
      if ((res.headers.get('content-type') ?? '').includes('json')) {
        const j = (await res.clone().json().catch(() => ({}))) as Record<string, unknown>;
        for (const k of ['access_token', 'refresh_token', 'client_secret', 'registration_access_token']) if (typeof j[k] === 'string') secrets.add(j[k]);
      }
      return res;
    },
  };
}

describe('safety', () => {
  it('read-only by default: no registration, authorization, introspection or revocation request; /token only sees bare grant_type probes', async () => {
    const rec = recording(startTarget().fetch);
    const report = await runConformance({ url: MCP_URL, fetch: rec.fetch, ...fast });
    expect(rec.seen.length).toBeLessThan(60);
    for (const s of rec.seen) {
      expect(['/register', '/authorize', '/introspect', '/revoke']).not.toContain(s.url.pathname);
      if (s.url.pathname === '/token') expect([...new URLSearchParams(s.body).keys()].filter((k) => !['grant_type', 'username', 'password'].includes(k))).toEqual([]);
    }
    expect(rec.secrets.size).toBe(0);
    const intrusive = report.results.filter((r) => ['A-PKCE-1', 'A-CODE-1', 'A-ANON-1', 'A-DOS-1'].includes(r.id));
    expect(intrusive.map((r) => r.verdict)).toEqual(['not-tested', 'not-tested', 'not-tested', 'not-tested']);
    expect(report.results.find((r) => r.id === 'R-TOK-1')?.verdict).toBe('pass');
  });

  it('the request budget is a hard limit; what it leaves unchecked is not-tested', async () => {
    const rec = recording(startTarget().fetch);
    const report = await runConformance({ url: MCP_URL, fetch: rec.fetch, intrusive: true, ...fast, maxRequests: 12 });
    expect(rec.seen.length).toBeLessThanOrEqual(12);
    expect(report.results.some((r) => r.verdict === 'not-tested' && r.evidence.includes('BudgetExhausted'))).toBe(true);
    expect(report.results.filter((r) => r.verdict === 'fail')).toEqual([]);
  });

  it('no token, code or client secret appears in a report, its evidence or its curl commands (failures included)', async () => {
    let placeholders = 0;
    for (const mutant of [undefined, ...MUTANTS.slice(3, 8)]) {
      const t = startTarget(mutant);
      const rec = recording(t.fetch);
      const report: ConformanceReport = await runConformance({ url: MCP_URL, fetch: rec.fetch, intrusive: true, otherResource: OTHER_URL, sleep: t.sleep, refreshReuseGraceMs: REUSE_GRACE_MS, ...fast });
      expect(rec.secrets.size).toBeGreaterThan(5);
      const text = JSON.stringify(report);
      for (const s of rec.secrets) expect(text.includes(s), 'a secret leaked into the report').toBe(false);
      if (mutant === undefined) expect(report.results.filter((r) => r.verdict === 'fail').map((r) => r.id)).toEqual([]);
      if (report.results.some((r) => /<(token|client-credentials|refresh_token|code|code_verifier|client_secret)>/.test(r.curl ?? ''))) placeholders++;
    }
    // failures whose curl command needs a credential show it as a placeholder (the redaction ran)
    expect(placeholders).toBeGreaterThanOrEqual(2);
  });

  it('R-TOK-1: a token the kit made up is shown in the curl command (it is the counterexample); issued ones are not', async () => {
    const mutant = MORE_MUTANTS.find((m) => m.caughtBy.includes('R-TOK-1'))!;
    const t = startTarget(mutant);
    const report = await runConformance({ url: MCP_URL, fetch: t.fetch, only: ['R-TOK-1'], ...fast });
    const r = report.results[0]!;
    expect(r.verdict).toBe('fail');
    expect(r.curl).toMatch(/authorization: Bearer ey[\w-]+\.[\w-]+\./);
    const intrusive = await runConformance({ url: MCP_URL, fetch: startTarget(mutant).fetch, only: ['R-TOK-1'], intrusive: true, ...fast, seed: 5 });
    expect(intrusive.results[0]!.verdict).toBe('fail');
  });

  it('a server that needs a login: properties that need a code are not-tested (never a vacuous pass); with a `login` driver they pass', async () => {
    const t = startTarget(undefined, { needsLogin: true });
    const needs = ['A-PKCE-1', 'A-RED-1', 'A-ISS-1', 'A-CODE-1', 'A-RT-1'];
    const without = await runConformance({ url: MCP_URL, fetch: t.fetch, intrusive: true, sleep: t.sleep, refreshReuseGraceMs: REUSE_GRACE_MS, only: needs, ...fast });
    expect(without.results.map((r) => r.verdict)).toEqual(needs.map(() => 'not-tested'));
    expect(without.results[0]!.evidence).toMatch(/login/);
    const login = async (url: string): Promise<string | undefined> => {
      const res = await t.fetch(new Request(`${url}&login_hint=user-1`, { redirect: 'manual' }));
      return res.headers.get('location') ?? undefined;
    };
    const withLogin = await runConformance({ url: MCP_URL, fetch: t.fetch, intrusive: true, login, sleep: t.sleep, refreshReuseGraceMs: REUSE_GRACE_MS, only: needs, ...fast });
    expect(withLogin.results.map((r) => `${r.id} ${r.verdict}`)).toEqual(needs.map((id) => `${id} pass`));
  });

  it('A82: a budget that cannot reach the registration limit is not-tested before a registration is sent; one that can reaches the 429', async () => {
    const short = recording(startTarget().fetch);
    const r = await runConformance({ url: MCP_URL, fetch: short.fetch, intrusive: true, only: ['A82'], ...fast, maxRequests: 60 });
    expect(r.results[0]!.verdict).toBe('not-tested');
    expect(r.results[0]!.evidence).toMatch(/budget/);
    expect(short.seen.filter((x) => x.url.pathname === '/register')).toEqual([]);
    const enough = recording(startTarget().fetch);
    const r2 = await runConformance({ url: MCP_URL, fetch: enough.fetch, intrusive: true, only: ['A82'], ...fast, maxRequests: 60, registrationLimit: 50 });
    expect(r2.results[0]!.verdict, r2.results[0]!.evidence).toBe('pass');
    expect(enough.seen.filter((x) => x.url.pathname === '/register')).toHaveLength(REGISTRATION_LIMIT + 1);
    expect(enough.seen.length).toBeLessThanOrEqual(60);
  });

  it('A7: the concurrent burst counts against the budget (every request sent is counted, the budget is never exceeded)', async () => {
    const rec = recording(startTarget().fetch);
    const r = await runConformance({ url: MCP_URL, fetch: rec.fetch, intrusive: true, only: ['A7'], ...fast });
    expect(r.results[0]!.verdict, r.results[0]!.evidence).toBe('pass');
    expect(rec.seen.filter((x) => x.url.pathname === '/token')).toHaveLength(15);
    expect(r.requests).toBe(rec.seen.length);
    const tight = recording(startTarget().fetch);
    const cut = await runConformance({ url: MCP_URL, fetch: tight.fetch, intrusive: true, only: ['A7'], ...fast, maxRequests: rec.seen.length - 3 });
    expect(cut.results[0]!.verdict).toBe('not-tested');
    expect(tight.seen.length).toBeLessThanOrEqual(rec.seen.length - 3);
  });

  it('A86: without an injected sleep it is not-tested and sends nothing (a real server would need 10 minutes of waiting)', async () => {
    const rec = recording(startTarget().fetch);
    const r = await runConformance({ url: MCP_URL, fetch: rec.fetch, intrusive: true, only: ['A86'], ...fast });
    expect(r.results[0]!.verdict).toBe('not-tested');
    expect(r.results[0]!.evidence).toMatch(/sleep/);
    expect(rec.seen.filter((x) => ['/register', '/authorize', '/token'].includes(x.url.pathname))).toEqual([]);
  });

  it('C-TOK-1: a token is only sent to the URLs it was issued for (TokenLeakPrevented, nothing sent)', async () => {
    let sent = 0;
    const http = new Http({ fetch: async () => { sent++; return new Response(null, { status: 401 }); }, maxRequests: 10, requestsPerSecond: 1000, timeoutMs: 1000 });
    const token = 'eyJhbGciOiJFUzI1NiJ9.secret-token-value.sig';
    http.allow(token, [MCP_URL, `${ISSUER}/introspect`]);
    await http.send('POST', MCP_URL, { headers: { authorization: `Bearer ${token}` } });
    await expect(http.send('POST', OTHER_URL, { headers: { authorization: `Bearer ${token}` } })).rejects.toMatchObject({ code: 'TokenLeakPrevented' });
    await expect(http.send('POST', `${ISSUER}/token`, { body: `refresh_token=${token}` })).rejects.toBeInstanceOf(ConformanceError);
    expect(sent).toBe(1);
  });

  it('an unreachable target is DiscoveryFailed; a bad url or limit is a caller error', async () => {
    await expect(runConformance({ url: MCP_URL, fetch: async () => { throw new TypeError('fetch failed'); } })).rejects.toMatchObject({ code: 'DiscoveryFailed' });
    await expect(runConformance({ url: 'ftp://x.example/' })).rejects.toBeInstanceOf(TypeError);
    await expect(runConformance({ url: MCP_URL, maxRequests: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});
