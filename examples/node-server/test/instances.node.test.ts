// Issue #13 part 7: two processes of examples/node-server share one Redis (MCP_OAUTH_STORE) behind
// a round-robin balancer, with the balancer's origin as their public URL (MCP_OAUTH_PUBLIC_URL).
// Every step of a flow may land on either instance; every MUST still holds, and the races that
// matter (one code, one refresh token) are run across the two instances.
// JWT access tokens verify on the other instance only when the signing key is in the store too
// (branch `keys`); opaque tokens are introspected against the shared store.
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../packages/store-redis/test/redis-server.ts';
import { startBalancer, type Balancer } from '../../shared/test/balancer.ts';
import { authorize, callMcp, fullFlow, redeem, refresh, register } from '../../shared/test/raw-flow.ts';
import { freePort, startNodeServer, stopExample } from '../../shared/test/node-example.ts';
import type { Started } from '../../shared/test/support.ts';
import { stockProvider } from '../../shared/test/sdk-provider.ts';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
let redis: RedisServer | undefined;
beforeAll(async () => { redis = await startRedisServer(); });
afterAll(async () => { await redis?.stop(); });

describe.each(['opaque', 'jwt'] as const)('examples/node-server: two instances on one Redis behind a round-robin balancer (%s access tokens)', (format) => {
  const instances: Started[] = [];
  let balancer: Balancer | undefined;
  let ports: number[] = [];
  let origin = '';
  let mcpUrl = '';
  const direct = (i: number): string => `http://127.0.0.1:${ports[i]}`;

  beforeAll(async () => {
    const publicPort = await freePort();
    origin = `http://127.0.0.1:${publicPort}`;
    mcpUrl = `${origin}/mcp`;
    ports = [await freePort(), await freePort()];
    const env = { MCP_OAUTH_STORE: `${redis!.url}/${format === 'jwt' ? 1 : 2}`, MCP_OAUTH_PUBLIC_URL: origin, MCP_OAUTH_TOKEN_FORMAT: format };
    for (const port of ports) instances.push(await startNodeServer(port, env));
    balancer = await startBalancer(ports, publicPort);
  });
  afterAll(async () => {
    await balancer?.close();
    for (const s of instances) await stopExample(s);
  });

  it('A-CODE-1, A-RT-1, R-TOK-1: register, authorize, token, MCP call and refresh alternate between the instances through the balancer and all succeed', async () => {
    for (const s of instances) expect(s.output()).toContain(`MCP server: ${mcpUrl}`);
    const from = balancer!.served.length;
    const clientId = await register(origin);
    const { code, verifier } = await authorize(origin, clientId, mcpUrl);
    const token = await redeem(origin, clientId, mcpUrl, code, verifier);
    expect(token.status).toBe(200);
    expect(await callMcp(mcpUrl, token.body.access_token)).toBe(200);
    const rotated = await refresh(origin, clientId, mcpUrl, token.body.refresh_token);
    expect(rotated.status).toBe(200);
    expect(await callMcp(mcpUrl, rotated.body.access_token)).toBe(200);
    expect(await callMcp(mcpUrl, rotated.body.access_token)).toBe(200);
    const steps = balancer!.served.slice(from);
    expect(steps.map((s) => s.path)).toEqual(['/register', '/authorize', '/token', '/mcp', '/token', '/mcp', '/mcp']);
    // consecutive steps on different instances
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.backend).not.toBe(steps[i - 1]!.backend);
  });

  it('A-CODE-1: one code redeemed on both instances at once gives exactly one token, and the second use ends what the first issued', async () => {
    const clientId = await register(direct(0));
    const { code, verifier } = await authorize(direct(1), clientId, mcpUrl);
    const both = await Promise.all([redeem(direct(0), clientId, mcpUrl, code, verifier), redeem(direct(1), clientId, mcpUrl, code, verifier)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    const won = both.find((r) => r.status === 200)!;
    expect(both.find((r) => r.status === 400)!.body.error).toBe('invalid_grant');
    const again = await refresh(direct(0), clientId, mcpUrl, won.body.refresh_token);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('A-RT-1: a refresh token rotated on one instance and replayed on the other is detected and ends the grant on both', async () => {
    const { clientId, tokens } = await fullFlow([direct(0), direct(1)], mcpUrl);
    const rotated = await refresh(direct(0), clientId, mcpUrl, tokens.refresh_token);
    const rotatedAt = Date.now();
    expect(rotated.status).toBe(200);
    // a replay (past server-flow's 2 s grace for concurrent refreshes, REUSE_GRACE_MS) on the other instance
    await new Promise((r) => setTimeout(r, Math.max(0, rotatedAt + 2300 - Date.now())));
    const replay = await refresh(direct(1), clientId, mcpUrl, tokens.refresh_token);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    for (const i of [0, 1]) {
      const after = await refresh(direct(i), clientId, mcpUrl, rotated.body.refresh_token);
      expect(after.status).toBe(400);
      expect(after.body.error).toBe('invalid_grant');
    }
    if (format === 'opaque') for (const i of [0, 1]) expect(await callMcp(`${direct(i)}/mcp`, rotated.body.access_token)).toBe(401);
  });

  it('C-REG-3: the official SDK stock OAuth client registers, authorizes, and calls a tool through the balancer', async () => {
    const sdk = (p: string): Promise<Record<string, any>> => import(pathToFileURL(join(exampleDir, 'node_modules/@modelcontextprotocol/sdk/dist/esm', p)).href);
    const { Client } = await sdk('client/index.js');
    const { StreamableHTTPClientTransport } = await sdk('client/streamableHttp.js');
    const { UnauthorizedError } = await sdk('client/auth.js');
    const { provider, callbacks, code } = stockProvider();
    const from = balancer!.served.length;
    const url = new URL(mcpUrl);
    const first = new StreamableHTTPClientTransport(url, { authProvider: provider });
    await expect(new Client({ name: 't', version: '1' }).connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
    for (const back of callbacks) expect(back.searchParams.get('iss')).toBe(origin);
    expect(code()).toBeTruthy();
    await first.finishAuth(code());
    const client = new Client({ name: 't', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
    const who = await client.callTool({ name: 'whoami', arguments: {} });
    expect(JSON.parse(who.content[0].text).subject).toBe('demo-user');
    await client.close();
    expect(new Set(balancer!.served.slice(from).map((s) => s.backend))).toEqual(new Set([0, 1]));
  });
});
