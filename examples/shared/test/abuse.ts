// What an anonymous caller with only an HTTP client can do to an example server (issue #11): run
// last in each example's test file, against the running server, with no credentials of its own.
// Asserts: no token without a user, no connection to a private address, no open redirect, bounded
// memory, and a first 401 that names the scope.
import { execFileSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';

export interface AbuseTarget {
  /** The MCP endpoint, e.g. `http://127.0.0.1:1234/mcp`. */
  mcpUrl: string;
  /** Bytes the server's process(es) hold now: RSS of a child's process group, or the heap in process. */
  memory: () => number;
}

/** RSS in bytes of every process in the group `pid` leads (a runtime behind a shim included). */
export function groupRss(pid: number): number {
  const out = execFileSync('ps', ['-o', 'rss=', '-g', String(pid)], { encoding: 'utf8' });
  return out.split('\n').reduce((sum, l) => sum + (Number(l.trim()) || 0), 0) * 1024;
}

/** Heap in use by this process after a full collection (in-process servers). */
export function heapUsed(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void; // a gc function for this isolate, flags as they are now
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A TCP listener on 127.0.0.1 that counts connections: the "private address" a guard must never reach. */
async function trap(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server: Server = createServer((s) => { n++; s.destroy(); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, connections: () => n, close: () => new Promise((r) => server.close(() => r())) };
}

const USERLESS = ['client_credentials', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:token-exchange', 'password'];

export function abuseTests(target: () => AbuseTarget): void {
  const origin = (): string => new URL(target().mcpUrl).origin;
  const meta = async (): Promise<Record<string, any>> => (await fetch(`${origin()}/.well-known/oauth-authorization-server`)).json();
  const register = (body: Record<string, unknown>): Promise<Response> => fetch(`${origin()}/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const form = (url: string, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> => fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(body),
  });
  const basic = (id: string, secret: string): string => `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;
  /** A registration answer: the client, or the refusal. A 429 fails the test: it would hide the answer. */
  const registered = async (res: Response): Promise<Record<string, any> | undefined> => {
    expect(res.status, 'the registration budget of this test file ran out').not.toBe(429);
    const body = (await res.json()) as Record<string, any>;
    if (res.status === 201) return body;
    expect(res.status).toBe(400);
    expect(body['error']).toBe('invalid_client_metadata');
    return undefined;
  };

  it('R-PRM-2: the first 401 names the scope the MCP endpoint needs', async () => {
    const res = await fetch(target().mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*scope="[^"]+"/);
  });

  it('A78, A-ANON-1: an anonymous registrant gets no token without a user, whatever grants it asks for', async () => {
    const m = await meta();
    const token = `${m['token_endpoint']}`;
    // Metadata offers an anonymous registrant no grant without a user unless the operator allowed one.
    if (m['registration_endpoint'] === undefined) return; // no registration: nothing anonymous to abuse here
    // 1. ask for every user-less grant at once, then for client_credentials alone
    for (const grants of [['authorization_code', ...USERLESS], ['client_credentials']]) {
      const c = await registered(await register({ redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'client_secret_basic', grant_types: grants, scope: 'mcp:tools mcp:exec:workflows:run notes:read' }));
      if (c === undefined) continue;
      for (const grant of USERLESS) {
        const res = await form(token, { grant_type: grant, scope: 'mcp:tools mcp:exec:workflows:run', assertion: 'x.y.z', subject_token: 'x', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', username: 'a', password: 'b' }, { authorization: basic(c['client_id'], c['client_secret']) });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(await res.text()).not.toContain('access_token');
      }
    }
    // 2. an ordinary confidential registrant, and no client at all
    const plain = await registered(await register({ redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'client_secret_basic', grant_types: ['authorization_code', 'refresh_token'] }));
    expect(plain).toBeDefined();
    for (const headers of [{ authorization: basic(plain!['client_id'], plain!['client_secret']) }, {}]) {
      for (const grant of USERLESS) {
        const res = await form(token, { grant_type: grant, scope: 'mcp:tools' }, headers);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(await res.text()).not.toContain('access_token');
      }
    }
    // 3. introspection with a self-registered client's credentials learns nothing (A83)
    const introspect = m['introspection_endpoint'] ?? `${origin()}/introspect`;
    const res = await form(introspect, { token: 'anything' }, { authorization: basic(plain!['client_id'], plain!['client_secret']) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await res.text()).not.toMatch(/"active"\s*:\s*true/);
  });

  it('A80, A-SSRF-1: client URLs inside the network are refused and never connected to (jwks_uri, CIMD client ids)', async () => {
    const t = await trap();
    try {
      for (const jwksUri of [`https://127.0.0.1:${t.port}/jwks`, `https://localhost:${t.port}/jwks`, 'https://10.0.0.5/jwks', 'https://169.254.169.254/jwks']) {
        const c = await registered(await register({ redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: jwksUri, grant_types: ['authorization_code'] }));
        expect(c, jwksUri).toBeUndefined();
      }
      const m = await meta();
      for (const clientId of [`https://127.0.0.1:${t.port}/client.json`, `https://localhost:${t.port}/client.json`, `https://[::ffff:127.0.0.1]:${t.port}/c`]) {
        const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: 'http://127.0.0.1/cb', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', state: 's' });
        const res = await fetch(`${m['authorization_endpoint']}?${q}`, { redirect: 'manual' });
        expect(res.headers.get('location') ?? '').not.toContain('code=');
        await res.body?.cancel();
      }
      expect(t.connections()).toBe(0);
    } finally { await t.close(); }
  });

  it('A84, A-RED-2: a self-registered client cannot turn an error at /authorize into a redirect to its site', async () => {
    const c = await registered(await register({ redirect_uris: ['https://evil.example/cb'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'] }));
    if (c === undefined) return; // remote redirect URIs refused: no redirect possible at all
    const m = await meta();
    for (const bad of [{ response_type: 'x' }, { code_challenge_method: 'plain' }, { scope: 'unknown:scope' }]) {
      const q = new URLSearchParams({ response_type: 'code', client_id: c['client_id'], redirect_uri: 'https://evil.example/cb', state: 's', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', ...bad });
      const res = await fetch(`${m['authorization_endpoint']}?${q}`, { redirect: 'manual' });
      expect(res.headers.get('location') ?? '').not.toContain('evil.example');
      await res.body?.cancel();
    }
  });

  it('A81, A-DOS-1: 9,000 anonymous requests over /authorize, /register and /token grow memory no more than 9,000 metadata reads do (plus 48 MiB), and the server keeps answering', async () => {
    const m = await meta();
    const anonymous = (i: number): Promise<Response>[] => [
      fetch(`${m['authorization_endpoint']}?${new URLSearchParams({ response_type: 'code', client_id: `nobody-${i}`, redirect_uri: 'http://127.0.0.1/cb', state: 'x'.repeat(512), code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`, { redirect: 'manual' }),
      register({ redirect_uris: [`http://127.0.0.1/cb${i}`], client_name: 'x'.repeat(200) }),
      form(`${m['token_endpoint']}`, { grant_type: 'authorization_code', code: `c${i}`.padEnd(43, 'x'), client_id: `nobody-${i}`, code_verifier: 'v'.repeat(43) }),
    ];
    const metadataReads = (): Promise<Response>[] => Array.from({ length: 3 }, () => fetch(`${origin()}/.well-known/oauth-authorization-server`));
    const round = async (requests: (i: number) => Promise<Response>[], from: number, n: number): Promise<number> => {
      const before = target().memory();
      for (let i = from; i < from + n; i += 50) {
        const batch = await Promise.all(Array.from({ length: 50 }, (_, j) => requests(i + j)).flat());
        for (const r of batch) { expect(r.status).toBeLessThan(500); await r.body?.cancel(); }
      }
      return target().memory() - before;
    };
    // Runtimes grow their heaps lazily (workerd keeps growing for plain metadata reads), so the flood
    // is compared with the same number of requests that keep no state at all.
    await round(anonymous, 0, 500); // warm-up: code paths compiled, pools filled
    const baseline = await round(metadataReads, 0, 3000);
    const flood = await round(anonymous, 500, 3000);
    expect(flood - baseline).toBeLessThan(48 * 1024 * 1024);
    const ok = await fetch(`${origin()}/.well-known/oauth-authorization-server`);
    expect(ok.status).toBe(200);
  }, 180_000); // 21,000 requests: seconds on an idle machine, much longer on a loaded one
}
