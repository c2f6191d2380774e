import { describe, expect, it } from 'vitest';
import { createMcpOAuthClient, memoryStore, registerClient, type ClientCredentials } from '@mcp-oauth/client-flow';
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
});
