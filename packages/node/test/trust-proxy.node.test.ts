import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAuthorizationServer } from '@mcp-oauth/server-flow';
import { toNodeHandler } from '@mcp-oauth/node';
import type { ToNodeHandlerOptions } from '@mcp-oauth/node';

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))));

/** A server that answers /echo with the clientAddress it was given and everything else with an AS. */
async function start(options: ToNodeHandlerOptions = {}): Promise<string> {
  let origin = '';
  let as: ReturnType<typeof createAuthorizationServer> | undefined;
  const s = createServer(toNodeHandler(async (request, ctx) => {
    if (new URL(request.url).pathname === '/echo') return new Response(null, { headers: { 'x-address': ctx.clientAddress ?? '(none)' } });
    as ??= createAuthorizationServer({ issuer: origin, resources: [`${origin}/mcp`], scopes: ['mcp:tools'], autoApprove: { subject: 'u' }, registration: { rateLimit: { limit: 1, windowMs: 60_000 } } });
    return as.handle(request, ctx);
  }, options));
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return origin;
}

const echo = async (base: string, headers: Record<string, string> = {}): Promise<string | null> =>
  (await fetch(`${base}/echo`, { headers })).headers.get('x-address');
const register = async (base: string, headers: Record<string, string> = {}): Promise<number> =>
  (await fetch(`${base}/register`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'none' }) })).status;

describe('toNodeHandler trustProxy (A82)', () => {
  it('A82: without trustProxy a spoofed X-Forwarded-For or Forwarded is ignored: the socket peer is the caller', async () => {
    const base = await start();
    expect(await echo(base, { 'x-forwarded-for': '203.0.113.9', forwarded: 'for=203.0.113.9' })).toBe('127.0.0.1');
    expect(await register(base, { 'x-forwarded-for': '203.0.113.1' })).toBe(201);
    expect(await register(base, { 'x-forwarded-for': '203.0.113.2' })).toBe(429);
  });

  it('A82: from a trusted proxy the rightmost untrusted X-Forwarded-For hop is the caller; each caller has its own registration bucket', async () => {
    const base = await start({ trustProxy: { addresses: ['127.0.0.1', '10.0.0.5'] } });
    expect(await echo(base, { 'x-forwarded-for': '192.0.2.66, 203.0.113.9' })).toBe('203.0.113.9');
    expect(await echo(base, { 'x-forwarded-for': '203.0.113.9, 10.0.0.5' })).toBe('203.0.113.9');
    expect(await echo(base, { 'x-forwarded-for': '::ffff:203.0.113.4' })).toBe('203.0.113.4');
    expect(await echo(base)).toBe('127.0.0.1');
    expect(await echo(base, { 'x-forwarded-for': 'garbage' })).toBe('(none)');
    expect(await register(base, { 'x-forwarded-for': '203.0.113.1' })).toBe(201);
    expect(await register(base, { 'x-forwarded-for': '203.0.113.2' })).toBe(201);
    expect(await register(base, { 'x-forwarded-for': '198.51.100.3, 203.0.113.1' })).toBe(429);
    // a hop that is not an address leaves no address: a configuration error, never a shared bucket
    expect(await register(base, { 'x-forwarded-for': 'unknown' })).toBe(500);
  });

  it('A82: Forwarded (RFC 7239) is read when chosen; a peer that is not a listed proxy cannot use the header', async () => {
    const fwd = await start({ trustProxy: { addresses: ['127.0.0.1'], header: 'forwarded' } });
    expect(await echo(fwd, { forwarded: 'for=192.0.2.1, for="[2001:db8::7]:4711";proto=https' })).toBe('2001:db8::7');
    expect(await echo(fwd, { 'x-forwarded-for': '203.0.113.9' })).toBe('127.0.0.1');
    const other = await start({ trustProxy: { addresses: ['10.0.0.5'] } });
    expect(await echo(other, { 'x-forwarded-for': '203.0.113.9' })).toBe('127.0.0.1');
    expect(() => toNodeHandler(() => new Response(), { trustProxy: { addresses: ['10.0.0.0/8'] } })).toThrow(TypeError);
  });
});
