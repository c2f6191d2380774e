/**
 * `@mcp-oauth/store-redis`: the authorization server's Store on Redis for many instances, any
 * client taken structurally, atomic Lua scripts, TTLs and tenant prefixes.
 * @packageDocumentation
 */
export { redisStore, type RedisStoreOptions } from './redis-store';
export { fromNodeRedis } from './from-node-redis';
export { fromIoRedis } from './from-io-redis';
export type { IoRedisLike, NodeRedisLike, RedisLike } from './redis-like';
export { RedisStoreError, type RedisStoreErrorCode } from './errors';
