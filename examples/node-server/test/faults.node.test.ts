// Issue #13 part 8: the store fails under the server. Redis becomes unreachable mid-run (every
// connection to it cut, then restored with its data); the SQLite process is killed mid-load.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../packages/store-redis/test/redis-server.ts';
import { authorize, callMcp, codeFlow, fullFlow, postForm, redeem, refresh, register, type Tokens } from '../../shared/test/raw-flow.ts';
import { freePort, killNodeServer, startNodeServer, stopExample } from '../../shared/test/node-example.ts';
import { startTcpCut, type TcpCut } from '../../shared/test/tcp-cut.ts';
import type { Started } from '../../shared/test/support.ts';

const running: Started[] = [];
let redis: RedisServer | undefined;
let link: TcpCut | undefined;
const temp = mkdtempSync(join(tmpdir(), 'mcp-oauth-faults-'));
afterAll(async () => {
  for (const s of running) await stopExample(s);
  await link?.close();
  await redis?.stop();
  rmSync(temp, { recursive: true, force: true });
});

type Outcome = { ok: true; clientId: string; tokens: Tokens } | { ok: false; error: unknown };
const settle = (p: Promise<{ clientId: string; tokens: Tokens }>): Promise<Outcome> => p.then((r) => ({ ok: true as const, ...r }), (error: unknown) => ({ ok: false as const, error }));

