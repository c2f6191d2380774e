import type { NodeRedisLike, RedisLike } from './redis-like';

/**
 * Adapts a node-redis client (`sendCommand`).
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { fromNodeRedis, redisStore } from '@mcp-oauth/store-redis';
 * const client = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * const store = redisStore({ client: fromNodeRedis(client) });
 * ```
 */
export function fromNodeRedis(client: NodeRedisLike): RedisLike {
  if (typeof client?.sendCommand !== 'function') throw new TypeError('fromNodeRedis: not a node-redis client (no sendCommand)');
  return { send: (args) => client.sendCommand([...args]) };
}
