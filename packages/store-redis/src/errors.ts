/** Every code a {@link RedisStoreError} can carry. */
export type RedisStoreErrorCode =
  /** Redis answered with a reply of the wrong shape (not a Redis server, or a client with reply transformations). */
  | 'UnexpectedReply'
  /** A stored value does not parse as JSON (the key was written by something else). */
  | 'CorruptValue';

/**
 * The one error family of `@mcp-oauth/store-redis`. Errors of the client itself (connection lost,
 * timeout, `OOM`, `READONLY` after a failover) are passed through unchanged; the authorization
 * server answers them with a 5xx. Assert on `code`, never on `message`; no message carries a key
 * or a value.
 *
 * @example
 * ```ts
 * import { RedisStoreError, type RedisLike, redisStore } from '@mcp-oauth/store-redis';
 * declare const client: RedisLike;
 * try {
 *   await redisStore({ client }).getGrant('g1');
 * } catch (e) {
 *   if (e instanceof RedisStoreError && e.code === 'UnexpectedReply') console.error('not a Redis server?');
 * }
 * ```
 */
export class RedisStoreError extends Error {
  /** The machine-readable reason. */
  declare readonly code: RedisStoreErrorCode;

  constructor(code: RedisStoreErrorCode) {
    super(code);
    this.name = 'RedisStoreError';
    this.code = code;
  }
}
