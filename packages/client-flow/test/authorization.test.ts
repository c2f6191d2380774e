import { describe, expect, it } from 'vitest';
import { computeCodeChallenge } from '@mcp-oauth/pkce';
import { buildAuthorizationUrl, createMcpOAuthClient, processCallback, type AuthorizationTransaction } from '@mcp-oauth/client-flow';
import { createWorld, type WorldOptions } from './helpers/world';

const redirectUri = 'http://127.0.0.1:8765/callback';
const client = { client_id: 'c1', token_endpoint_auth_method: 'none' as const };
const as = { issuer: 'https://as.example.com', authorization_endpoint: 'https://as.example.com/authorize', code_challenge_methods_supported: ['S256'] };

function tx(extra: Partial<AuthorizationTransaction> = {}): AuthorizationTransaction {
  return { state: 'st-1', code_verifier: 'v'.repeat(43), issuer: 'https://as.example.com', iss_supported: true, redirect_uri: redirectUri, resource: 'https://mcp.example.com/mcp', ...extra };
}
const cb = (q: string) => `${redirectUri}?${q}`;

async function flow(o: WorldOptions, hook?: (w: ReturnType<typeof createWorld>, url: URL) => Promise<string> | string) {
  const w = createWorld(o);
  let opened = 0;
  const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: (u) => { opened++; return hook ? hook(w, u) : w.browser(u); } });
  const result = await c.fetch(w.mcp).then((r) => r.status, (e: unknown) => e);
  const tokenCalls = w.seen.filter((s) => s.url === w.state.asMetadata['token_endpoint']).length;
  return { w, result, opened: () => opened, tokenCalls };
}

