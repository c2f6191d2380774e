import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { computeCodeChallenge, generateCodeVerifier } from '@mcp-oauth/pkce';
import { createAuthorizationServer, createProtectedResource } from '@mcp-oauth/server-flow';
import { toNodeHandler, toWebRequest } from '@mcp-oauth/node';

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; base: string }> {
  const s = createServer(handler);
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve({ server: s, base: `http://127.0.0.1:${(s.address() as AddressInfo).port}` })));
}

// Every adapter test runs on both bridges (issue #16): the Fetch Request built at once, and the lazy one.
for (const bridge of ['web', 'lazy'] as const) describe(`bridge: ${bridge}`, () => {
  let server: Server;
  let base = '';
  let fast: { server: Server; base: string };
  let fetchPathCalls = 0;
  let prepared: Parameters<typeof toNodeHandler>[1] = {};
  let aborted: Promise<boolean>;
  let markAborted: (v: boolean) => void = () => {};
  let release: () => void = () => {};
  const releaseStream = new Promise<void>((r) => { release = r; });

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => { const p = createServer(); p.listen(0, '127.0.0.1', () => { const n = (p.address() as AddressInfo).port; p.close(() => resolve(n)); }); });
    base = `http://127.0.0.1:${port}`;
    const as = createAuthorizationServer({
      issuer: base, resources: [`${base}/mcp`], scopes: ['mcp:tools'], defaultScopes: ['mcp:tools'], autoApprove: { subject: 'node-user' },
      registration: { rateLimit: { limit: 5, windowMs: 60_000 } },
    });
    const rs = createProtectedResource({ resource: `${base}/mcp`, authorizationServers: [base], verifier: as.verifier() });
    const app = async (request: Request, ctx: { clientAddress?: string }): Promise<Response> => {
      const path = new URL(request.url).pathname;
      const prm = rs.handleMetadata(request);
      if (prm) return prm;
      if (path === '/mcp') {
        const auth = await rs.authenticate(request);
        return auth.ok ? Response.json({ hello: auth.principal.subject }) : auth.response;
      }
      if (path === '/cookies') {
        const h = new Headers();
        h.append('set-cookie', 'a=1; Path=/');
        h.append('set-cookie', 'b=2; Path=/');
        return new Response('ok', { headers: h });
      }
      if (path === '/echo') return new Response(request.body, { headers: { 'x-address': ctx.clientAddress ?? '' } });
      if (path === '/big') {
        let n = 0;
        return new Response(new ReadableStream({ pull(c) { if (n++ < 160) c.enqueue(new Uint8Array(65_536).fill(120)); else c.close(); } }));
      }
      if (path === '/sse') {
        return new Response(new ReadableStream({
          async start(c) {
            c.enqueue(new TextEncoder().encode('data: first\n\n'));
            await releaseStream;
            c.enqueue(new TextEncoder().encode('data: second\n\n'));
            c.close();
          },
        }), { headers: { 'content-type': 'text/event-stream' } });
      }
      if (path === '/hang') {
        aborted = new Promise((resolve) => { markAborted = resolve; request.signal.addEventListener('abort', () => resolve(true)); });
        await new Promise((r) => setTimeout(r, 2000));
        markAborted(false);
        return new Response('late');
      }
      return as.handle(request, ctx);
    };
    server = createServer(toNodeHandler(app, { bridge }));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    prepared = { prepared: [as, rs] };
    fast = await listen(toNodeHandler((request, ctx) => { fetchPathCalls++; return app(request, ctx); }, { ...prepared, bridge }));
  });

  afterAll(() => Promise.all([server, fast.server].map((s) => new Promise<void>((resolve) => s.close(() => resolve())))));

  describe('toNodeHandler with prepared responses (metadata without Fetch objects)', () => {
    const comparable = (r: Response): Record<string, string> => {
      const h = Object.fromEntries(r.headers);
      delete h['date']; delete h['connection']; delete h['keep-alive'];
      return h;
    };

    it('RFC 8414 §3, RFC 9728 §3: the AS and PRM documents are answered byte for byte as the Fetch path answers them, without calling it', async () => {
      const paths = ['/.well-known/oauth-authorization-server', '/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-authorization-server?x=1'];
      for (const path of paths) await fetch(`${fast.base}${path}`); // the first GET builds the AS document
      const before = fetchPathCalls;
      for (const path of paths) {
        const [viaFetch, viaPrepared] = await Promise.all([fetch(`${base}${path}`), fetch(`${fast.base}${path}`)]);
        expect(viaPrepared.status).toBe(200);
        expect(comparable(viaPrepared)).toEqual(comparable(viaFetch));
        expect(await viaPrepared.text()).toBe(await viaFetch.text());
      }
      const head = await fetch(`${fast.base}/.well-known/oauth-authorization-server`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
      expect(await head.text()).toBe('');
      expect(fetchPathCalls).toBe(before);
    });

    it('RFC 8414 §3: other methods, other paths and absolute-form targets go to the handler', async () => {
      const before = fetchPathCalls;
      const post = await fetch(`${fast.base}/.well-known/oauth-protected-resource/mcp`, { method: 'POST', body: '{}' });
      expect(post.status).toBe(405);
      expect((await fetch(`${fast.base}/mcp`)).status).toBe(401);
      const absolute = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: new URL(fast.base).port, path: `${fast.base}/.well-known/oauth-authorization-server` }, (res) => { res.resume(); resolve(res.statusCode!); });
        req.on('error', reject);
        req.end();
      });
      expect(absolute).toBe(200);
      expect(fetchPathCalls).toBe(before + 3);
    });

    it('A76: with prepared, a body with a Content-Length and a chunked one both reach the handler whole', async () => {
      const small = 'x'.repeat(60_000);
      expect(await (await fetch(`${fast.base}/echo`, { method: 'POST', body: small })).text()).toBe(small);
      const chunks = ['a'.repeat(70_000), 'b'.repeat(10)];
      const body = new ReadableStream<Uint8Array>({ pull(c) { const n = chunks.shift(); if (n === undefined) c.close(); else c.enqueue(new TextEncoder().encode(n)); } });
      const echoed = await (await fetch(`${fast.base}/echo`, { method: 'POST', body, duplex: 'half' } as RequestInit)).text();
      expect(echoed).toBe(`${'a'.repeat(70_000)}bbbbbbbbbb`);
    });

    it('TypeError: prepared must list objects with a prepared() method', () => {
      expect(() => toNodeHandler(() => new Response(), { prepared: [{} as never] })).toThrow(TypeError);
    });
  });

  describe('node adapter over real HTTP on 127.0.0.1', () => {
    it('R-PRM-2, RFC 6749 §4.1: end to end: 401 challenge → PRM → AS metadata → register → authorize → token → 200', async () => {
      const first = await fetch(`${base}/mcp`);
      expect(first.status).toBe(401);
      expect(first.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
      const prm = (await (await fetch(`${base}/.well-known/oauth-protected-resource/mcp`)).json()) as { authorization_servers: string[] };
      const md = (await (await fetch(`${prm.authorization_servers[0]}/.well-known/oauth-authorization-server`)).json()) as Record<string, string>;
      const reg = (await (await fetch(md['registration_endpoint']!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['http://127.0.0.1:9/cb'], token_endpoint_auth_method: 'none' }) })).json()) as { client_id: string };
      const verifier = generateCodeVerifier();
      const q = new URLSearchParams({ response_type: 'code', client_id: reg.client_id, redirect_uri: 'http://127.0.0.1:9/cb', code_challenge: await computeCodeChallenge(verifier), code_challenge_method: 'S256', state: 's', resource: `${base}/mcp` });
      const authz = await fetch(`${md['authorization_endpoint']}?${q}`, { redirect: 'manual' });
      expect(authz.status).toBe(302);
      const loc = new URL(authz.headers.get('location')!);
      expect(loc.searchParams.get('iss')).toBe(base);
      const tok = await fetch(md['token_endpoint']!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', code: loc.searchParams.get('code')!, code_verifier: verifier, client_id: reg.client_id, redirect_uri: 'http://127.0.0.1:9/cb' }) });
      expect(tok.status).toBe(200);
      const { access_token } = (await tok.json()) as { access_token: string };
      const ok = await fetch(`${base}/mcp`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(await ok.json()).toEqual({ hello: 'node-user' });
    });

    it('A-DCR-1: the peer address reaches the registration rate limit: 429 with Retry-After after the limit', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await fetch(`${base}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'none' }) });
        statuses.push(r.status);
        if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses.at(-1)).toBe(429);
      const echo = await fetch(`${base}/echo`, { method: 'POST', body: 'x' });
      expect(echo.headers.get('x-address')).toBe('127.0.0.1');
    });

    it('RFC 6265 §4.1: several Set-Cookie headers stay separate', async () => {
      const res = await fetch(`${base}/cookies`);
      expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    });

    it('A76: request bodies stream through (1 MB echo intact) and a 10 MB response streams with backpressure', async () => {
      const payload = new Uint8Array(1_000_000).map((_, i) => i % 251);
      const echo = new Uint8Array(await (await fetch(`${base}/echo`, { method: 'POST', body: payload })).arrayBuffer());
      expect(echo.length).toBe(payload.length);
      expect(echo.every((b, i) => b === payload[i])).toBe(true);
      const big = await (await fetch(`${base}/big`)).arrayBuffer();
      expect(big.byteLength).toBe(160 * 65_536);
    });

    it('RFC 9110 §6.4: a streamed response (SSE) is flushed as it comes: the first event arrives before the stream ends', async () => {
      const res = await fetch(`${base}/sse`);
      expect(res.headers.get('content-length')).toBeNull();
      const reader = res.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toBe('data: first\n\n');
      release();
      let rest = '';
      for (;;) { const { done, value } = await reader.read(); if (done) break; rest += new TextDecoder().decode(value); }
      expect(rest).toBe('data: second\n\n');
    });

    it('A76: a 10 MB /token body is refused with 413 over HTTP', async () => {
      const r = await fetch(`${base}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=' + 'b'.repeat(10_000_000) });
      expect(r.status).toBe(413);
    });

    it('A76: the request signal aborts when the client disconnects', async () => {
      await new Promise<void>((resolve) => {
        const req = httpRequest(`${base}/hang`);
        req.on('error', () => resolve());
        req.end();
        setTimeout(() => { req.destroy(); resolve(); }, 200);
      });
      expect(await aborted).toBe(true);
    });

    it('RFC 9110 §7.2: toWebRequest keeps repeated headers, drops pseudo-headers, prefers originalUrl, validates origin', () => {
      const fake = {
        method: 'get', url: '/x', originalUrl: '/mount/x', headers: { host: 'mcp.example.com', accept: ['a', 'b'], ':authority': 'evil' },
        socket: { encrypted: true }, async *[Symbol.asyncIterator]() {},
      };
      const r = toWebRequest(fake);
      expect(r.url).toBe('https://mcp.example.com/mount/x');
      expect(r.headers.get('accept')).toBe('a, b');
      expect(r.method).toBe('GET');
      expect(toWebRequest({ ...fake, headers: { host: 'bad host/x' } }).url).toBe('https://localhost/mount/x');
      expect(toWebRequest(fake, { origin: 'https://public.example' }).url).toBe('https://public.example/mount/x');
      expect(() => toWebRequest(fake, { origin: 'javascript:alert(1)' })).toThrow(TypeError);
      const bare = { ...fake, originalUrl: undefined };
      expect(toWebRequest({ ...bare, url: '//evil.example/authorize' }).url).toBe('https://mcp.example.com//evil.example/authorize');
      expect(toWebRequest({ ...bare, url: 'http://evil.example/token?x=1' }).url).toBe('https://mcp.example.com/token?x=1');
      expect(toWebRequest({ ...bare, url: 'token' }).url).toBe('https://mcp.example.com/token');
    });

    it('Express: a 404 falls through to next(); handler exceptions become a bare 500', async () => {
      let nexted = false;
      const mw = toNodeHandler(async () => new Response(null, { status: 404 }), { bridge });
      const { server: s, base: b } = await listen((req, res) => { void mw(req, res, () => { nexted = true; res.end('next'); }); });
      expect(await (await fetch(`${b}/`)).text()).toBe('next');
      expect(nexted).toBe(true);
      await new Promise<void>((r) => s.close(() => r()));
      const boom = toNodeHandler(async () => { throw new Error('secret detail'); }, { bridge });
      const t = await listen((req, res) => void boom(req, res));
      const r = await fetch(`${t.base}/`);
      expect(r.status).toBe(500);
      expect(await r.text()).not.toContain('secret');
      await new Promise<void>((res) => t.server.close(() => res()));
      expect(() => toNodeHandler(5 as never)).toThrow(TypeError);
    });
  });
});
