// The shared Store suite on a real redis-server through node-redis (the client as it is, detected).
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoreTests } from '@mcp-oauth/server-flow/store-tests';
import { redisStore } from '@mcp-oauth/store-redis';
import { startRedisServer, type RedisServer } from './redis-server';

let server: RedisServer;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  server = await startRedisServer();
  client = createClient({ url: server.url });
  await client.connect();
});
afterAll(async () => {
  await client?.close();
  await server?.stop();
});

let n = 0;
describe('redis-server through node-redis', () => {
  runStoreTests({ describe, it, expect }, (now) => redisStore({ client, now, prefix: `node-redis-${++n}:` }));
});
