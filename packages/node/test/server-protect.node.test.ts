import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import type { AuthorizationServer, Principal, ProtectedResource } from '@mcp-oauth/server-flow';
import { protectNodeHandler } from '@mcp-oauth/node';

const APP = 'https://app.example.org';
let server: Server;
let base = '';
let as: AuthorizationServer;
let rs: ProtectedResource;
let scoped: ProtectedResource;
let calls: Principal[] = [];
let token = '';
let grantToken = '';

beforeAll(async () => {
  const port = await new Promise<number>((resolve) => { const p = createServer(); p.listen(0, '127.0.0.1', () => { const n = (p.address() as AddressInfo).port; p.close(() => resolve(n)); }); });
  base = `http://127.0.0.1:${port}`;
  as = createAuthorizationServer({
    issuer: base, resources: [`${base}/mcp`, `${base}/scoped`], scopes: ['mcp:tools', 'mcp:admin'], defaultScopes: ['mcp:tools'], autoApprove: { subject: 'node-user' },
    clients: [{ client_id: 'svc', client_secret: 'svc-secret-0123456789abcdef', grant_types: ['client_credentials'] }],
  });
  rs = createProtectedResource({ resource: `${base}/mcp`, authorizationServers: [base], verifier: as.verifier(), cors: { origins: [APP] } });
  scoped = createProtectedResource({ resource: `${base}/scoped`, authorizationServers: [base], verifier: as.verifier(), requiredScopes: ['mcp:admin'] });
  const ok = (req: IncomingMessage, res: ServerResponse, principal: Principal): void => {
    calls.push(principal);
    if (req.url === '/mcp?throw=1') throw new Error('handler failed');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello: principal.subject }));
  };
  const mcp = protectNodeHandler(rs, ok);
  const sc = protectNodeHandler(scoped, ok);
  ({ server } = await new Promise<{ server: Server }>((resolve) => {
    const s = createServer((req, res) => void (req.url?.startsWith('/scoped') ? sc(req, res) : mcp(req, res)));
    s.listen(port, '127.0.0.1', () => resolve({ server: s }));
  }));
  token = await cc(`${base}/mcp`);
  grantToken = await cc(`${base}/scoped`);
});
async function cc(resource: string): Promise<string> {
  const res = await as.handle(new Request(`${base}/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa('svc:svc-secret-0123456789abcdef')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource }),
  }));
  return ((await res.json()) as { access_token: string }).access_token;
}
afterAll(() => { server.close(); server.closeAllConnections(); });

/** The same request through protectNodeHandler (HTTP) and through rs.authenticate (Fetch). */
async function both(target: ProtectedResource, path: string, init: RequestInit = {}): Promise<{ fast: Response; reference: Response }> {
  const fast = await fetch(`${base}${path}`, init);
  const auth = await target.authenticate(new Request(`${base}${path}`, init));
  return { fast, reference: auth.ok ? new Response(null, { status: 200 }) : auth.response };
}

describe('protectNodeHandler', () => {
  const cases: [string, string, RequestInit][] = [
    ['no credentials', '/mcp', {}],
    ['another scheme', '/mcp', { headers: { authorization: 'Basic dTpw' } }],
    ['an empty bearer', '/mcp', { headers: { authorization: 'Bearer' } }],
    ['two tokens', '/mcp', { headers: { authorization: 'Bearer a b' } }],
    ['a forged token', '/mcp', { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } }],
    ['a header over 8 KiB', '/mcp', { headers: { authorization: `Bearer ${'a'.repeat(9000)}` } }],
    ['a token in the query too', '/mcp?access_token=x', { headers: { authorization: 'Bearer x' } }],
    ['a token for another resource', '/scoped', {}],
  ];
  it.each(cases)('R-TOK-5: %s gets exactly the status and WWW-Authenticate of rs.authenticate; the handler never runs', async (_name, path, init) => {
    calls = [];
    const { fast, reference } = await both(path.startsWith('/scoped') ? scoped : rs, path, init);
    expect(fast.status).toBe(reference.status);
    expect(fast.status).toBeGreaterThanOrEqual(400);
    expect(fast.headers.get('www-authenticate')).toBe(reference.headers.get('www-authenticate'));
    expect(await fast.text()).toBe(await reference.text());
    expect(calls).toEqual([]);
  });

  it('R-TOK-1: a valid token reaches the handler with its principal; audience, grant and revocation are checked on every request', async () => {
    calls = [];
    const res = await fetch(`${base}/mcp`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: expect.any(String) });
    expect(calls[0]?.resource).toBe(`${base}/mcp`);
    const foreign = await fetch(`${base}/mcp`, { headers: { authorization: `Bearer ${grantToken}` } });
    expect(foreign.status).toBe(401);
    const scopedRes = await fetch(`${base}/scoped`, { headers: { authorization: `Bearer ${grantToken}` } });
    expect(scopedRes.status).toBe(403);
    expect(scopedRes.headers.get('www-authenticate')).toContain('insufficient_scope');
    calls = [];
    const fresh = await cc(`${base}/mcp`);
    expect((await fetch(`${base}/mcp`, { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(200);
    await as.store.revokeAccessToken(calls[0]!.tokenId!, Date.now() + 600_000);
    const after = await fetch(`${base}/mcp`, { headers: { authorization: `Bearer ${fresh}` } });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('R-TOK-5: a form-encoded body is refused (415) after the token check, without running the handler', async () => {
    calls = [];
    const res = await fetch(`${base}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'access_token=x' });
    expect(res.status).toBe(415);
    expect(calls).toEqual([]);
    const json = await fetch(`${base}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(200);
  });

  it('RFC 6750 §3: with cors, the preflight is answered and challenges and successes carry the allowed origin', async () => {
    const pre = await fetch(`${base}/mcp`, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, mcp-protocol-version' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP);
    expect(pre.headers.get('access-control-allow-headers')).toContain('mcp-protocol-version');
    const denied = await fetch(`${base}/mcp`, { headers: { origin: APP } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(APP);
    expect(denied.headers.get('access-control-expose-headers')).toContain('www-authenticate');
    const ok = await fetch(`${base}/mcp`, { headers: { origin: APP, authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    const evil = await fetch(`${base}/mcp`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${token}` } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const evilPre = await fetch(`${base}/mcp`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(evilPre.status).toBe(403);
  });

  it('RFC 9110 §15.6.1: an exception from the handler is a bare 500 (or goes to next), never its message', async () => {
    const res = await fetch(`${base}/mcp?throw=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('handler failed');
    const errors: unknown[] = [];
    const mw = protectNodeHandler(rs, () => { throw new Error('boom'); });
    const req = Object.assign((async function* () {})(), { method: 'GET', url: '/mcp', headers: { authorization: `Bearer ${token}` } });
    const res2 = { headersSent: false, writeHead: () => res2, write: () => true, end: () => res2, destroy: () => res2, on: () => res2, off: () => res2, setHeader: () => res2 };
    await mw(req, res2, (e) => errors.push(e));
    expect(errors).toHaveLength(1);
    expect(() => protectNodeHandler({} as never, () => {})).toThrow(TypeError);
    expect(() => protectNodeHandler(rs, 1 as never)).toThrow(TypeError);
  });
});

describe('protectNodeHandler and onReject', () => {
  it('RFC 6750 §3.1: a refusal on the Node fast path reaches the resource\'s onReject with the method, the path without query, and the reason', async () => {
    const events: unknown[] = [];
    const watched = createProtectedResource({ resource: `${base}/mcp`, authorizationServers: [base], verifier: as.verifier(), onReject: (e) => { events.push(e); } });
    const handler = protectNodeHandler(watched, (_req: IncomingMessage, res: ServerResponse) => { res.writeHead(200).end(); });
    const s = createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const at = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${at}/mcp?x=1`, { method: 'POST' })).status).toBe(401);
      expect((await fetch(`${at}/mcp`, { method: 'DELETE', headers: { authorization: `Bearer ${grantToken}` } })).status).toBe(401);
      expect((await fetch(`${at}/mcp`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect(events).toEqual([
        { reason: 'missing', status: 401, method: 'POST', path: '/mcp' },
        { reason: 'wrong_audience', status: 401, method: 'DELETE', path: '/mcp' },
      ]);
    } finally {
      s.close(); s.closeAllConnections();
    }
  });
});
