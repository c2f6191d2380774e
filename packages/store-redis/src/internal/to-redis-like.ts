import { fromIoRedis } from '../from-io-redis';
import { fromNodeRedis } from '../from-node-redis';
import type { IoRedisLike, NodeRedisLike, RedisLike } from '../redis-like';

/**
 * Picks the adapter from the client's shape: `call` is ioredis (which also has a
 * `sendCommand` of its own), `sendCommand` node-redis, else a {@link RedisLike}. (Both clients
 * have a `command` method for Redis's COMMAND, which is why the method here is `send`.)
 */
export function toRedisLike(client: RedisLike | NodeRedisLike | IoRedisLike): RedisLike {
  const c = client as Partial<RedisLike & NodeRedisLike & IoRedisLike> | null;
  if (typeof c !== 'object' || c === null) throw new TypeError('redisStore: `client` must be a Redis client');
  if (typeof c.call === 'function') return fromIoRedis(c as IoRedisLike);
  if (typeof c.sendCommand === 'function') return fromNodeRedis(c as NodeRedisLike);
  if (typeof c.send === 'function') return c as RedisLike;
  throw new TypeError('redisStore: `client` must be a RedisLike, a node-redis or an ioredis client');
}
