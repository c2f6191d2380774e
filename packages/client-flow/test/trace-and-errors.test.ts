import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ClientFlowError, createMcpOAuthClient, discoverAuthorizationServer, discoverProtectedResource, memoryStore,
  type RegistrationOptions, type TraceEvent,
} from '@mcp-oauth/client-flow';
import { createWorld, type World } from './helpers/world';

const redirectUri = 'http://127.0.0.1:8765/callback';

/** Every secret value that crossed the wire in a world: tokens, codes, verifiers, client secrets, assertions, state. */
function secretsOf(w: World, extra: string[] = []): string[] {
  const out = new Set<string>(extra);
  for (const at of w.tokens.keys()) out.add(at);
  for (const c of w.clients.values()) if (c.secret) out.add(c.secret);
  for (const s of w.seen) {
    const auth = s.headers.get('authorization');
    if (auth) out.add(auth.split(' ')[1] ?? auth);
    const dpop = s.headers.get('dpop');
    if (dpop) out.add(dpop);
    if (s.body && !s.body.startsWith('{')) {
      const form = new URLSearchParams(s.body);
      for (const k of ['code', 'code_verifier', 'refresh_token', 'client_secret', 'client_assertion', 'token']) {
        const v = form.get(k);
        if (v) out.add(v);
      }
    }
    for (const k of ['code', 'state']) {
      const v = new URL(s.url).searchParams.get(k);
      if (v) out.add(v);
    }
  }
  return [...out].filter((v) => v.length >= 4);
}

