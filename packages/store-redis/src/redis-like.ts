/**
 * The one thing the store needs of a Redis connection: send a command (its name and arguments as
 * strings) and resolve the reply as the client decodes it (strings, integers, arrays, `null`), or
 * reject. Adapt any client in one line; `redisStore` also accepts node-redis and ioredis clients as they are.
 *
 * @example
 * ```ts
 * import type { RedisLike } from '@mcp-oauth/store-redis';
 * declare const someClient: { send(name: string, args: string[]): Promise<unknown> };
 * const redis: RedisLike = { send: ([name, ...args]) => someClient.send(name!, args) };
 * ```
 */
export interface RedisLike {
  send(args: readonly string[]): Promise<unknown>;
}

/** A node-redis v4, v5 or v6 client (`createClient()`), taken structurally. */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** An ioredis v5 or v6 client (`new Redis()`), taken structurally. */
export interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>;
}

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

/**
 * @internal Picks the adapter from the client's shape: `call` is ioredis (which also has a
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