describe('examples/node-server when the store fails', () => {
  it('A-CODE-1, A-RT-1, A-DOS-1 (faults): Redis unreachable mid-run → 503 temporarily_unavailable with Retry-After and nothing issued; the server recovers by itself; no half-issued grant remains', async () => {
    redis = await startRedisServer();
    link = await startTcpCut(redis.port);
    const port = await freePort();
    const server = await startNodeServer(port, { MCP_OAUTH_STORE: `redis://127.0.0.1:${link.port}`, MCP_OAUTH_TOKEN_FORMAT: 'opaque' });
    running.push(server);
    const origin = `http://127.0.0.1:${port}`;
    const mcpUrl = `${origin}/mcp`;

    const before = await fullFlow([origin], mcpUrl);
    const clientId = await register(origin);
    const held = await authorize(origin, clientId, mcpUrl);
    // 20 flows in flight when Redis goes away
    const loadClient = await register(origin);
    const inFlight = Array.from({ length: 20 }, () => settle(codeFlow([origin], loadClient, mcpUrl)));
    await link.cut();
    const outcomes = await Promise.all(inFlight);

    // while Redis is unreachable: 503, temporarily_unavailable, Retry-After, nothing issued
    const during = [
      await redeem(origin, clientId, mcpUrl, held.code, held.verifier),
      await refresh(origin, before.clientId, mcpUrl, before.tokens.refresh_token),
      await postForm(origin, '/revoke', { token: before.tokens.refresh_token, client_id: before.clientId }),
    ];
    for (const r of during) {
      expect(r.status).toBe(503);
      expect(r.body.error).toBe('temporarily_unavailable');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r.body.access_token).toBeUndefined();
    }
    expect(await callMcp(mcpUrl, before.tokens.access_token)).toBe(503);

    // Redis is back: the server reconnects by itself (bounded polling, no restart)
    await link.restore();
    let again = await redeem(origin, clientId, mcpUrl, held.code, held.verifier);
    for (let i = 0; i < 100 && again.status === 503; i++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await redeem(origin, clientId, mcpUrl, held.code, held.verifier);
    }
    // the code the outage refused was never consumed: it redeems now, once
    expect(again.status).toBe(200);
    expect((await redeem(origin, clientId, mcpUrl, held.code, held.verifier)).status).toBe(400);
    expect(await callMcp(mcpUrl, before.tokens.access_token)).toBe(200);
    expect((await refresh(origin, before.clientId, mcpUrl, before.tokens.refresh_token)).status).toBe(200);
    // every flow that got tokens before the cut can refresh them
    for (const o of outcomes) if (o.ok) expect((await refresh(origin, o.clientId, mcpUrl, o.tokens.refresh_token)).status).toBe(200);

    // no half-issued grant: every grant whose code was redeemed (the code marked used) has its
    // refresh token (a grant whose code was never redeemed is a pending authorization, not an issue)
    const client = await createClient({ url: redis.url }).connect();
    try {
      const value = async (key: string): Promise<any> => JSON.parse((await client.hGet(key, 'v'))!);
      const usedCodeGrants: string[] = [];
      for (const key of await client.keys('mcp-oauth:code:*')) if (await client.hGet(key, 'u')) usedCodeGrants.push((await value(key)).grantId);
      const grants = new Set((await Promise.all((await client.keys('mcp-oauth:grant:*')).map(value))).map((g: { id: string }) => g.id));
      const tokenGrants = new Set((await Promise.all((await client.keys('mcp-oauth:rt:*')).map(value))).map((r: { grantId: string }) => r.grantId));
      expect(usedCodeGrants.length).toBeGreaterThanOrEqual(2 + outcomes.filter((o) => o.ok).length);
      for (const id of usedCodeGrants) if (grants.has(id)) expect(tokenGrants.has(id)).toBe(true);
    } finally { await client.close(); }
  });

  // Shared by the two SQLite cases: 40 flows in flight (4 clients), the process SIGKILLed once the
  // first 10 have their tokens, then started again on the same file.
  let killedRun: Promise<{ origin: string; mcpUrl: string; received: { clientId: string; tokens: Tokens }[] }> | undefined;
  const sqliteKilledMidLoad = (): NonNullable<typeof killedRun> => killedRun ??= (async () => {
    const port = await freePort();
    const env = { MCP_OAUTH_STORE: `sqlite:${join(temp, 'as.db')}`, MCP_OAUTH_TOKEN_FORMAT: 'opaque' };
    const origin = `http://127.0.0.1:${port}`;
    const mcpUrl = `${origin}/mcp`;
    const first = await startNodeServer(port, env);
    running.push(first);
    const received: { clientId: string; tokens: Tokens }[] = [];
    const clients = [await register(origin), await register(origin), await register(origin), await register(origin)];
    let done = 0;
    let killed: Promise<void> | undefined;
    const flows = Array.from({ length: 40 }, (_, i) => settle(codeFlow([origin], clients[i % 4]!, mcpUrl)).then((o) => {
      if (o.ok) received.push(o);
      if (++done === 10) killed = killNodeServer(first);
      return o;
    }));
    await Promise.all(flows);
    await killed;
    running.push(await startNodeServer(port, env));
    return { origin, mcpUrl, received };
  })();

  it('A-RT-1 (faults): SQLite, the process SIGKILLed mid-load → after a restart every refresh token a client received still works', async () => {
    const { origin, mcpUrl, received } = await sqliteKilledMidLoad();
    expect(received.length).toBeGreaterThanOrEqual(10);
    for (const r of received) {
      const res = await refresh(origin, r.clientId, mcpUrl, r.tokens.refresh_token);
      expect(res.status).toBe(200);
    }
  });

  it('A-CODE-1 (faults): SQLite, the process SIGKILLed mid-load → after a restart no half-written grant (a redeemed code whose grant has no refresh token)', async () => {
    const { received } = await sqliteKilledMidLoad();
    // every grant whose code was redeemed (used_at set) has a refresh token row; a grant whose code
    // was never redeemed is a pending authorization, not an issue
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(join(temp, 'as.db'), { readOnly: true });
    try {
      const redeemed = `SELECT json_extract(c.value, '$.grantId') AS id FROM mcp_oauth_codes c WHERE c.used_at IS NOT NULL AND EXISTS (SELECT 1 FROM mcp_oauth_grants g WHERE g.key = json_extract(c.value, '$.grantId'))`;
      expect(db.prepare(redeemed).all().length).toBeGreaterThanOrEqual(received.length);
      const orphans = db.prepare(`SELECT id FROM (${redeemed}) WHERE NOT EXISTS (SELECT 1 FROM mcp_oauth_refresh_tokens r WHERE json_extract(r.value, '$.grantId') = id)`).all();
      expect(orphans).toEqual([]);
    } finally { db.close(); }
  });
});
