/**
 * `@mcp-oauth/store-redis`: the authorization server's Store on Redis for many instances, any
 * client taken structurally, atomic Lua scripts, TTLs and tenant prefixes.
 * @packageDocumentation
 */
export { redisStore, type RedisStoreOptions } from './redis-store';
export { fromIoRedis, fromNodeRedis, type IoRedisLike, type NodeRedisLike, type RedisLike } from './redis-like';
export { RedisStoreError, type RedisStoreErrorCode } from './errors';
