// A81 / A-DOS-1: a flood of anonymous requests against memoryStore() keeps memory bounded.
// Node only: it measures the heap after a forced GC (v8 flag set at runtime, gc taken from a fresh
// context). server-flow is type-checked without Node's types, so the built-ins are typed here by hand.
import { describe, expect, it } from 'vitest';
import { createAuthorizationServer, memoryStore } from '@mcp-oauth/server-flow';
import type { AuthorizationServer, AuthorizationServerOptions, MemoryStoreLimits } from '@mcp-oauth/server-flow';

const builtin = (name: string): Promise<Record<string, (...args: never[]) => unknown>> => import(/* @vite-ignore */ `node:${name}`);
const { setFlagsFromString } = await builtin('v8') as unknown as { setFlagsFromString(flags: string): void };
const { runInNewContext } = await builtin('vm') as unknown as { runInNewContext(code: string): unknown };
const { process } = globalThis as unknown as { process: { memoryUsage(): { heapUsed: number } } };
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = (): number => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

const ISSUER = 'https://as.example.com';
const RESOURCE = 'https://mcp.example.com/mcp';
const REDIRECT = 'https://client.example.com/cb';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const TOTAL = 200_000;
/** The documented bound (docs/security-model.md): a default memoryStore, full, stays under this. */
const DEFAULT_LIMITS: MemoryStoreLimits = {
  clients: 10_000, grants: 100_000, codes: 50_000, usedCodes: 100_000, refreshTokens: 200_000, accessTokens: 100_000,
  revokedTokens: 100_000, consents: 50_000, transactions: 10_000, replay: 100_000,
};
const HEAP_BOUND = 160 * 1024 * 1024;

describe('A81: anonymous flood', () => {
  it('A81, A-DOS-1: 200,000 anonymous requests over /authorize (auto-approve, consent page, upstream), /register from many addresses and /token keep every map at its limit and the heap bounded', async () => {
    const store = memoryStore();
    const base: AuthorizationServerOptions = { issuer: ISSUER, resources: [RESOURCE], scopes: ['mcp:tools'], defaultScopes: ['mcp:tools'], store };
    const auto = createAuthorizationServer({ ...base, autoApprove: { subject: 'flood-user' } });
    const prompt = createAuthorizationServer({ ...base, authenticate: async () => ({ subject: 'signed-in-user' }) });
    const upstream = createAuthorizationServer({
      ...base,
      upstream: { authorizationEndpoint: 'https://idp.example.net/authorize', tokenEndpoint: 'https://idp.example.net/token', clientId: 'ours', identify: async () => 'x', fetch: async () => new Response(null, { status: 500 }) },
    });
    const reg = (i: number): Promise<Response> => auto.handle(new Request(`${ISSUER}/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', client_name: `flood ${i}` }),
    }), { clientAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
    const first = await reg(-1);
    const clientId = ((await first.json()) as { client_id: string }).client_id;
    const authorize = (as: AuthorizationServer, i: number): Promise<Response> =>
      as.handle(new Request(`${ISSUER}/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, code_challenge: CHALLENGE, code_challenge_method: 'S256', state: `s${i}` })}`));
    const consentPost = async (i: number): Promise<Response> => {
      const page = await authorize(upstream, i);
      const html = await page.text();
      const txn = /name="txn" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
      return upstream.handle(new Request(`${ISSUER}/authorize/consent`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: page.headers.get('set-cookie')!.split(';')[0]! },
        body: new URLSearchParams({ txn, csrf, decision: 'approve' }),
      }));
    };
    const token = (i: number): Promise<Response> => auto.handle(new Request(`${ISSUER}/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: i % 2 ? 'authorization_code' : 'refresh_token', code: `c${i}`, refresh_token: `r${i}`, code_verifier: 'v'.repeat(43), client_id: clientId, redirect_uri: REDIRECT }),
    }));
    const before = heap();
    const statuses = new Map<string, Map<number, number>>();
    const count = (kind: string, status: number): void => {
      const m = statuses.get(kind) ?? new Map<number, number>();
      m.set(status, (m.get(status) ?? 0) + 1);
      statuses.set(kind, m);
    };
    let sent = 0;
    for (let batchNo = 0; sent < TOTAL; batchNo++) {
      const batch: Promise<void>[] = [];
      for (let j = 0; j < 64 && sent < TOTAL; j++) {
        const i = j + batchNo * 64;
        const kind = ['auto', 'prompt', 'upstream', 'consent', 'register', 'token'][i % 6]!;
        sent += kind === 'consent' ? 2 : 1; // a consent POST needs its own consent page first
        const run = kind === 'auto' ? authorize(auto, i) : kind === 'prompt' ? authorize(prompt, i) : kind === 'upstream' ? authorize(upstream, i)
          : kind === 'consent' ? consentPost(i) : kind === 'register' ? reg(i) : token(i);
        batch.push(run.then(async (r) => { await r.body?.cancel(); count(kind, r.status); }));
      }
      await Promise.all(batch);
      const s = store.stats();
      for (const k of Object.keys(DEFAULT_LIMITS) as (keyof MemoryStoreLimits)[]) expect(s[k]).toBeLessThanOrEqual(DEFAULT_LIMITS[k]);
    }
    const grown = heap() - before;
    const s = store.stats();
    (globalThis as unknown as { console: { log(s: string): void } }).console.log(`A81: heap +${(grown / 1048576).toFixed(1)} MB after ${TOTAL} requests; store ${JSON.stringify(s)}; statuses ${JSON.stringify([...statuses].map(([k, m]) => [k, Object.fromEntries(m)]))}`);
    expect(grown).toBeLessThan(HEAP_BOUND);
    // nothing kept per anonymous request beyond the caps: consent pages and registrations hit theirs,
    // the upstream mode stored no flow state at all, failed /token calls stored nothing
    expect(s.transactions).toBe(DEFAULT_LIMITS.transactions);
    expect(s.clients).toBe(DEFAULT_LIMITS.clients);
    expect(s.replay + s.refreshTokens + s.accessTokens + s.revokedTokens).toBe(0);
    expect(statuses.get('upstream')?.get(200)).toBeGreaterThan(TOTAL / 8);
    expect(statuses.get('consent')?.get(303)).toBeGreaterThan(0);
    expect(statuses.get('token')?.get(400)).toBeGreaterThan(0);
    expect([...(statuses.get('token')?.keys() ?? [])].every((st) => st < 500)).toBe(true);
  }, 180_000);
});
