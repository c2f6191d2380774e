// A-RED-2 / A84: errors at /authorize reach a self-registered client's remote redirect URI only
// through a page the user reads, never through an automatic redirect (RFC 9700 §4.11.2).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ISSUER, authorizeUrl, pkcePair, register, setup } from './helpers';

const EVIL = 'https://evil.example/cb';

/** The failing requests of A84 and more: each fails after the redirect URI was accepted. */
async function failing(): Promise<Record<string, string | undefined>[]> {
  const { challenge } = await pkcePair();
  return [
    { response_type: 'x', code_challenge: challenge },
    { response_type: undefined, code_challenge: challenge },
    { code_challenge: challenge, code_challenge_method: 'plain' },
    { code_challenge: undefined },
    { code_challenge: challenge, scope: 'unknown:scope' },
    { code_challenge: challenge, resource: 'https://elsewhere.example/mcp' },
    { code_challenge: 'short' },
  ];
}

function expectPageNaming(res: Response, host: string): Promise<void> {
  expect(res.headers.get('location')).toBeNull();
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  return res.text().then((html) => expect(html).toContain(host));
}

describe('A-RED-2: no open redirector at /authorize', () => {
  it('A84: a self-registered client with redirect https://evil.example/cb gets no Location to evil.example for any failing request; a page names the host', async () => {
    const { as } = setup();
    const c = await register(as, { redirect_uris: [EVIL] });
    for (const params of await failing()) {
      const res = await as.handle(new Request(authorizeUrl(c.client_id, { redirect_uri: EVIL, ...params })));
      await expectPageNaming(res, 'evil.example');
    }
  });

  it('A84: the page links to the error redirect (error, state and iss) for the user to choose, escaped', async () => {
    const { as } = setup();
    const c = await register(as, { redirect_uris: [EVIL] });
    const res = await as.handle(new Request(authorizeUrl(c.client_id, { redirect_uri: EVIL, response_type: 'x', state: '"><script>x</script>' })));
    const html = await res.text();
    expect(html).not.toContain('<script>');
    const href = /href="([^"]+)"/.exec(html)?.[1]?.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
    const u = new URL(href!);
    expect(u.origin + u.pathname).toBe(EVIL);
    expect(u.searchParams.get('error')).toBe('unsupported_response_type');
    expect(u.searchParams.get('iss')).toBe(ISSUER);
    expect(u.searchParams.get('state')).toBe('"><script>x</script>');
  });

  it('A84: look-alike loopback hosts and https on loopback names are not trusted (http to a non-loopback host is refused at registration)', async () => {
    const { as } = setup();
    let tried = 0;
    for (const uri of ['https://localhost.evil.example/cb', 'https://127.0.0.1.nip.io/cb', 'https://localhost/cb', 'https://evil.example:8443/cb', 'http://127.0.0.1.evil.example/cb']) {
      let c;
      try { c = await register(as, { redirect_uris: [uri] }); } catch { continue; } // refused at registration: safe too
      tried++;
      const res = await as.handle(new Request(authorizeUrl(c.client_id, { redirect_uri: uri, response_type: 'x' })));
      expect(res.headers.get('location')).toBeNull();
      expect(res.status).toBe(400);
    }
    expect(tried).toBeGreaterThanOrEqual(2);
  });

  it('A84: a consent hook that denies a self-registered remote client shows the page; the user pressing deny on our page is redirected', async () => {
    const { as } = setup({ autoApprove: undefined, authenticate: async () => ({ subject: 'alice' }), consent: async () => 'deny' });
    const c = await register(as, { redirect_uris: [EVIL] });
    const { challenge } = await pkcePair();
    await expectPageNaming(await as.handle(new Request(authorizeUrl(c.client_id, { redirect_uri: EVIL, code_challenge: challenge }))), 'evil.example');
  });

  it('A84, A-ISS-1: loopback redirects and configured clients still get the error redirect with state and iss', async () => {
    const { as } = setup({ clients: [{ client_id: 'fixed', redirect_uris: ['https://app.example.com/cb'], token_endpoint_auth_method: 'none' }] });
    const loopback = await register(as, { redirect_uris: ['http://127.0.0.1/cb', 'http://[::1]/cb', 'http://localhost/cb'] });
    const cases: [string, string][] = [
      ['fixed', 'https://app.example.com/cb'],
      [loopback.client_id, 'http://127.0.0.1:49152/cb'],
      [loopback.client_id, 'http://[::1]:49153/cb'],
      [loopback.client_id, 'http://localhost:49154/cb'],
    ];
    for (const [clientId, uri] of cases) {
      for (const params of await failing()) {
        const res = await as.handle(new Request(authorizeUrl(clientId, { redirect_uri: uri, ...params })));
        expect(res.status).toBe(302);
        const u = new URL(res.headers.get('location')!);
        expect(u.origin + u.pathname).toBe(uri);
        expect(u.searchParams.get('error')).not.toBeNull();
        expect(u.searchParams.get('state')).toBe('st-1');
        expect(u.searchParams.get('iss')).toBe(ISSUER);
      }
    }
  });

  it('A-RED-2: for any remote redirect host of a self-registered client, no failing /authorize request answers with a Location', async () => {
    const { as } = setup();
    const bad = await failing();
    let n = 0;
    let registered = 0;
    const host = fc.domain().filter((d) => !/^(localhost|127\.|\[)/i.test(d));
    await fc.assert(
      // https only: an http redirect to a non-loopback host is refused at registration (A-DCR-1)
      fc.asyncProperty(host, fc.constantFrom(...bad), async (h, params) => {
        const uri = `https://${h}/cb`;
        let c;
        try { c = await register(as, { redirect_uris: [uri] }, `198.51.100.${n++ % 250}`); } catch { return; }
        registered++;
        const res = await as.handle(new Request(authorizeUrl(c.client_id, { redirect_uri: uri, ...params })));
        expect(res.headers.get('location')).toBeNull();
      }),
      { numRuns: 60 },
    );
    expect(registered).toBeGreaterThanOrEqual(50); // the property ran on real registrations, not on refusals
  });
});
