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
