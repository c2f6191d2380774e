import { describe, expect, it } from 'vitest';
import { guardedFetch, readJsonBody } from '@mcp-oauth/metadata';
import { codeOf, json, stalled } from './helpers';

const enc = new TextEncoder();
const streamed = (chunks: Uint8Array[], headers: Record<string, string> = { 'content-type': 'application/json' }): Response =>
  new Response(new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } }), { headers });

describe('readJsonBody', () => {
  it('RFC 8259: parses JSON of application/json and application/*+json, charset parameter allowed', async () => {
    expect(await readJsonBody(json({ a: [1, { b: 'c' }] }))).toEqual({ a: [1, { b: 'c' }] });
    expect(await readJsonBody(json('[1]', { headers: { 'content-type': 'application/jwk-set+json; charset=utf-8' } }))).toEqual([1]);
    expect(await readJsonBody(json('null', { headers: { 'content-type': 'Application/JSON;charset=UTF-8' } }))).toBeNull();
  });

  it('refuses other content types, invalid UTF-8 and non-JSON with InvalidResponse', async () => {
    for (const type of ['application/xml', 'text/html', 'text/json', 'application/jsonx', 'application/json-seq', '']) {
      expect(await codeOf(readJsonBody(json('{}', { headers: { 'content-type': type } }))), type).toBe('InvalidResponse');
    }
    expect(await codeOf(readJsonBody(streamed([Uint8Array.of(0x7b, 0xff, 0x7d)])))).toBe('InvalidResponse');
    expect(await codeOf(readJsonBody(json('{"a":')))).toBe('InvalidResponse');
    expect(await codeOf(readJsonBody(new Response(null, { headers: { 'content-type': 'application/json' } })))).toBe('InvalidResponse');
  });

  it('refuses a Content-Length over the cap before reading, and a streamed body once it passes the cap', async () => {
    const { stream, cancelled } = stalled([enc.encode('[1]')]);
    const declared = new Response(stream, { headers: { 'content-type': 'application/json', 'content-length': '6000' } });
    expect(await codeOf(readJsonBody(declared, { maxBytes: 5120 }))).toBe('BodyTooLarge');
    expect(cancelled()).toBe(true);
    const chunks = Array.from({ length: 10 }, () => enc.encode(' '.repeat(1000)));
    expect(await codeOf(readJsonBody(streamed(chunks), { maxBytes: 5120 }))).toBe('BodyTooLarge');
    expect(await readJsonBody(streamed([enc.encode('['), enc.encode('1]')]), { maxBytes: 3 })).toEqual([1]);
  });

  it('bounds the nesting depth before JSON.parse', async () => {
    expect(await readJsonBody(json('[[[1]]]'), { maxDepth: 3 })).toEqual([[[1]]]);
    expect(await codeOf(readJsonBody(json('[[[[1]]]]'), { maxDepth: 3 }))).toBe('InvalidResponse');
    expect(await readJsonBody(json('["[[[[", {"a":"\\"[[[["}]'), { maxDepth: 2 })).toEqual(['[[[[', { a: '"[[[[' }]);
  });

  it('a stalled body ends with Timeout when the signal fires or the deadline passes, and the stream is cancelled', async () => {
    const a = stalled([enc.encode('{')]);
    const ac = new AbortController();
    const p = readJsonBody(new Response(a.stream, { headers: { 'content-type': 'application/json' } }), { signal: ac.signal });
    ac.abort();
    expect(await codeOf(p)).toBe('Timeout');
    expect(a.cancelled()).toBe(true);
    const b = stalled([enc.encode('{')]);
    expect(await codeOf(readJsonBody(new Response(b.stream, { headers: { 'content-type': 'application/json' } }), { timeout: 1 }))).toBe('Timeout');
    expect(await codeOf(readJsonBody(json('{}'), { signal: AbortSignal.abort() }))).toBe('Timeout');
  });

  it('throws TypeError for something that is not a Response', async () => {
    expect(await codeOf(readJsonBody({} as never))).toBe('TypeError');
  });
});

