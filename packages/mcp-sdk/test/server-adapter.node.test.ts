import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { createMcpOAuthClient } from '@mcp-oauth/client-flow';
import { principalOf } from '@mcp-oauth/mcp-sdk';
import { sdkTokenVerifier } from '@mcp-oauth/mcp-sdk/v1';
import { followAuthorization, startFixture, type Fixture } from './fixture';

const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
const call = (name: string, args: Record<string, unknown> = {}): string => JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: args } });

async function tokenFor(f: Fixture, scope = 'mcp:tools'): Promise<string> {
  const oauth = createMcpOAuthClient({ serverUrl: f.resource, redirectUri: 'http://127.0.0.1:53684/callback', registration: { clientName: 't', scope: 'mcp:tools mcp:exec:*' }, authorize: followAuthorization });
  return (await oauth.authorize(scope)).access_token;
}

function post(f: Fixture, body: string, token?: string, path = '/mcp'): Promise<Response> {
  return fetch(f.origin + path, {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}


describe('bearerAuth + requireToolScopes (Express, real HTTP)', () => {
  let f: Fixture;
  let token: string;
  beforeAll(async () => { f = await startFixture(); token = await tokenFor(f); });
  afterAll(() => f.close());

  it('R-PRM-2: no credentials → 401 with resource_metadata and scope, and no error code (RFC 6750 §3.1)', async () => {
    const res = await post(f, INIT);
    expect(res.status).toBe(401);
    const www = res.headers.get('www-authenticate')!;
    expect(www).toContain(`resource_metadata="${f.rs.metadataUrl}"`);
    expect(www).toContain('scope="mcp:tools"');
    expect(www).not.toContain('error=');
  });

  it('R-PRM-1: the PRM document and the AS metadata are served beside the MCP endpoint', async () => {
    const prm = (await (await fetch(f.rs.metadataUrl)).json()) as { resource: string; authorization_servers: string[] };
    expect(prm).toMatchObject({ resource: f.resource, authorization_servers: [f.origin] });
    const asm = (await (await fetch(`${f.origin}/.well-known/oauth-authorization-server`)).json()) as { issuer: string };
    expect(asm.issuer).toBe(f.origin);
  });

  it('R-TOK-1: a token that is not ours → 401 invalid_token', async () => {
    const res = await post(f, INIT, 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('R-TOK-5: a token in the query string → 400 invalid_request, even beside a valid header', async () => {
    const res = await post(f, INIT, token, `/mcp?access_token=${token}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it('R-TOK-1: a valid token reaches the SDK transport; tools see AuthInfo and the principal', async () => {
    const res = await post(f, call('whoami'), token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { content: { text: string }[] } };
    expect(JSON.parse(body.result.content[0]!.text)).toMatchObject({ subject: 'alice', scopes: ['mcp:tools'] });
  });

  it('R-TOK-4: a tool needing a wider scope → 403 insufficient_scope naming every needed scope, batch included', async () => {
    const res = await post(f, `[${call('whoami')},${call('run_workflow', { name: 'x' })}]`, token);
    expect(res.status).toBe(403);
    const www = res.headers.get('www-authenticate')!;
    expect(www).toContain('error="insufficient_scope"');
    expect(www).toContain('scope="mcp:exec:workflows:run"');
    expect(www).toContain(`resource_metadata="${f.rs.metadataUrl}"`);
  });

  it('R-TOK-4: scope hierarchy: a token with mcp:exec:* may call the tool that needs mcp:exec:workflows:run', async () => {
    const wide = await tokenFor(f, 'mcp:tools mcp:exec:*');
    const res = await post(f, call('run_workflow', { name: 'x' }), wide);
    expect(res.status).toBe(200);
  });

});

describe("sdkTokenVerifier behind the SDK's own requireBearerAuth", () => {
  let f: Fixture;
  let token: string;
  beforeAll(async () => { f = await startFixture({ sdkMiddleware: true }); token = await tokenFor(f); });
  afterAll(() => f.close());

  it('R-TOK-1: a valid token passes the SDK middleware and the tool runs', async () => {
    const res = await post(f, call('whoami'), token);
    expect(res.status).toBe(200);
  });

  it('R-TOK-1: an invalid token is the SDK 401 invalid_token', async () => {
    const res = await post(f, INIT, 'not-a-jwt');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('R-TOK-2: a token checked for another resource is rejected (audience exact)', async () => {
    const other = sdkTokenVerifier({ resource: `${f.resource}/`, verifier: f.as.verifier() });
    await expect(other.verifyAccessToken(token)).rejects.toBeInstanceOf(InvalidTokenError);
    const ok = await sdkTokenVerifier({ resource: f.resource, verifier: f.as.verifier() }).verifyAccessToken(token);
    expect(ok).toMatchObject({ token, scopes: ['mcp:tools'], resource: new URL(f.resource) });
    expect(principalOf(ok)?.issuer).toBe(f.origin);
  });

});
