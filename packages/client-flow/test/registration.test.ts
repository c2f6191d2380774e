import { describe, expect, it } from 'vitest';
import { ClientFlowError, createMcpOAuthClient, memoryStore, registerClient, type ClientCredentials } from '@mcp-oauth/client-flow';
import { createWorld } from './helpers/world';

const redirectUri = 'http://127.0.0.1:8765/callback';
const as = (extra: Record<string, unknown> = {}) => ({ issuer: 'https://as.example.com', code_challenge_methods_supported: ['S256'], ...extra });

describe('registration', () => {
  it('C-REG-1: pre-registered credentials for the issuer win; no registration request is made', async () => {
    const w = createWorld({ asMetadata: { client_id_metadata_document_supported: true } });
    w.clients.set('pre-1', { method: 'none', body: {} });
    const c = createMcpOAuthClient({
      serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser,
      registration: { preRegistered: { client_id: 'pre-1', token_endpoint_auth_method: 'none', issuer: w.issuer }, clientMetadataUrl: 'https://app.example.com/client.json' },
    });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(w.counters.register).toBe(0);
    expect(new URLSearchParams(w.seen.find((s) => s.url.endsWith('/token'))!.body).get('client_id')).toBe('pre-1');
  });

  it('C-REG-1: CIMD when the AS supports it, DCR otherwise, and RegistrationUnavailable when neither', async () => {
    const cimd = 'https://app.example.com/oauth/client.json';
    expect(await registerClient(as({ client_id_metadata_document_supported: true, registration_endpoint: 'https://as.example.com/r' }), { clientMetadataUrl: cimd }))
      .toEqual({ client_id: cimd, token_endpoint_auth_method: 'none' });
    const w = createWorld();
    const dcr = await registerClient(w.state.asMetadata as never, { clientMetadataUrl: cimd, redirectUris: [redirectUri], fetch: w.fetch });
    expect(dcr.client_id).toMatch(/^as-client-/);
    await expect(registerClient(as(), { clientMetadataUrl: cimd })).rejects.toMatchObject({ code: 'RegistrationUnavailable' });
    const other = { client_id: 'x', token_endpoint_auth_method: 'none' as const, issuer: 'https://other.example' };
    await expect(registerClient(as(), { preRegistered: other })).rejects.toMatchObject({ code: 'RegistrationUnavailable' });
  });

  it('C-REG-2: the CIMD client_id must be an https URL with a path', async () => {
    for (const bad of ['http://app.example.com/c.json', 'https://app.example.com', 'https://app.example.com/', 'https://app.example.com/c#x', 'app.example.com/c']) {
      await expect(registerClient(as({ client_id_metadata_document_supported: true }), { clientMetadataUrl: bad })).rejects.toBeInstanceOf(TypeError);
    }
  });

  it('C-REG-3: DCR sends application_type, redirect_uris and grant_types with refresh_token; failures are coded', async () => {
    const w = createWorld();
    await registerClient(w.state.asMetadata as never, { redirectUris: [redirectUri], fetch: w.fetch });
    await registerClient(w.state.asMetadata as never, { redirectUris: ['https://app.example.com/cb'], fetch: w.fetch });
    const bodies = w.seen.map((s) => JSON.parse(s.body) as Record<string, unknown>);
    expect(bodies[0]).toMatchObject({ application_type: 'native', redirect_uris: [redirectUri], response_types: ['code'] });
    expect(bodies[0]!.grant_types).toEqual(['authorization_code', 'refresh_token']);
    expect(bodies[1]).toMatchObject({ application_type: 'web' });
    w.state.override = () => new Response('{"error":"invalid_redirect_uri","error_description":"<b>secret-ish</b>"}', { status: 400 });
    const e = await registerClient(w.state.asMetadata as never, { redirectUris: [redirectUri], fetch: w.fetch }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'RegistrationFailed', oauthError: 'invalid_redirect_uri' });
    expect((e as Error).message).not.toContain('secret-ish');
  });

  it('C-REG-4/A34: when PRM switches from AS1 to AS2, nothing from AS1 reaches AS2 and the client registers again', async () => {
    const w = createWorld({ prmDoc: { authorization_servers: ['https://as.example.com'] } });
    const store = memoryStore();
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, store });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    const as1 = (await c.tokens())!;
    const as1Client = [...w.clients.keys()][0]!;
    // AS2: the same fake on another origin; its tokens are not accepted by AS1's resource check.
    const w2 = createWorld({ issuer: 'https://as2.example.com' });
    const both = async (input: Request | string | URL, init?: RequestInit) =>
      new Request(input, init).url.startsWith('https://as2.example.com') ? w2.fetch(input, init) : w.fetch(input, init);
    w.state.prmDoc = { resource: w.mcp.href, authorization_servers: ['https://as2.example.com'] };
    w.tokens.clear();
    w.state.override = (r) => {
      const auth = r.headers.get('authorization');
      if (r.url === w.mcp.href && auth && w2.tokens.has(auth.slice(7))) return new Response('{"as2":true}');
      return undefined;
    };
    const c2 = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: both, authorize: w2.browser, store });
    const res = await c2.fetch(w.mcp);
    expect(await res.json()).toEqual({ as2: true });
    expect(w2.counters.register).toBe(1);
    for (const s of w2.seen) {
      expect(s.body + s.url + [...s.headers.values()].join()).not.toContain(as1Client);
      expect(s.body).not.toContain(as1.refresh_token!);
      expect(s.body).not.toContain(as1.access_token);
    }
    expect((await c2.tokens())!.issuer).toBe('https://as2.example.com');
  });

  it('C-REG-4: a stored registration whose secret has expired is replaced by a new registration', async () => {
    const w = createWorld();
    const store = memoryStore();
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, store, registration: { tokenEndpointAuthMethod: 'client_secret_basic' } });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    const key = { server: w.mcp.href, issuer: w.issuer };
    const record = (await store.load(key))!;
    await store.save(key, { issuer: record.issuer, client: { ...record.client!, client_secret_expires_at: 1 } });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(w.counters.register).toBe(2);
  });

  it('C-REG-5: the token endpoint auth method is the registered one', async () => {
    for (const method of ['client_secret_basic', 'client_secret_post', 'none'] as const) {
      const w = createWorld();
      const client: ClientCredentials = { client_id: 'c1', token_endpoint_auth_method: method, ...(method === 'none' ? {} : { client_secret: 's e/cret' }) };
      w.clients.set('c1', { method, body: {}, ...(client.client_secret ? { secret: client.client_secret } : {}) });
      const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, registration: { preRegistered: client } });
      expect((await c.fetch(w.mcp)).status).toBe(200);
      const tokenReq = w.seen.find((s) => s.url.endsWith('/token'))!;
      const form = new URLSearchParams(tokenReq.body);
      expect(tokenReq.headers.has('authorization')).toBe(method === 'client_secret_basic');
      expect(form.get('client_secret')).toBe(method === 'client_secret_post' ? 's e/cret' : null);
      expect(form.get('client_id')).toBe(method === 'client_secret_basic' ? null : 'c1');
    }
  });

  it('C-REG-5: DCR without a returned method uses client_secret_basic for a secret, none otherwise', async () => {
    const ok = (body: unknown) => async () => new Response(JSON.stringify(body), { status: 201, headers: { 'content-type': 'application/json' } });
    const meta = as({ registration_endpoint: 'https://as.example.com/register' });
    expect((await registerClient(meta, { fetch: ok({ client_id: 'a', client_secret: 's' }) })).token_endpoint_auth_method).toBe('client_secret_basic');
    expect((await registerClient({ ...meta, token_endpoint_auth_methods_supported: ['client_secret_post'] }, { fetch: ok({ client_id: 'a', client_secret: 's' }) })).token_endpoint_auth_method).toBe('client_secret_post');
    expect((await registerClient(meta, { fetch: ok({ client_id: 'a' }) })).token_endpoint_auth_method).toBe('none');
    await expect(registerClient(meta, { fetch: ok({ client_id: 5 }) })).rejects.toMatchObject({ code: 'InvalidResponse' });
  });
  it('C-REG-3: RegistrationFailed keeps the error, a bounded and sanitised error_description, the URL and the status; no secret in it', async () => {
    const w = createWorld();
    const description = `redirect_uri\u0000 not\u001b[31m allowed\u202e\n${'x'.repeat(500)}`;
    w.state.override = (r) => (new URL(r.url).pathname === '/register'
      ? new Response(JSON.stringify({ error: 'invalid_redirect_uri', error_description: description }), { status: 400, headers: { 'content-type': 'application/json' } }) : undefined);
    const e = await registerClient(w.state.asMetadata as never, { redirectUris: [redirectUri], fetch: w.fetch, extraMetadata: { software_statement: 'sst-secret-value' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClientFlowError);
    const err = e as ClientFlowError;
    expect(err).toMatchObject({ code: 'RegistrationFailed', oauthError: 'invalid_redirect_uri', status: 400, url: 'https://as.example.com/register' });
    expect(err.errorDescription).toMatch(/^redirect_uri not\[31m allowedx+$/);
    expect(err.errorDescription!.length).toBe(200);
    expect(err.message).toContain('https://as.example.com/register');
    expect(err.message).toContain('400');
    expect(err.message).not.toContain('allowed'); // the server's words stay in errorDescription
    expect(err.message).not.toContain('sst-secret-value');
    // a query on the endpoint is never repeated
    const q = await registerClient({ ...w.state.asMetadata, registration_endpoint: 'https://as.example.com/register?token=abc' } as never, { fetch: w.fetch }).catch((x: unknown) => x);
    expect(q).toMatchObject({ code: 'RegistrationFailed', url: 'https://as.example.com/register' });
    expect((q as Error).message).not.toContain('abc');
    // a non-JSON refusal still names the URL and status
    w.state.override = () => new Response('<html>oops</html>', { status: 503 });
    const h = await registerClient(w.state.asMetadata as never, { fetch: w.fetch }).catch((x: unknown) => x);
    expect(h).toMatchObject({ code: 'RegistrationFailed', status: 503, url: 'https://as.example.com/register' });
    expect((h as ClientFlowError).oauthError).toBeUndefined();
    expect((h as ClientFlowError).errorDescription).toBeUndefined();
  });

  it('C-REG-3: without any authorization-server metadata, a 404 at the 2025-03-26 fallback /register is DiscoveryFailed listing the metadata URLs tried', async () => {
    const w = createWorld({ prm: 'none', issuer: 'https://mcp.example.com' });
    w.state.override = (r) => (new URL(r.url).pathname.startsWith('/.well-known/') || r.url.endsWith('/register') ? new Response('nope', { status: 404 }) : undefined);
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    const e = await c.fetch(w.mcp).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClientFlowError);
    const err = e as ClientFlowError;
    expect(err.code).toBe('DiscoveryFailed');
    const tried = ['https://mcp.example.com/.well-known/oauth-authorization-server', 'https://mcp.example.com/.well-known/openid-configuration'];
    expect(err.urls).toEqual(tried);
    expect(err).toMatchObject({ url: 'https://mcp.example.com/register', status: 404 });
    for (const u of tried) expect(err.message).toContain(u);
    // with metadata found, a 404 at its registration endpoint stays RegistrationFailed
    const m = createWorld();
    m.state.override = (r) => (r.url.endsWith('/register') ? new Response('nope', { status: 404 }) : undefined);
    const c2 = createMcpOAuthClient({ serverUrl: m.mcp, redirectUri, fetch: m.fetch, authorize: m.browser });
    await expect(c2.fetch(m.mcp)).rejects.toMatchObject({ code: 'RegistrationFailed', status: 404 });
  });

  it('C-ASM-2: DiscoveryFailed names the authorization-server metadata URLs it tried', async () => {
    const { discoverAuthorizationServer } = await import('@mcp-oauth/client-flow');
    const e = await discoverAuthorizationServer('https://as.example.com', { fetch: async () => new Response('', { status: 404 }) }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'DiscoveryFailed', urls: ['https://as.example.com/.well-known/oauth-authorization-server', 'https://as.example.com/.well-known/openid-configuration'] });
  });

  /** One MCP server whose PRM can move from AS 1 to AS 2; each AS is its own fake, observing its requests. */
  function twoAuthorizationServers() {
    const w1 = createWorld();
    const w2 = createWorld({ issuer: 'https://as2.example.com' });
    const fetch = async (input: Request | string | URL, init?: RequestInit) =>
      new Request(input, init).url.startsWith('https://as2.example.com') ? w2.fetch(input, init) : w1.fetch(input, init);
    const moveToAs2 = () => {
      w1.state.prmDoc = { resource: w1.mcp.href, authorization_servers: ['https://as2.example.com'] };
      w1.tokens.clear();
    };
    return { w1, w2, fetch, moveToAs2 };
  }

  it('A87: a --client-id given without an issuer, used with AS 1, is never sent to AS 2 after the resource moves: ClientIssuerMismatch', async () => {
    const { w1, w2, fetch, moveToAs2 } = twoAuthorizationServers();
    const store = memoryStore();
    w1.clients.set('hand-made', { method: 'client_secret_basic', secret: 'hand-secret', body: {} });
    const registration = { preRegistered: { client_id: 'hand-made', client_secret: 'hand-secret', token_endpoint_auth_method: 'client_secret_basic' as const } };
    const c1 = createMcpOAuthClient({ serverUrl: w1.mcp, redirectUri, fetch, authorize: w1.browser, store, registration });
    expect((await c1.fetch(w1.mcp)).status).toBe(200);
    moveToAs2();
    // a new process with the same store and the same command line
    const c2 = createMcpOAuthClient({ serverUrl: w1.mcp, redirectUri, fetch, authorize: w2.browser, store, registration });
    const e = await c2.fetch(w1.mcp).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClientFlowError);
    expect((e as ClientFlowError).code).toBe('ClientIssuerMismatch');
    expect(w2.counters.authorize + w2.counters.token + w2.counters.register).toBe(0);
    for (const r of w2.seen) {
      expect(r.method).toBe('GET'); // metadata only
      expect(r.url + r.body + [...r.headers.values()].join(' ')).not.toMatch(/hand-made|hand-secret|aGFuZC1tYWRl/);
    }
    expect((e as Error).message).not.toContain('hand-secret');
  });

  it('C-REG-6: a pre-registered client without an issuer binds to the first issuer in the store; with an explicit issuer it is used there only', async () => {
    const { w1, w2, fetch, moveToAs2 } = twoAuthorizationServers();
    const store = memoryStore();
    w1.clients.set('pre-x', { method: 'none', body: {} });
    const registration = { preRegistered: { client_id: 'pre-x', token_endpoint_auth_method: 'none' as const } };
    const c1 = createMcpOAuthClient({ serverUrl: w1.mcp, redirectUri, fetch, authorize: w1.browser, store, registration });
    expect((await c1.fetch(w1.mcp)).status).toBe(200);
    // the binding is recorded in the store: any client over this store honours it
    expect(await store.load({ server: 'urn:mcp-oauth:client:pre-x', issuer: '' })).toEqual({ issuer: w1.issuer });
    moveToAs2();
    const c2 = createMcpOAuthClient({ serverUrl: w1.mcp, redirectUri, fetch, authorize: w2.browser, store, registration });
    await expect(c2.authorize()).rejects.toMatchObject({ code: 'ClientIssuerMismatch' });
    expect(w2.seen.filter((r) => r.method !== 'GET')).toEqual([]);
    // given with AS 2's issuer, the same id (registered there too) is used at AS 2, and the binding is not consulted
    w2.clients.set('pre-x', { method: 'none', body: {} });
    const bound = { preRegistered: [{ ...registration.preRegistered, issuer: 'https://as2.example.com' }] };
    const c3 = createMcpOAuthClient({ serverUrl: w1.mcp, redirectUri, fetch, authorize: w2.browser, store, registration: bound });
    expect((await c3.authorize()).issuer).toBe('https://as2.example.com');
    expect(w2.counters.register).toBe(0);
    // an id bound to AS 1 in another store (another user) is free there
    const c4 = createMcpOAuthClient({ serverUrl: w1.mcp, redirectUri, fetch, authorize: w2.browser, store: memoryStore(), registration });
    expect((await c4.authorize()).issuer).toBe('https://as2.example.com');
  });
});
