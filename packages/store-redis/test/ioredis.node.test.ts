// The shared Store suite on a real redis-server through ioredis (the client as it is, detected).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoreTests } from '@mcp-oauth/server-flow/store-tests';
import { redisStore } from '@mcp-oauth/store-redis';
import { startRedisServer, type RedisServer } from './redis-server';

let server: RedisServer;
let client: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});
afterAll(async () => {
  await client?.quit();
  await server?.stop();
});

let n = 0;
describe('redis-server through ioredis', () => {
  runStoreTests({ describe, it, expect }, (now) => redisStore({ client, now, prefix: `ioredis-${++n}:` }));
});
