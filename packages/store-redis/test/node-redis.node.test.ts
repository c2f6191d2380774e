// The shared Store suite on a real redis-server through node-redis, the current major and v4 (the
// clients as they are, detected by their `sendCommand`).
import { createClient } from 'redis';
import { createClient as createClient4 } from 'redis4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoreTests } from '@mcp-oauth/server-flow/store-tests';
import { redisStore } from '@mcp-oauth/store-redis';
import { startRedisServer, type RedisServer } from './redis-server';

let server: RedisServer;
let client: ReturnType<typeof createClient>;
let client4: ReturnType<typeof createClient4>;
beforeAll(async () => {
  server = await startRedisServer();
  client = createClient({ url: server.url });
  await client.connect();
  client4 = createClient4({ url: server.url });
  await client4.connect();
});
afterAll(async () => {
  await client?.close();
  await client4?.quit();
  await server?.stop();
});

let n = 0;
describe('redis-server through node-redis 6', () => {
  runStoreTests({ describe, it, expect }, (now) => redisStore({ client, now, prefix: `node-redis-${++n}:` }));
});
describe('redis-server through node-redis 4', () => {
  runStoreTests({ describe, it, expect }, (now) => redisStore({ client: client4, now, prefix: `node-redis4-${++n}:` }));
});
