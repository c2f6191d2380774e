// The SDK's OWN OAuth client (auth() behind StreamableHTTPClientTransport's authProvider) against
// server-flow's authorization server: interoperability of our AS with the most used MCP client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, auth, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { followAuthorization, startFixture, type Fixture } from './fixture';

const redirectUri = 'http://127.0.0.1:53683/callback';

/** A plain in-memory provider, as the SDK's examples write one; the "browser" follows the redirects headlessly. */
class MemoryProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  expectedState = '';
  callback: URL | undefined;
  readonly authorizationUrls: URL[] = [];
  get redirectUrl(): string { return redirectUri; }
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: 'SDK stock client', redirect_uris: [redirectUri], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }
  state(): string { this.expectedState = crypto.randomUUID(); return this.expectedState; }
  clientInformation(): OAuthClientInformationMixed | undefined { return this.info; }
  saveClientInformation(info: OAuthClientInformationMixed): void { this.info = info; }
  tokens(): OAuthTokens | undefined { return this.saved; }
  saveTokens(tokens: OAuthTokens): void { this.saved = tokens; }
  async redirectToAuthorization(url: URL): Promise<void> { this.authorizationUrls.push(url); this.callback = new URL(await followAuthorization(url)); }
  saveCodeVerifier(v: string): void { this.verifier = v; }
  codeVerifier(): string { return this.verifier; }
  /** What an app does on its redirect URI: check state (and, as RFC 9207 asks, iss), take the code. */
  code(issuer: string): string {
    const cb = this.callback!;
    if (cb.searchParams.get('state') !== this.expectedState) throw new Error('state mismatch');
    if (cb.searchParams.get('iss') !== issuer) throw new Error('iss mismatch');
    return cb.searchParams.get('code')!;
  }
}

let f: Fixture;
beforeAll(async () => { f = await startFixture(); });
afterAll(() => f.close());

async function authorizeWithStockClient(provider: MemoryProvider): Promise<void> {
  const first = new StreamableHTTPClientTransport(new URL(f.resource), { authProvider: provider });
  await expect(new Client({ name: 'stock', version: '1.0.0' }).connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
  await first.finishAuth(provider.code(f.origin));
}

describe("the SDK's stock OAuth client against server-flow's authorization server", () => {
  it('A-MD-1: discovery, DCR, PKCE authorization with state and iss, token, then a tool call', async () => {
    const provider = new MemoryProvider();
    await authorizeWithStockClient(provider);
    const url = provider.authorizationUrls[0]!;
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(f.resource);
    expect(provider.saved?.access_token).toBeTypeOf('string');
    const client = new Client({ name: 'stock', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(f.resource), { authProvider: provider }));
    const result = (await client.callTool({ name: 'whoami', arguments: {} })) as { content: { text: string }[] };
    expect(JSON.parse(result.content[0]!.text)).toMatchObject({ subject: 'alice', client: provider.info?.client_id });
    await client.close();
  });

  it('A-RT-1: the stock client refreshes after the access token is rejected, and the rotated refresh token replaces the old one', async () => {
    const provider = new MemoryProvider();
    await authorizeWithStockClient(provider);
    const first = provider.saved!;
    expect(first.refresh_token).toBeTypeOf('string');
    // an access token the resource rejects (not signed by the AS) makes the SDK refresh
    provider.saved = { ...first, access_token: 'not.a.token' };
    const client = new Client({ name: 'stock', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(f.resource), { authProvider: provider }));
    expect(provider.saved.refresh_token).not.toBe(first.refresh_token);
    expect(provider.saved.access_token).not.toBe('not.a.token');
    await client.close();
  });

  it('C-TOK-3: SDK 1.32.2 defect pinned: on 403 insufficient_scope it refreshes (which cannot widen scope, RFC 6749 §6) and gives up', async () => {
    const provider = new MemoryProvider();
    await authorizeWithStockClient(provider);
    const client = new Client({ name: 'stock', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(f.resource), { authProvider: provider }));
    const before = f.audit.filter((e) => e.type === 'token.refreshed').length;
    const error = await client.callTool({ name: 'run_workflow', arguments: { name: 'x' } }).then(() => undefined, (e: unknown) => e);
    expect((error as { code?: number }).code).toBe(403);
    expect(provider.authorizationUrls).toHaveLength(1); // no step-up authorization was started
    expect(f.audit.filter((e) => e.type === 'token.refreshed').length).toBe(before + 1);
    // and our AS kept the refreshed grant at the scopes the user consented to
    expect(provider.saved?.scope).toBe('mcp:tools');
    await client.close();
  });

  it('C-TOK-3: workaround for the stock client: drop the tokens, then auth() with the union of scopes; the registration stays valid', async () => {
    const provider = new MemoryProvider();
    await authorizeWithStockClient(provider);
    const union = `${provider.saved!.scope} mcp:exec:workflows:run`;
    const clientId = provider.info?.client_id;
    // The SDK registered with the first challenge's scope; server-flow does not cap a DCR client
    // at its registered scope (docs/decisions.md), so no new registration is needed.
    provider.saved = undefined; // else auth() refreshes instead of authorizing
    expect(await auth(provider, { serverUrl: f.resource, scope: union })).toBe('REDIRECT');
    expect(await auth(provider, { serverUrl: f.resource, authorizationCode: provider.code(f.origin) })).toBe('AUTHORIZED');
    expect(provider.authorizationUrls[1]!.searchParams.get('scope')).toBe(union);
    expect(provider.info?.client_id).toBe(clientId);
    const client = new Client({ name: 'stock', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(f.resource), { authProvider: provider }));
    const result = (await client.callTool({ name: 'run_workflow', arguments: { name: 'x' } })) as { content: { text: string }[] };
    expect(result.content[0]!.text).toBe('workflow x started');
    await client.close();
  });
});