describe('errors name their URL and status; trace events carry no secret', () => {
  it('RFC 8414 §3: DiscoveryFailed names every metadata URL tried, and the last URL and status as fields and in the message', async () => {
    const w = createWorld({ asAt: 99 }); // no AS metadata URL answers
    const e = await discoverAuthorizationServer(w.issuer, { fetch: w.fetch }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClientFlowError);
    const err = e as ClientFlowError;
    expect(err.code).toBe('DiscoveryFailed');
    expect(err.urls).toEqual(w.asUrls);
    expect(err.url).toBe(w.asUrls.at(-1));
    expect(err.status).toBe(404);
    expect(err.message).toContain(`HTTP 404 from ${w.asUrls.at(-1)}`);
  });

  it('RFC 9728 §3: a resource_metadata URL that answers 404 is DiscoveryFailed with that URL (no query) and status', async () => {
    const w = createWorld();
    const hinted = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
    const e = await discoverProtectedResource(w.mcp, { fetch: async () => new Response('nope', { status: 404 }), wwwAuthenticate: `Bearer resource_metadata="${hinted}?x=1"` }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'DiscoveryFailed', url: hinted, status: 404 });
    expect((e as Error).message).toContain(`HTTP 404 from ${hinted}`);
    expect((e as Error).message).not.toContain('x=1');
  });

  it('RFC 9728 §3.3: ResourceMismatch and InvalidResponse about a metadata document name its URL and status', async () => {
    const w = createWorld({ prm: 'path', prmDoc: { resource: 'https://other.example.com/mcp' } });
    const e = await discoverProtectedResource(w.mcp, { fetch: w.fetch }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ResourceMismatch', url: w.prmPathUrl, status: 200 });
    const bad = await discoverProtectedResource(w.mcp, { fetch: async () => new Response('not json', { status: 200, headers: { 'content-type': 'application/json' } }) }).catch((x: unknown) => x);
    expect(bad).toMatchObject({ code: 'InvalidResponse', url: w.prmPathUrl, status: 200 });
    expect((bad as Error).message).toContain(w.prmPathUrl);
  });

  it('RFC 6749 §5.1: an invalid token response is InvalidResponse with the token endpoint and status; StepUpLimit names the MCP URL without its query', async () => {
    const w = createWorld();
    w.state.override = (r) => (r.url.endsWith('/token') ? new Response('{"token_type":"Bearer"}', { status: 200, headers: { 'content-type': 'application/json' } }) : undefined);
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser });
    const e = await c.fetch(w.mcp).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'InvalidResponse', url: `${w.issuer}/token`, status: 200 });

    const s = createWorld({ requiredScopes: ['mcp:admin'] });
    s.state.override = (r) => (r.url.startsWith(s.mcp.href) && r.headers.has('authorization')
      ? new Response('{}', { status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="mcp:admin"' } }) : undefined);
    const d = createMcpOAuthClient({ serverUrl: s.mcp, redirectUri, fetch: s.fetch, authorize: s.browser });
    const limit = await d.fetch(`${s.mcp.href}?session=secret-ish`).catch((x: unknown) => x);
    expect(limit).toMatchObject({ code: 'StepUpLimit', url: s.mcp.href, status: 403 });
    expect((limit as Error).message).not.toContain('session=');
  });

  it('C-REG-1/C-TOK-2/C-TOK-3: trace shows the discovery URLs tried with their statuses, the registration path, why a refresh, and step-up scopes', async () => {
    let t = 1_000_000_000_000;
    const w = createWorld({ prm: 'root', tokenTtl: 100, now: () => t, prmDoc: { scopes_supported: ['mcp:read'] } });
    const events: TraceEvent[] = [];
    const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, now: () => t, trace: (e) => events.push(e) });
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(events).toContainEqual({ type: 'http', method: 'GET', url: w.prmPathUrl, status: 404 });
    expect(events).toContainEqual({ type: 'http', method: 'GET', url: w.prmRootUrl, status: 200 });
    expect(events).toContainEqual({ type: 'registration', reason: 'dcr' });
    expect(events).toContainEqual({ type: 'authorize', reason: '401', scope: 'mcp:read' });
    expect(events).toContainEqual({ type: 'http', method: 'POST', url: `${w.issuer}/token`, status: 200 });
    t += 200_000;
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(events).toContainEqual({ type: 'refresh', reason: 'expiring' });
    w.state.required = ['mcp:write'];
    expect((await c.fetch(w.mcp)).status).toBe(200);
    expect(events).toContainEqual({ type: 'authorize', reason: '403', scope: 'mcp:read mcp:write' });
    expect(events).toContainEqual({ type: 'http', method: 'GET', url: w.mcp.href, status: 403 });
  });

  it('A-AUDIT-1 (client side): property: over any full flow (discovery layout, registration path, auth method, refresh, step-up, logout) no secret value appears in any trace event', async () => {
    await fc.assert(fc.asyncProperty(
      fc.record({
        prm: fc.constantFrom('header' as const, 'path' as const, 'root' as const),
        asAt: fc.nat({ max: 1 }),
        method: fc.constantFrom('none', 'client_secret_basic', 'client_secret_post'),
        preRegistered: fc.boolean(),
        expireFirst: fc.boolean(),
        revokeAccess: fc.boolean(),
        stepUp: fc.boolean(),
      }),
      async (p) => {
        let t = 1_000_000_000_000;
        const w = createWorld({ prm: p.prm, asAt: p.asAt, tokenTtl: 100, now: () => t });
        const extra: string[] = [];
        let registration: RegistrationOptions = { tokenEndpointAuthMethod: p.method as 'none' };
        if (p.preRegistered && p.method !== 'none') {
          w.clients.set('pre-client', { method: p.method, secret: 'pre-registered-secret-value', body: {} });
          registration = { preRegistered: { client_id: 'pre-client', client_secret: 'pre-registered-secret-value', token_endpoint_auth_method: p.method as 'client_secret_post', issuer: w.issuer } };
          extra.push('pre-registered-secret-value');
        }
        const events: TraceEvent[] = [];
        const c = createMcpOAuthClient({ serverUrl: w.mcp, redirectUri, fetch: w.fetch, authorize: w.browser, now: () => t, store: memoryStore(), registration, trace: (e) => events.push(e) });
        expect((await c.fetch(w.mcp)).status).toBe(200);
        if (p.expireFirst) t += 200_000;
        if (p.revokeAccess) w.tokens.clear(); // next request: 401 invalid_token → refresh
        expect((await c.fetch(w.mcp)).status).toBe(200);
        if (p.stepUp) {
          w.state.required = ['mcp:write'];
          expect((await c.fetch(w.mcp)).status).toBe(200);
        }
        const before = secretsOf(w, extra); // live tokens, before logout revokes them
        await c.logout();
        const values = events.flatMap((e) => Object.values(e).map(String));
        const secrets = [...new Set([...before, ...secretsOf(w, extra)])];
        expect(secrets.length).toBeGreaterThan(2); // the flow did carry secrets
        for (const s of secrets) for (const v of values) expect(v).not.toContain(s);
        expect(events.some((e) => e.type === 'http')).toBe(true);
      },
    ), { numRuns: 40 });
  });
});
