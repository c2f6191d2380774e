import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@mcp-oauth/node';

// What a handler observes of its request, as JSON.
interface Seen { lazy: boolean; isRequest: boolean; method: string; url: string; headers: [string, string][]; body: string; bodyUsed: boolean; clone: string; mutated: string | null }

async function observe(request: Request): Promise<Seen> {
  const lazy = Object.getPrototypeOf(request) !== Request.prototype;
  const method = request.method;
  const url = request.url;
  const headers = [...request.headers];
  request.headers.set('x-added', 'by-handler');
  const copy = request.clone();
  const body = await request.text();
  return { lazy, isRequest: request instanceof Request, method, url, headers, body, bodyUsed: request.bodyUsed, clone: await copy.text(), mutated: copy.headers.get('x-added') };
}

const servers: Server[] = [];
const bases: Record<'web' | 'lazy', string> = { web: '', lazy: '' };

beforeAll(async () => {
  for (const bridge of ['web', 'lazy'] as const) {
    const s = createServer(toNodeHandler(async (request) => Response.json(await observe(request)), { bridge }));
    servers.push(s);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
    bases[bridge] = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }
});
afterAll(() => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))));

/** A raw HTTP/1.1 request (the target sent exactly as written), answered with what the handler saw. */
function raw(base: string, method: string, path: string, headers: Record<string, string | string[]>, body?: string): Promise<Seen> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    // The same Host on both servers (not their ports), so that both see the same URL.
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { host: 'mcp.example.com', ...headers }, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => { try { resolve(JSON.parse(text) as Seen); } catch (e) { reject(e); } });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const CASES: [method: string, path: string, headers: Record<string, string | string[]>, body?: string][] = [
  ['GET', '/mcp?x=1&y=%41', { accept: ['a', 'b'], 'X-Case': 'Kept' }],
  ['post', '/token', { 'content-type': 'application/x-www-form-urlencoded' }, 'grant_type=refresh_token&refresh_token=r'],
  ['GET', '/a/../b/./c', {}],
  ['GET', '/%2e%2E/x', {}],
  ['GET', "/q?it's|{x}", {}],
  ['GET', '/p', { host: 'EXAMPLE.com:80' }],
  ['GET', '/p', { host: '[::1]:8080' }],
  ['PATCH', '/p', { 'content-type': 'text/plain' }, 'patched'],
  ['PROPFIND', '/dav', {}],
  ['GET', '//evil.example/x', {}],
];

describe('issue #16: the lazy bridge reads the node request on use, with the Fetch semantics of toWebRequest', () => {
  it('Fetch §Request class: method, url (URL-parser normalization), headers (case, order, repeats), body, clone() and header changes are those of the web bridge', async () => {
    for (const [method, path, headers, body] of CASES) {
      const [web, lazy] = await Promise.all([raw(bases.web, method, path, headers, body), raw(bases.lazy, method, path, headers, body)]);
      const strip = (s: Seen): Omit<Seen, 'lazy'> => { const { lazy: _, ...rest } = s; return rest; };
      expect(strip(lazy), `${method} ${path}`).toEqual(strip(web));
      expect(lazy.isRequest).toBe(true);
      expect(web.lazy).toBe(false);
    }
  });

  it('issue #16: a plain target is served by the lazy object; one the URL parser would rewrite gets a real Request', async () => {
    expect((await raw(bases.lazy, 'GET', '/mcp?x=1', {})).lazy).toBe(true);
    expect((await raw(bases.lazy, 'POST', '/token', {}, 'a=b')).lazy).toBe(true);
    expect((await raw(bases.lazy, 'GET', '/a/../b', {})).lazy).toBe(false);
    expect((await raw(bases.lazy, 'GET', '/p', { host: 'EXAMPLE.com' })).lazy).toBe(false);
    expect((await raw(bases.lazy, 'PROPFIND', '/dav', {})).lazy).toBe(false);
  });

  it('issue #16: body read first (stream, reader, cancel), then bodyUsed, clone() and text() answer as on the web bridge', async () => {
    // Each script touches the body a different way before anything that needs a real Request.
    const scripts: Record<string, (r: Request) => Promise<unknown>> = {
      read: async (r) => {
        const reader = r.body!.getReader();
        let text = '';
        for (;;) { const { done, value } = await reader.read(); if (done) break; text += new TextDecoder().decode(value); }
        return { text, used: r.bodyUsed, clone: attempt(() => r.clone()), again: await attemptAsync(() => r.text()), cache: r.cache, same: r.body === r.body };
      },
      locked: async (r) => { const reader = r.body!.getReader(); const out = { used: r.bodyUsed, clone: attempt(() => r.clone()), mode: r.mode }; reader.releaseLock(); return out; },
      cancelled: async (r) => { await r.body!.cancel(); return { used: r.bodyUsed, text: await attemptAsync(() => r.text()) }; },
      untouched: async (r) => { const b = r.body; const copy = r.clone(); return { same: r.body === b, text: await r.text(), copy: await copy.text(), used: r.bodyUsed }; },
      headersThenBody: async (r) => { r.headers.set('x-added', '1'); const b = await new Response(r.body).text(); return { b, used: r.bodyUsed, added: r.headers.get('x-added'), type: r.headers.get('content-type') }; },
      get: async (r) => ({ body: r.body, used: r.bodyUsed, text: await r.text() }),
    };
    const attempt = (f: () => unknown): string => { try { f(); return 'ok'; } catch (e) { return (e as Error).name; } };
    const attemptAsync = async (f: () => Promise<unknown>): Promise<string> => { try { return `ok:${String(await f())}`; } catch (e) { return (e as Error).name; } };
    const pair: Server[] = [];
    const base: Record<string, string> = {};
    for (const bridge of ['web', 'lazy'] as const) {
      const s = createServer(toNodeHandler(async (request) => Response.json(await scripts[request.headers.get('x-script')!]!(request)), { bridge }));
      pair.push(s);
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
      base[bridge] = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    }
    try {
      for (const script of Object.keys(scripts)) {
        const method = script === 'get' ? 'GET' : 'POST';
        const body = method === 'GET' ? undefined : 'grant_type=refresh_token&refresh_token=r';
        const headers = { 'x-script': script, 'content-type': 'application/x-www-form-urlencoded' };
        const [web, lazy] = await Promise.all([raw(base.web!, method, '/token', headers, body), raw(base.lazy!, method, '/token', headers, body)]);
        expect(lazy, script).toEqual(web);
      }
    } finally {
      await Promise.all(pair.map((s) => new Promise<void>((r) => s.close(() => r()))));
    }
  });

  it('TypeError: bridge must be web or lazy', () => {
    expect(() => toNodeHandler(() => new Response(), { bridge: 'fast' as never })).toThrow(TypeError);
  });
});