describe('authorization request and callback', () => {
  it('C-AUTH-1: PKCE S256 on the authorization request, the verifier on the token request', async () => {
    let url: URL | undefined;
    const { w, result } = await flow({}, (w, u) => { url = u; return w.browser(u); });
    expect(result).toBe(200);
    expect(url!.searchParams.get('code_challenge_method')).toBe('S256');
    const verifier = new URLSearchParams(w.seen.find((s) => s.url.endsWith('/token'))!.body).get('code_verifier')!;
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await computeCodeChallenge(verifier)).toBe(url!.searchParams.get('code_challenge'));
  });

  it('C-AUTH-2: a fresh 256-bit state per request', async () => {
    const a = await buildAuthorizationUrl(as, { client, redirectUri, resource: 'r' });
    const b = await buildAuthorizationUrl(as, { client, redirectUri, resource: 'r' });
    expect(a.transaction.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.transaction.state).not.toBe(b.transaction.state);
    expect(a.url.searchParams.get('state')).toBe(a.transaction.state);
  });

  it('C-AUTH-2/A24: missing, wrong, unexpected or replayed state is rejected and the transaction is single use', async () => {
    expect(() => processCallback(cb('code=x&iss=https%3A%2F%2Fas.example.com'), tx())).toThrowError(expect.objectContaining({ code: 'StateMismatch' }));
    expect(() => processCallback(cb('code=x&state=other&iss=https%3A%2F%2Fas.example.com'), tx())).toThrowError(expect.objectContaining({ code: 'StateMismatch' }));
    expect(() => processCallback(cb('code=x&state=st-1'), undefined)).toThrowError(expect.objectContaining({ code: 'StateMismatch' }));
    const w = createWorld();
    let callback = '';
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: async (u) => { callback = await w.browser(u); return callback; } });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    const tokenCalls = w.counters.token;
    await expect(c.handleCallback(callback)).rejects.toMatchObject({ code: 'StateMismatch' });
    expect(w.counters.token).toBe(tokenCalls);
    // a wrong state also burns the pending transaction
    let pending: URL | undefined;
    const d = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: (u) => { pending = u; return cb('code=x&state=evil'); } });
    await expect(d.fetch(w.mcp)).rejects.toMatchObject({ code: 'StateMismatch' });
    await expect(d.handleCallback(cb(`code=x&state=${pending!.searchParams.get('state')}&iss=${encodeURIComponent(w.issuer)}`))).rejects.toMatchObject({ code: 'StateMismatch' });
  });

  it('C-AUTH-3/A21: iss advertised but absent → IssuerMissing, zero token requests', async () => {
    const { result, tokenCalls } = await flow({ iss: 'omit' });
    expect(result).toMatchObject({ code: 'IssuerMissing' });
    expect(tokenCalls).toBe(0);
  });

  it('C-AUTH-3/A22: iss differing in any way from the recorded issuer is rejected, errors included, without their description', async () => {
    for (const iss of ['https://evil.example.com', 'https://as.example.com/', 'HTTPS://AS.EXAMPLE.COM', 'https://as.example.com:443', 'https://as.example.com%2F']) {
      const { result, tokenCalls } = await flow({ iss });
      expect(result).toMatchObject({ code: 'IssuerMismatch' });
      expect(tokenCalls).toBe(0);
    }
    const e = (() => { try { processCallback(cb('error=access_denied&error_description=PHISH&state=st-1&iss=https://evil.example'), tx()); } catch (x) { return x; } })();
    expect(e).toMatchObject({ code: 'IssuerMismatch' });
    expect(JSON.stringify(e) + String(e)).not.toContain('PHISH');
  });

  it('C-AUTH-3/A23: iss absent and not advertised → proceeds; present, not advertised and mismatched → rejected', async () => {
    const ok = await flow({ iss: 'omit', asMetadata: { authorization_response_iss_parameter_supported: false } });
    expect(ok.result).toBe(200);
    const bad = await flow({ iss: 'https://evil.example.com', asMetadata: { authorization_response_iss_parameter_supported: undefined } });
    expect(bad.result).toMatchObject({ code: 'IssuerMismatch' });
    expect(bad.tokenCalls).toBe(0);
    const same = await flow({ asMetadata: { authorization_response_iss_parameter_supported: undefined } });
    expect(same.result).toBe(200);
  });

  it('A25: an error callback is reported by its code only; script in error_description or error_uri is never surfaced', () => {
    const q = 'error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error_uri=javascript%3Aalert(1)&state=st-1&iss=https%3A%2F%2Fas.example.com';
    const e = (() => { try { processCallback(cb(q), tx()); } catch (x) { return x as Error & { oauthError?: string }; } })()!;
    expect(e).toMatchObject({ code: 'AuthorizationDenied', oauthError: 'access_denied' });
    expect(e.message).not.toMatch(/script|javascript/);
    const weird = (() => { try { processCallback(cb('error=%3Cimg%3E&state=st-1&iss=https%3A%2F%2Fas.example.com'), tx()); } catch (x) { return x as Error & { oauthError?: string }; } })()!;
    expect(weird).toMatchObject({ code: 'AuthorizationDenied' });
    expect(weird.oauthError).toBeUndefined();
    expect(() => processCallback(cb('code=a&code=b&state=st-1&iss=https%3A%2F%2Fas.example.com'), tx())).toThrowError(expect.objectContaining({ code: 'InvalidResponse' }));
  });

  it('C-AUTH-4: resource in both requests, exactly as the PRM publishes it (no trailing slash added)', async () => {
    let url: URL | undefined;
    const { w, result } = await flow({ prmDoc: { resource: 'https://mcp.example.com' } }, (w, u) => { url = u; return w.browser(u); });
    expect(result).toBe(200);
    expect(url!.searchParams.get('resource')).toBe('https://mcp.example.com');
    expect(new URLSearchParams(w.seen.find((s) => s.url.endsWith('/token'))!.body).get('resource')).toBe('https://mcp.example.com');
  });

  it('C-AUTH-4: without PRM, the canonical server URI without fragment', async () => {
    let url: URL | undefined;
    const w = createWorld({ prm: 'none', issuer: 'https://mcp.example.com' });
    const c = createMcpOAuthClient({ serverUrl: 'https://mcp.example.com/mcp#frag', redirectUri, fetch: w.fetch, authorize: (u) => { url = u; return w.browser(u); } });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(url!.searchParams.get('resource')).toBe('https://mcp.example.com/mcp');
  });

  it('C-AUTH-5: scope from the challenge, else all of PRM scopes_supported, else omitted; offline_access only when the AS lists it', async () => {
    const scopeOf = async (o: WorldOptions) => {
      let url: URL | undefined;
      await flow(o, (w, u) => { url = u; return w.browser(u); });
      return url!.searchParams.get('scope');
    };
    expect(await scopeOf({ challengeScope: 'mcp:read', prmDoc: { scopes_supported: ['a', 'b'] } })).toBe('mcp:read');
    expect(await scopeOf({ prmDoc: { scopes_supported: ['a', 'b'] } })).toBe('a b');
    expect(await scopeOf({})).toBeNull();
    expect(await scopeOf({ prmDoc: { scopes_supported: ['a', 'offline_access'] } })).toBe('a');
    expect(await scopeOf({ prmDoc: { scopes_supported: ['a'] }, asMetadata: { scopes_supported: ['a', 'offline_access'] } })).toBe('a offline_access');
    expect(await scopeOf({ prmDoc: { scopes_supported: ['a'] }, asMetadata: { scopes_supported: ['a'] } })).toBe('a');
  });

  it('C-AUTH-6: redirect URIs must be loopback http or https', async () => {
    for (const bad of ['http://app.example.com/cb', 'myapp://cb', 'javascript:alert(1)', 'https://app.example.com/cb#x']) {
      await expect(buildAuthorizationUrl(as, { client, redirectUri: bad, resource: 'r' })).rejects.toBeInstanceOf(TypeError);
    }
    for (const good of ['http://127.0.0.1:1/cb', 'http://localhost:9/cb', 'http://[::1]:3/cb', 'https://app.example.com/cb']) {
      await expect(buildAuthorizationUrl(as, { client, redirectUri: good, resource: 'r' })).resolves.toBeDefined();
    }
  });

  it('C-AUTH-6/A29: unsafe authorization endpoints → InsecureUrl and the opener is never called', async () => {
    const bad = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'file:///C:/Windows/System32/calc.exe',
      'a:$(calc)', 'https://as.example/$(id)', 'http://as.example/authorize', '//as.example/a', 'ms-msdt:/id', 'https://as.example/a`id`', 'https://u:p@as.example/a', ' https://as.example/a'];
    for (const authorization_endpoint of bad) {
      const { result, opened } = await flow({ asMetadata: { authorization_endpoint } });
      expect(result).toMatchObject({ code: 'InsecureUrl' });
      expect(opened()).toBe(0);
      await expect(buildAuthorizationUrl({ ...as, authorization_endpoint }, { client, redirectUri, resource: 'r' })).rejects.toMatchObject({ code: 'InsecureUrl' });
    }
  });

  it('C-AUTH-7/A30: a non-loopback http token or registration endpoint is refused before any code, verifier or secret leaves', async () => {
    const t = await flow({ asMetadata: { token_endpoint: 'http://as.example.com/token' } });
    expect(t.result).toMatchObject({ code: 'InsecureUrl' });
    expect(t.w.seen.some((s) => s.url.startsWith('http://as.example.com'))).toBe(false);
    expect(t.opened()).toBe(0);
    const r = await flow({ asMetadata: { registration_endpoint: 'http://as.example.com/register' } });
    expect(r.result).toMatchObject({ code: 'InsecureUrl' });
    expect(r.w.seen.some((s) => s.method === 'POST')).toBe(false);
    const loop = await flow({ issuer: 'http://127.0.0.1:9000', mcp: 'http://127.0.0.1:9001/mcp' });
    expect(loop.result).toBe(200);
  });
});
