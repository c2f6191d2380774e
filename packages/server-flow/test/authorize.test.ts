import { describe, expect, it } from 'vitest';
import { ISSUER, REDIRECT, RESOURCE, authorizeUrl, pkcePair, register, setup } from './helpers';

const loc = (r: Response): URL | null => (r.headers.get('location') ? new URL(r.headers.get('location')!) : null);

describe('/authorize', () => {
  it('A1: a public client without code_challenge is redirected with invalid_request, state and iss; no code', async () => {
    const { as } = setup();
    const c = await register(as);
    const res = await as.handle(new Request(authorizeUrl(c.client_id)));
    expect(res.status).toBe(302);
    const u = loc(res)!;
    expect(u.origin + u.pathname).toBe(REDIRECT);
    expect(u.searchParams.get('error')).toBe('invalid_request');
    expect(u.searchParams.get('state')).toBe('st-1');
    expect(u.searchParams.get('iss')).toBe(ISSUER);
    expect(u.searchParams.has('code')).toBe(false);
  });

  it('A2: code_challenge_method plain, s256, SHA256 or absent is invalid_request', async () => {
    const { as } = setup();
    const c = await register(as);
    const { challenge } = await pkcePair();
    for (const m of ['plain', 's256', 'SHA256', undefined]) {
      const res = await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge, code_challenge_method: m })));
      expect(loc(res)!.searchParams.get('error')).toBe('invalid_request');
      expect(loc(res)!.searchParams.has('code')).toBe(false);
    }
  });

  it('A3: challenges of 42 or 129 chars, or with + / = or a space, are invalid_request', async () => {
    const { as } = setup();
    const c = await register(as);
    const b = 'a'.repeat(42);
    for (const ch of [b, 'a'.repeat(129), b + '+', b + '/', b + '=', b + ' ']) {
      const res = await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: ch })));
      expect(loc(res)!.searchParams.get('error')).toBe('invalid_request');
    }
  });

  it('A-PKCE-1: a confidential client must send PKCE too', async () => {
    const { as } = setup();
    const c = await register(as, { token_endpoint_auth_method: 'client_secret_basic' });
    const res = await as.handle(new Request(authorizeUrl(c.client_id)));
    expect(loc(res)!.searchParams.get('error')).toBe('invalid_request');
  });

  it('A12: client_id, redirect_uri or state given twice is a local error page: no redirect to either value', async () => {
    const { as } = setup();
    const c = await register(as);
    const { challenge } = await pkcePair();
    const base = authorizeUrl(c.client_id, { code_challenge: challenge });
    for (const extra of [`&client_id=${c.client_id}`, `&redirect_uri=${encodeURIComponent('https://attacker.example/cb')}`, '&state=x', '&code_challenge=' + challenge]) {
      const res = await as.handle(new Request(base + extra));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('A14: an unknown client_id or unregistered redirect_uri is a 400 page without Location, no consent shown', async () => {
    const { as } = setup({ autoApprove: undefined, authenticate: async () => ({ subject: 'u' }) });
    const c = await register(as);
    const { challenge } = await pkcePair();
    for (const url of [authorizeUrl('no-such-client', { code_challenge: challenge }), authorizeUrl(c.client_id, { code_challenge: challenge, redirect_uri: 'https://attacker.example/cb' })]) {
      const res = await as.handle(new Request(url));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).not.toContain('<form');
    }
  });

  it('A15, A-RED-1: every R1–R14 variant of the registered https://client.example.com/cb is refused without redirect', async () => {
    const { as } = setup();
    const c = await register(as);
    const { challenge } = await pkcePair();
    const variants = [
      'https://client.example.com/cb/', 'https://CLIENT.example.com/cb', 'HTTPS://client.example.com/cb', 'https://client.example.com/CB',
      'https://client.example.com/cb?x=1', 'https://client.example.com/cb#frag', 'https://client.example.com/cb#', 'https://client.example.com:443/cb',
      'https://attacker@client.example.com/cb', 'https://client.example.com@attacker.com/cb', 'https://client.example.com/cb/../evil',
      'https://client.example.com/cb/%2e%2e/evil', 'https://client.example.com/cb%2F..%2Fevil', 'https://client.example.com.attacker.com/cb',
      'https://attacker.com/client.example.com/cb', '//client.example.com/cb', 'client.example.com/cb',
      'https://client.example.com/cb%0d%0aSet-Cookie:x', 'https://client.example.com/cb ', 'https://client.example.com/cb\t', 'http://client.example.com/cb',
    ];
    for (const r of variants) {
      const res = await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge, redirect_uri: r })));
      expect(res.status, r).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('A16: loopback matrix: only L1 (any port on 127.0.0.1) and L2 ([::1]) are accepted', async () => {
    const { as } = setup();
    const v4 = await register(as, { redirect_uris: ['http://127.0.0.1/callback'] });
    const v6 = await register(as, { redirect_uris: ['http://[::1]/cb'] });
    const { challenge } = await pkcePair();
    const ok = async (id: string, r: string): Promise<boolean> => {
      const res = await as.handle(new Request(authorizeUrl(id, { code_challenge: challenge, redirect_uri: r })));
      return res.status === 302 && res.headers.get('location')!.startsWith(r + '?') && new URL(res.headers.get('location')!).searchParams.has('code');
    };
    expect(await ok(v4.client_id, 'http://127.0.0.1:53211/callback')).toBe(true);
    expect(await ok(v6.client_id, 'http://[::1]:9000/cb')).toBe(true);
    for (const bad of ['http://localhost:53211/callback', 'https://127.0.0.1:53211/callback', 'http://127.0.0.1:53211/evil', 'http://127.0.0.1.attacker.com:53211/callback']) {
      expect(await ok(v4.client_id, bad), bad).toBe(false);
    }
    const lan = await register(as, { redirect_uris: ['https://192.168.1.1/cb'] }).catch(() => undefined);
    if (lan) expect(await ok(lan.client_id, 'https://192.168.1.1:8080/cb')).toBe(false);
    const web = await register(as, { redirect_uris: ['https://example.com/cb'] });
    expect(await ok(web.client_id, 'https://example.com:8443/cb')).toBe(false);
  });

  it('A19: scope=bogus redirects with invalid_scope, the original state and iss; no code', async () => {
    const { as } = setup();
    const c = await register(as);
    const { challenge } = await pkcePair();
    const u = loc(await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge, scope: 'bogus', state: 'orig' }))))!;
    expect(u.searchParams.get('error')).toBe('invalid_scope');
    expect(u.searchParams.get('state')).toBe('orig');
    expect(u.searchParams.get('iss')).toBe(ISSUER);
    expect(u.searchParams.has('code')).toBe(false);
  });

  it('R-TOK-4: at grant time scopes are checked against the hierarchy: mcp:exec:* admits mcp:exec:workflows:run', async () => {
    const { as } = setup();
    const c = await register(as);
    const { challenge } = await pkcePair();
    const u = loc(await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge, scope: 'mcp:exec:workflows:run mcp:read' }))))!;
    expect(u.searchParams.has('code')).toBe(true);
    const v = loc(await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge, scope: 'mcp:write' }))))!;
    expect(v.searchParams.get('error')).toBe('invalid_scope');
  });

  it('C-TOK-3: a DCR client that registered a narrow scope can still step up to a wider one the server offers', async () => {
    const { as } = setup();
    const { challenge } = await pkcePair();
    const narrow = await register(as, { scope: 'mcp:read' });
    const v = loc(await as.handle(new Request(authorizeUrl(narrow.client_id, { code_challenge: challenge, scope: 'mcp:read mcp:exec:x' }))))!;
    expect(v.searchParams.has('code')).toBe(true);
    const outside = loc(await as.handle(new Request(authorizeUrl(narrow.client_id, { code_challenge: challenge, scope: 'mcp:write' }))))!;
    expect(outside.searchParams.get('error')).toBe('invalid_scope');
  });

  it('R-TOK-4: a client pre-registered in config with a scope is held to it', async () => {
    const { as } = setup({ clients: [{ client_id: 'fixed', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', scope: 'mcp:read' }] });
    const { challenge } = await pkcePair();
    const v = loc(await as.handle(new Request(authorizeUrl('fixed', { code_challenge: challenge, scope: 'mcp:exec:x' }))))!;
    expect(v.searchParams.get('error')).toBe('invalid_scope');
    const ok = loc(await as.handle(new Request(authorizeUrl('fixed', { code_challenge: challenge, scope: 'mcp:read' }))))!;
    expect(ok.searchParams.has('code')).toBe(true);
  });

  it('A11, A-AUD-1: a resource with a fragment or one we do not serve is invalid_target at /authorize', async () => {
    const { as } = setup();
    const c = await register(as);
    const { challenge } = await pkcePair();
    for (const r of [RESOURCE + '#x', 'https://evil.example.com/mcp', RESOURCE + '/']) {
      const u = loc(await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge, resource: r }))))!;
      expect(u.searchParams.get('error')).toBe('invalid_target');
      expect(u.searchParams.get('iss')).toBe(ISSUER);
    }
  });

  it('A-ISS-1: iss is on every authorization response: success, error and denial', async () => {
    const { as } = setup({ autoApprove: undefined, authenticate: async () => ({ subject: 'u' }), consent: async () => 'deny' });
    const c = await register(as);
    const { challenge } = await pkcePair();
    const denied = loc(await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge }))))!;
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('iss')).toBe(ISSUER);
    const ok = setup();
    const c2 = await register(ok.as);
    const granted = loc(await ok.as.handle(new Request(authorizeUrl(c2.client_id, { code_challenge: challenge }))))!;
    expect(granted.searchParams.get('iss')).toBe(ISSUER);
    expect(granted.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('RFC 6749 §4.1.2.1: response_type other than code is unsupported_response_type (redirected with iss)', async () => {
    const { as } = setup();
    const c = await register(as);
    const { challenge } = await pkcePair();
    const u = loc(await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge, response_type: 'token' }))))!;
    expect(u.searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('RFC 9207 §2: a redirect URI that has a query keeps it and gets the parameters appended', async () => {
    const { as } = setup();
    const c = await register(as, { redirect_uris: ['https://client.example.com/cb?app=1'] });
    const { challenge } = await pkcePair();
    const res = await as.handle(new Request(authorizeUrl(c.client_id, { code_challenge: challenge, redirect_uri: 'https://client.example.com/cb?app=1' })));
    expect(res.headers.get('location')!.startsWith('https://client.example.com/cb?app=1&')).toBe(true);
  });
});
