import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMcpOAuthClient, discover, discoverAuthorizationServer, discoverProtectedResource } from '@mcp-oauth/client-flow';
import { isPrivateAddress } from '@mcp-oauth/metadata';
import { createWorld, type WorldOptions } from './helpers/world';

const redirectUri = 'http://127.0.0.1:8765/callback';
const gets = (w: ReturnType<typeof createWorld>) => w.seen.filter((s) => s.method === 'GET' && s.url !== w.mcp.href).map((s) => s.url);

async function run(o: WorldOptions) {
  const w = createWorld(o);
  let opened = 0;
  const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: (u) => { opened++; return w.browser(u); } });
  const result = await c.fetch(w.mcp).then((r) => r.status, (e: unknown) => e);
  return { w, result, opened: () => opened };
}

describe('discovery', () => {
  it('C-PRM-1: a resource_metadata in the challenge is the only PRM URL fetched', async () => {
    const { w, result } = await run({ prm: 'header' });
    expect(result).toBe(200);
    expect(gets(w).filter((u) => u.includes('oauth-protected-resource'))).toEqual([]);
    expect(gets(w)).toContain(w.prmHeaderUrl);
  });

  it('C-PRM-1: a resource_metadata URL that yields nothing fails discovery without trying the well-known URLs', async () => {
    const w = createWorld({ prm: 'header' });
    w.state.override = (r) => (r.url === w.prmHeaderUrl ? new Response('', { status: 404 }) : undefined);
    await expect(discoverProtectedResource(w.mcp, { fetch: w.fetch, wwwAuthenticate: `Bearer resource_metadata="${w.prmHeaderUrl}"` }))
      .rejects.toMatchObject({ code: 'DiscoveryFailed' });
    expect(w.seen.map((s) => s.url)).toEqual([w.prmHeaderUrl]);
  });

  it('C-PRM-2: without a hint, the path-based PRM URL then the root one, in that order', async () => {
    const { w, result } = await run({ prm: 'root' });
    expect(result).toBe(200);
    expect(gets(w).slice(0, 2)).toEqual([w.prmPathUrl, w.prmRootUrl]);
  });

  it('C-PRM-4/C-AUTH-4: discover() returns the resource exactly as published, the canonical server and the AS metadata', async () => {
    const w = createWorld({ prmDoc: { resource: 'https://mcp.example.com' } });
    const d = await discover('https://mcp.example.com/mcp#frag', { fetch: w.fetch });
    expect(d.resource).toBe('https://mcp.example.com');
    expect(d.server).toBe('https://mcp.example.com/mcp');
    expect(d.authorizationServer.issuer).toBe(w.issuer);
    expect(d.protectedResource?.authorization_servers).toEqual([w.issuer]);
  });

  it('C-PRM-2: the path-based URL is skipped when the endpoint is at the root', async () => {
    const { w, result } = await run({ mcp: 'https://mcp.example.com/', prm: 'root' });
    expect(result).toBe(200);
    expect(gets(w)[0]).toBe('https://mcp.example.com/.well-known/oauth-protected-resource');
    expect(gets(w).filter((u) => u.includes('oauth-protected-resource'))).toHaveLength(1);
  });

  it('C-PRM-3/A27: PRM for another resource is rejected and no authorization request follows', async () => {
    for (const resource of ['https://evil.example.com/mcp', 'https://mcp.example.com/other', 'https://mcp.example.com/mcp#x', 'https://mcp.example.com/mc']) {
      const { w, result, opened } = await run({ prmDoc: { resource } });
      expect(result).toMatchObject({ code: 'ResourceMismatch' });
      expect(opened()).toBe(0);
      expect(w.counters.register + w.counters.token).toBe(0);
    }
  });

  it('C-PRM-3: a same-origin path prefix of the endpoint is accepted as its resource', async () => {
    const { result } = await run({ prmDoc: { resource: 'https://mcp.example.com' } });
    expect(result).toBe(200);
  });

  it('C-PRM-4: PRM without authorization servers is refused', async () => {
    const { result, opened } = await run({ prmDoc: { authorization_servers: [] } });
    expect(result).toMatchObject({ code: 'NoAuthorizationServer' });
    expect(opened()).toBe(0);
  });

  it('C-PRM-4: the first authorization server is chosen unless the app chooses', async () => {
    const w = createWorld({ prmDoc: { authorization_servers: ['https://as.example.com', 'https://other.example.com'] } });
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, chooseAuthorizationServer: (l) => l[0] });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(gets(w).some((u) => u.includes('other.example.com'))).toBe(false);
  });

  it('C-ASM-1: an issuer with a path is tried at the three URLs in MCP order', async () => {
    for (const asAt of [0, 1, 2]) {
      const { w, result } = await run({ issuer: 'https://as.example.com/t', asAt });
      expect(result).toBe(200);
      const asGets = gets(w).filter((u) => u.startsWith('https://as.example.com'));
      expect(asGets).toEqual(w.asUrls.slice(0, asAt + 1));
    }
    expect(createWorld({ issuer: 'https://as.example.com/t' }).asUrls).toEqual([
      'https://as.example.com/.well-known/oauth-authorization-server/t',
      'https://as.example.com/.well-known/openid-configuration/t',
      'https://as.example.com/t/.well-known/openid-configuration',
    ]);
  });

  it('C-ASM-2: an issuer without a path: oauth-authorization-server, then openid-configuration', async () => {
    const { w, result } = await run({ asAt: 1 });
    expect(result).toBe(200);
    expect(gets(w).filter((u) => u.startsWith('https://as.example.com'))).toEqual([
      'https://as.example.com/.well-known/oauth-authorization-server',
      'https://as.example.com/.well-known/openid-configuration',
    ]);
  });

  it('C-ASM-3: metadata whose issuer differs by any character is not used', async () => {
    for (const issuer of ['https://honest.example', 'https://as.example.com/', 'HTTPS://as.example.com']) {
      const { w, result, opened } = await run({ asMetadata: { issuer } });
      expect(result).toMatchObject({ code: 'IssuerMismatch' });
      expect(opened()).toBe(0);
      expect(w.counters.register + w.counters.token).toBe(0);
    }
    const t = createWorld({ issuer: 'https://as.example.com/tenant1', asMetadata: { issuer: 'https://as.example.com/tenant2' } });
    await expect(discoverAuthorizationServer('https://as.example.com/tenant1', { fetch: t.fetch })).rejects.toMatchObject({ code: 'IssuerMismatch' });
  });

  it('C-ASM-4/A28: no code_challenge_methods_supported, or plain only, refuses to proceed', async () => {
    for (const methods of [undefined, ['plain'], [], 'S256']) {
      const { w, result, opened } = await run({ asMetadata: { code_challenge_methods_supported: methods } });
      expect(result).toMatchObject({ code: methods === 'S256' ? 'InvalidResponse' : 'PkceUnsupported' }); // a string is a malformed document
      expect(opened()).toBe(0);
      expect(w.counters.register).toBe(0);
    }
  });

  it('falls back to 2025-03-26 discovery (metadata at the server origin, then default endpoints) without PRM', async () => {
    const w = createWorld({ prm: 'none', issuer: 'https://mcp.example.com' });
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    const as = await discoverAuthorizationServer('https://nothing.example', { fetch: async () => new Response('', { status: 404 }), defaultEndpoints: true });
    expect(as.token_endpoint).toBe('https://nothing.example/token');
    await expect(discoverAuthorizationServer('https://nothing.example', { fetch: async () => new Response('', { status: 404 }) })).rejects.toMatchObject({ code: 'DiscoveryFailed' });
  });

  it('C-SSRF-1: metadata redirects are not followed and bodies are size-bounded', async () => {
    const inits: RequestInit[] = [];
    const redirecting = async (_u: unknown, init?: RequestInit) => {
      inits.push(init ?? {});
      return new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } });
    };
    await expect(discoverAuthorizationServer('https://as.example.com', { fetch: redirecting })).rejects.toMatchObject({ code: 'DiscoveryFailed' });
    expect(inits.every((i) => i.redirect === 'manual')).toBe(true);
    const huge = async () => new Response(`{"issuer":"${'a'.repeat(200_000)}"}`, { status: 200 });
    await expect(discoverAuthorizationServer('https://as.example.com', { fetch: huge })).rejects.toMatchObject({ code: 'InvalidResponse' });
    for (const body of ['[]', 'null', 'not json', '"x"']) {
      await expect(discoverAuthorizationServer('https://as.example.com', { fetch: async () => new Response(body) })).rejects.toMatchObject({ code: 'InvalidResponse' });
    }
    await expect(discoverAuthorizationServer('http://as.example.com', { fetch: huge })).rejects.toMatchObject({ code: 'InsecureUrl' });
  });

  it('C-SSRF-1: an address policy hook blocks private and reserved OAuth hosts before any request to them', async () => {
    for (const issuer of ['https://169.254.169.254', 'https://10.0.0.1', 'https://[::ffff:10.1.2.3]', 'https://127.0.0.1']) {
      const w = createWorld({ prmDoc: { authorization_servers: [issuer] } });
      const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser,
        allowUrl: (u) => !isPrivateAddress(u.hostname.replace(/^\[|\]$/g, '')) });
      await expect(c.fetch(w.mcp)).rejects.toMatchObject({ code: 'InsecureUrl' });
      expect(w.seen.some((s) => new URL(s.url).origin === new URL(issuer).origin)).toBe(false);
    }
  });

  it('C-PRM-2/C-ASM-1: property: a failing URL (404, 500, 302) moves on to the next one in order, never elsewhere', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(404, 500, 302, 401), fc.nat(2), async (status, asAt) => {
      const w = createWorld({ prm: 'root', issuer: 'https://as.example.com/t', asAt });
      const wanted = [w.prmPathUrl, w.prmRootUrl, ...w.asUrls.slice(0, asAt + 1)];
      w.state.override = (r) => (r.url === w.prmPathUrl || w.asUrls.slice(0, asAt).includes(r.url)
        ? new Response('{}', { status, headers: status === 302 ? { location: 'https://evil.example/' } : {} }) : undefined);
      const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
      expect((await c.fetch(w.mcp)).status).toBe(200);
      expect(gets(w)).toEqual(wanted);
      expect(w.seen.some((s) => s.url.startsWith('https://evil.example'))).toBe(false);
    }), { numRuns: 24 });
  });

  it('A35: a resource_metadata that is not a safe URL is refused; a 1 MB header is bounded; two challenges pick Bearer', async () => {
    for (const rm of ['javascript:alert(1)', 'http://10.0.0.1/', 'file:///etc/passwd']) {
      await expect(discoverProtectedResource('https://mcp.example.com/mcp', { fetch: async () => new Response('{}'), wwwAuthenticate: `Bearer resource_metadata="${rm}"` }))
        .rejects.toMatchObject({ code: 'InsecureUrl' });
    }
    const w = createWorld({ prm: 'header' });
    const huge = `Bearer resource_metadata="${w.prmHeaderUrl}", realm="${'x'.repeat(1_000_000)}"`;
    expect(await discoverProtectedResource(w.mcp, { fetch: w.fetch, wwwAuthenticate: huge })).toBeUndefined();
    expect(w.seen.map((s) => s.url)).toEqual([w.prmPathUrl, w.prmRootUrl]); // too large: ignored, only the well-known URLs
    const two = await discoverProtectedResource(w.mcp, { fetch: w.fetch, wwwAuthenticate: `Basic realm="a", Bearer resource_metadata="${w.prmHeaderUrl}"` });
    expect(two?.resource).toBe(w.mcp.href);
    expect(w.seen.at(-1)!.url).toBe(w.prmHeaderUrl);
  });

  it('C-PRM-1/C-PRM-2/C-ASM-1/C-ASM-2: property: for any discovery layout the client uses the fewest requests the spec order allows, all inside that order', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom<'header' | 'path' | 'root'>('header', 'path', 'root'),
      fc.boolean(), fc.boolean(), fc.nat(2),
      async (prm, endpointPath, issuerPath, asAtRaw) => {
        const issuer = issuerPath ? 'https://as.example.com/tenant' : 'https://as.example.com';
        const asAt = issuerPath ? asAtRaw : asAtRaw % 2;
        const mcp = endpointPath ? 'https://mcp.example.com/mcp' : 'https://mcp.example.com/';
        const w = createWorld({ prm, issuer, asAt, mcp });
        const c = createMcpOAuthClient({ serverUrl: mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
        expect((await c.fetch(mcp)).status).toBe(200);
        const prmOrder = prm === 'header' ? [w.prmHeaderUrl] : endpointPath ? [w.prmPathUrl, w.prmRootUrl] : [w.prmRootUrl];
        const prmWanted = prm === 'root' ? prmOrder : prmOrder.slice(0, 1);
        const metadataGets = gets(w);
        expect(metadataGets).toEqual([...prmWanted, ...w.asUrls.slice(0, asAt + 1)]);
      },
    ), { numRuns: 40 });
  });
});
