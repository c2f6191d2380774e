import type { IoRedisLike, RedisLike } from './redis-like';

/**
 * Adapts an ioredis client (`call`).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { fromIoRedis, redisStore } from '@mcp-oauth/store-redis';
 * const store = redisStore({ client: fromIoRedis(new Redis('redis://127.0.0.1:6379')) });
 * ```
 */
export function fromIoRedis(client: IoRedisLike): RedisLike {
  if (typeof client?.call !== 'function') throw new TypeError('fromIoRedis: not an ioredis client (no call)');
  return { send: ([name, ...args]) => client.call(name!, ...args) };
}
