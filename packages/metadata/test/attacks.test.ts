import { describe, expect, it } from 'vitest';
import {
  assertSafeUrl,
  canonicalResourceUri,
  guardedFetch,
  isPrivateAddress,
  MetadataError,
  parseBearerChallenge,
  parseWwwAuthenticate,
  processAuthorizationServerMetadata,
  processProtectedResourceMetadata,
} from '@mcp-oauth/metadata';
import { codeOf, json, stalled } from './helpers';

const enc = new TextEncoder();
const asDoc = (issuer: string): Record<string, unknown> => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
});
const prm = { resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://auth.example.com'] };
const jsonStream = (stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Response =>
  new Response(stream, { headers: { 'content-type': 'application/json', ...headers } });

describe('ATTACKS.md cases for metadata', () => {
  it('A26: metadata claiming another issuer, or another tenant, is IssuerMismatch and not returned', async () => {
    expect(await codeOf(processAuthorizationServerMetadata(json(asDoc('https://honest.example')), 'https://attacker.example'))).toBe('IssuerMismatch');
    expect(await codeOf(processAuthorizationServerMetadata(json(asDoc('https://as.example/tenant2')), 'https://as.example/tenant1'))).toBe('IssuerMismatch');
    expect(await processAuthorizationServerMetadata(json(asDoc('https://as.example/tenant1')), 'https://as.example/tenant1')).toMatchObject({ issuer: 'https://as.example/tenant1' });
  });

  it('A27: PRM for another host, another path, or with a fragment is ResourceMismatch', async () => {
    for (const resource of ['https://evil.example.com/mcp', 'https://mcp.example.com/other', 'https://mcp.example.com/mcp#x', 'https://mcp.example.com', 'HTTPS://mcp.example.com/mcp']) {
      expect(await codeOf(processProtectedResourceMetadata(json({ ...prm, resource }), 'https://mcp.example.com/mcp')), resource).toBe('ResourceMismatch');
    }
  });

  it('A28: no code_challenge_methods_supported, or ["plain"] only, is PkceUnsupported', async () => {
    const { code_challenge_methods_supported: _, ...without } = asDoc('https://as.example');
    expect(await codeOf(processAuthorizationServerMetadata(json(without), 'https://as.example'))).toBe('PkceUnsupported');
    expect(await codeOf(processAuthorizationServerMetadata(json({ ...without, code_challenge_methods_supported: ['plain'] }), 'https://as.example'))).toBe('PkceUnsupported');
  });

  it('A31: SSRF targets as resource_metadata, authorization_servers[0], jwks_uri and registration_endpoint are refused before any request', async () => {
    const calls: string[] = [];
    const fetchSpy = (async (u: string) => { calls.push(u); return json({ secret: 'BODY-MARKER' }); }) as typeof fetch;
    const targets = ['http://169.254.169.254/latest/meta-data/', 'https://169.254.169.254/', 'https://[::ffff:169.254.169.254]/', 'https://0xa9fea9fe/', 'https://2852039166/', 'https://10.0.0.1/', 'https://[fd00::1]/', 'https://metadata.internal/'];
    const resolve = async (h: string): Promise<string[]> => (h === 'metadata.internal' ? ['169.254.169.254'] : ['93.184.215.14']);
    for (const t of targets) {
      // as resource_metadata: dropped when the URL policy refuses it, blocked by the address policy otherwise
      const c = parseBearerChallenge(`Bearer resource_metadata="${t}"`);
      if (c?.resourceMetadata) expect(await codeOf(guardedFetch(c.resourceMetadata, { fetch: fetchSpy, resolve })), t).toBe('PrivateAddress');
      // as authorization_servers[0]: non-https refused by the validator, the rest by the fetch guard
      const p = processProtectedResourceMetadata(json({ ...prm, authorization_servers: [t] }), prm.resource);
      if ((await codeOf(p)) === 'ok') expect(await codeOf(guardedFetch(t, { fetch: fetchSpy, resolve }))).toBe('PrivateAddress');
      else expect(await codeOf(p)).toBe('InsecureUrl');
      // as jwks_uri / registration_endpoint
      for (const member of ['jwks_uri', 'registration_endpoint']) {
        const code = await codeOf(processAuthorizationServerMetadata(json({ ...asDoc('https://as.example'), [member]: t }), 'https://as.example'));
        expect(code === 'InsecureUrl' || (code === 'ok' && (await codeOf(guardedFetch(t, { fetch: fetchSpy, resolve }))) === 'PrivateAddress'), `${member} ${t}`).toBe(true);
      }
    }
    expect(calls).toEqual([]);
    for (const ip of ['169.254.169.254', '0xa9fea9fe', '2852039166', '0251.0376.0251.0376', '::ffff:a9fe:a9fe', '64:ff9b::169.254.169.254']) expect(isPrivateAddress(ip), ip).toBe(true);
  });

  it('A31: an error after a fetched body never carries the body', async () => {
    const res = json('{"issuer":"https://x","leak":"BODY-MARKER"', {});
    try {
      await processAuthorizationServerMetadata(res, 'https://x');
    } catch (e) {
      expect(e).toBeInstanceOf(MetadataError);
      expect(`${(e as Error).message} ${String((e as Error).cause)} ${(e as Error).stack}`).not.toContain('BODY-MARKER');
    }
  });

  it('A32: a public host answering 302 to the metadata service is not followed; every request re-checks DNS (public then private is blocked)', async () => {
    const hops: string[] = [];
    const redirecting = (async (u: string, init: RequestInit) => {
      hops.push(`${u} ${init.redirect}`);
      return new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } });
    }) as typeof fetch;
    expect(await codeOf(guardedFetch('https://public.example/', { fetch: redirecting, resolve: async () => ['93.184.215.14'] }))).toBe('RedirectRefused');
    expect(hops).toEqual(['https://public.example/ manual']);
    expect(await codeOf(processAuthorizationServerMetadata(new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } }), 'https://as.example'))).toBe('RedirectRefused');
    let n = 0;
    const rebinding = async (): Promise<string[]> => (n++ === 0 ? ['93.184.215.14'] : ['127.0.0.1']);
    const ok = (async () => json({})) as typeof fetch;
    expect((await guardedFetch('https://rebind.example/', { fetch: ok, resolve: rebinding })).status).toBe(200);
    expect(await codeOf(guardedFetch('https://rebind.example/', { fetch: ok, resolve: rebinding }))).toBe('PrivateAddress');
    expect(await codeOf(guardedFetch('https://rebind.example/', { fetch: ok, resolve: async () => ['93.184.215.14', '10.0.0.1'] }))).toBe('PrivateAddress');
  });

  it('A33: a 50 MB body stops at the cap after a few chunks, with the stream cancelled', async () => {
    let pulls = 0;
    let cancelled = false;
    const chunk = new Uint8Array(1 << 20).fill(0x20);
    const big = new ReadableStream<Uint8Array>({
      pull(c) { if (pulls++ < 50) c.enqueue(chunk); else c.close(); },
      cancel() { cancelled = true; },
    });
    expect(await codeOf(processAuthorizationServerMetadata(jsonStream(big), 'https://as.example'))).toBe('BodyTooLarge');
    expect(pulls).toBeLessThan(5);
    expect(cancelled).toBe(true);
    expect(await codeOf(processAuthorizationServerMetadata(json('{}', { headers: { 'content-length': String(50 << 20) } }), 'https://as.example'))).toBe('BodyTooLarge');
  });

  it('A33: a gzip bomb is cut off at the cap after decompression', async () => {
    const zeros = new Response(new Uint8Array(20 << 20).fill(0x20)).body as ReadableStream<BufferSource>;
    const gz = new Uint8Array(await new Response(zeros.pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    expect(gz.byteLength).toBeLessThan(100_000);
    const inflated = new Response(gz).body!.pipeThrough(new DecompressionStream('gzip'));
    expect(await codeOf(processProtectedResourceMetadata(jsonStream(inflated), prm.resource))).toBe('BodyTooLarge');
  });

  it('A33: a trickle that never finishes ends in Timeout within the deadline', async () => {
    const t = stalled([enc.encode('{'), enc.encode('"')]);
    expect(await codeOf(processAuthorizationServerMetadata(jsonStream(t.stream), 'https://as.example', { timeout: 5 }))).toBe('Timeout');
    expect(t.cancelled()).toBe(true);
  });

  it('A33: [], null, a string, non-JSON, application/xml and 100k-deep JSON are typed errors', async () => {
    for (const body of ['[]', 'null', '"x"', '42', 'not json', '{"a":1']) {
      expect(await codeOf(processAuthorizationServerMetadata(json(body), 'https://as.example')), body).toBe('InvalidResponse');
      expect(await codeOf(processProtectedResourceMetadata(json(body), prm.resource)), body).toBe('InvalidResponse');
    }
    expect(await codeOf(processAuthorizationServerMetadata(new Response('<x/>', { headers: { 'content-type': 'application/xml' } }), 'https://as.example'))).toBe('InvalidResponse');
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(await codeOf(processAuthorizationServerMetadata(json(deep), 'https://as.example'))).toBe('BodyTooLarge');
    expect(await codeOf(processAuthorizationServerMetadata(json(deep), 'https://as.example', { maxBytes: 1 << 20 }))).toBe('InvalidResponse');
    expect(await codeOf(processAuthorizationServerMetadata(json(`{"a":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`), 'https://as.example'))).toBe('InvalidResponse');
  });

  it('A35: two challenges, escaped quotes, a repeated resource_metadata, unsafe URLs and a 1 MB header', async () => {
    const two = parseBearerChallenge('Basic realm="a \\"b\\"", Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="a"');
    expect(two).toEqual({ resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp', scope: 'a' });
    expect(await codeOf(() => parseBearerChallenge('Bearer resource_metadata="https://a.example/x", resource_metadata="https://b.example/y"'))).toBe('InvalidChallenge');
    expect(await codeOf(() => parseBearerChallenge('Bearer resource_metadata="https://a.example/x", RESOURCE_METADATA="https://b.example/y"'))).toBe('InvalidChallenge');
    for (const unsafe of ['javascript:alert(1)', 'http://10.0.0.1/', 'file:///etc/passwd', '//evil.example/x', 'https://u:p@evil.example/']) {
      expect(parseBearerChallenge(`Bearer resource_metadata="${unsafe}", scope="s"`)).toEqual({ scope: 's' });
    }
    const mb = `Bearer realm="${'a'.repeat(1 << 20)}"`;
    expect(await codeOf(() => parseWwwAuthenticate(mb))).toBe('InvalidChallenge');
    expect(await codeOf(() => parseBearerChallenge(mb))).toBe('InvalidChallenge');
  });

  it('A77: 100 KB adversarial strings give coded errors or values, never a hang or another exception', async () => {
    const big = 100_000;
    const inputs = [
      '!'.repeat(big), 'a'.repeat(big), 'a='.repeat(big / 2), 'a="'.repeat(big / 3), '\\'.repeat(big), ','.repeat(big), ' '.repeat(big),
      'Bearer '.repeat(big / 7), 'a a=b, '.repeat(big / 7), `X a="${'\\"'.repeat(big / 2)}`, 'X ' + 'a+/'.repeat(big / 3) + '='.repeat(10) + 'x',
      'B a=' + '='.repeat(big), 'B ' + '\t'.repeat(big) + 'x',
    ];
    for (const s of inputs) {
      for (const maxLength of [undefined, 1 << 20]) {
        try {
          const r = parseWwwAuthenticate(s, maxLength ? { maxLength } : {});
          expect(Array.isArray(r)).toBe(true);
        } catch (e) {
          expect((e as MetadataError).code).toBe('InvalidChallenge');
        }
      }
      for (const f of [() => assertSafeUrl(`https://a.example/${s}`), () => assertSafeUrl(s), () => canonicalResourceUri(`https://${s}`)]) {
        try { f(); } catch (e) { expect((e as MetadataError).code).toBe('InsecureUrl'); }
      }
      expect(isPrivateAddress(s)).toBe(false);
    }
  });
});