describe('guardedFetch (C-SSRF-1)', () => {
  const ok = (): Promise<Response> => Promise.resolve(json({}));
  const spy = (): { fetch: typeof fetch; calls: string[] } => {
    const calls: string[] = [];
    return { calls, fetch: (async (u: string, init: RequestInit) => { calls.push(`${u} ${init.redirect}`); return json({}); }) as typeof fetch };
  };

  it('C-SSRF-1: fetches a public https URL with redirect: manual', async () => {
    const s = spy();
    const res = await guardedFetch('https://as.example.com/x', { fetch: s.fetch, resolve: async () => ['93.184.215.14'] });
    expect(res.status).toBe(200);
    expect(s.calls).toEqual(['https://as.example.com/x manual']);
  });

  it('C-SSRF-1: an IP-literal host in a private range, in any encoding, or localhost, is PrivateAddress with no request', async () => {
    const s = spy();
    for (const u of ['https://169.254.169.254/', 'https://10.1.2.3/', 'https://0x7f.1/', 'https://2130706433/', 'https://[::ffff:10.1.2.3]/', 'http://127.0.0.1/', 'http://localhost/', 'https://[fe80::1]/']) {
      expect(await codeOf(guardedFetch(u, { fetch: s.fetch })), u).toBe('PrivateAddress');
    }
    expect(s.calls).toEqual([]);
  });

  it('C-SSRF-1: with a resolve hook, any private, empty or non-IP answer is PrivateAddress; a resolver failure is NetworkError', async () => {
    const s = spy();
    for (const answers of [['93.184.215.14', '10.0.0.1'], [], ['example.com'], ['::ffff:127.0.0.1']]) {
      expect(await codeOf(guardedFetch('https://as.example.com/', { fetch: s.fetch, resolve: async () => answers }))).toBe('PrivateAddress');
    }
    expect(await codeOf(guardedFetch('https://as.example.com/', { fetch: s.fetch, resolve: () => Promise.reject(new Error('ENOTFOUND')) }))).toBe('NetworkError');
    expect(s.calls).toEqual([]);
  });

  it('allowPrivateAddresses skips the address policy but not the URL policy', async () => {
    expect((await guardedFetch('http://127.0.0.1:3000/', { fetch: ok, allowPrivateAddresses: true })).status).toBe(200);
    expect(await codeOf(guardedFetch('http://10.0.0.1/', { fetch: ok, allowPrivateAddresses: true }))).toBe('InsecureUrl');
  });

  it('C-SSRF-1: a 3xx, an opaque redirect, or a followed redirect is RedirectRefused; fetch failures are NetworkError or Timeout', async () => {
    const redirect = async (): Promise<Response> => new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } });
    expect(await codeOf(guardedFetch('https://as.example.com/', { fetch: redirect }))).toBe('RedirectRefused');
    const followed = async (): Promise<Response> => Object.defineProperty(json({}), 'redirected', { value: true });
    expect(await codeOf(guardedFetch('https://as.example.com/', { fetch: followed }))).toBe('RedirectRefused');
    const opaque = async (): Promise<Response> => Object.defineProperty(new Response(null, { status: 200 }), 'type', { value: 'opaqueredirect' });
    expect(await codeOf(guardedFetch('https://as.example.com/', { fetch: opaque }))).toBe('RedirectRefused');
    expect(await codeOf(guardedFetch('https://as.example.com/', { fetch: () => Promise.reject(new TypeError('fetch failed')) }))).toBe('NetworkError');
    const ac = new AbortController();
    ac.abort();
    expect(await codeOf(guardedFetch('https://as.example.com/', { fetch: () => Promise.reject(new DOMException('aborted', 'AbortError')), signal: ac.signal }))).toBe('Timeout');
  });
});
