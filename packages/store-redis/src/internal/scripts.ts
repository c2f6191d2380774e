// The Lua scripts behind every write. Each key is a hash: `v` the JSON value, `e` the expiry in ms
// since the epoch ('' = never), `u` when the code was used / the refresh token rotated (absent =
// not yet). ARGV[1] is always the caller's clock. Every script reads and checks before its first
// write, so it fails (OOM, a wrong key type) before changing anything, or runs to its end.

/** KEYS[1]; ARGV: now, value, expiry, ttl ('' = none). Replaces the key. */
export const PUT: string = `redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'e', ARGV[3])
if ARGV[4] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return 1`;

const DEAD = `not f[1] or (f[2] ~= '' and tonumber(f[2]) <= tonumber(ARGV[1]))`;

/** KEYS[1]; ARGV: now, keepUntil, keepTtl ('' = keep the code's own expiry). 1 for the one caller that marks a live, unused code used. */
export const CONSUME: string = `local f = redis.call('HMGET', KEYS[1], 'v', 'e', 'u')
if ${DEAD} or f[3] then return 0 end
redis.call('HSET', KEYS[1], 'u', ARGV[1])
if ARGV[2] ~= '' and (f[2] == '' or tonumber(ARGV[2]) > tonumber(f[2])) then
  redis.call('HSET', KEYS[1], 'e', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1`;

/** KEYS: old, new; ARGV: now, new value, new expiry, new ttl. 'rotated' marks the old and writes the new; 'reused' / 'missing' write nothing. */
export const ROTATE: string = `local f = redis.call('HMGET', KEYS[1], 'v', 'e', 'u')
if ${DEAD} then return 'missing' end
if f[3] then return 'reused' end
redis.call('HSET', KEYS[1], 'u', ARGV[1])
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'v', ARGV[2], 'e', ARGV[3])
if ARGV[4] ~= '' then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
return 'rotated'`;

/** KEYS[1]; ARGV: now. Deletes the key; returns its value if it was live (nil otherwise). */
export const TAKE: string = `local f = redis.call('HMGET', KEYS[1], 'v', 'e')
redis.call('DEL', KEYS[1])
if ${DEAD} then return false end
return f[1]`;

/** KEYS[1]; ARGV: now, expiry, ttl. 1 (and the key recorded) unless a live key is there. */
export const ADD_IF_ABSENT: string = `local f = redis.call('HMGET', KEYS[1], 'v', 'e')
if not (${DEAD}) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', 'true', 'e', ARGV[2])
if ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1`;

/**
 * KEYS[1] a group: a sorted set of keys scored by expiry; ARGV: now, key, expiry, ttl, max. Drops the
 * expired keys; 'present' if the key is live, 'full' if max are (nothing written), else 'added': the
 * key recorded and the set's TTL extended to it.
 */
export const ADD_CAPPED: string = `redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 'present' end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[5]) then return 'full' end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return 'added'`;

/** KEYS[1]; ARGV: now, value, expiry, ttl. Replaces a live key only: 1, or 0 (nothing written) when absent or expired. */
export const REPLACE_LIVE: string = `local f = redis.call('HMGET', KEYS[1], 'v', 'e')
if ${DEAD} then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'e', ARGV[3])
if ARGV[4] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return 1`;

/** KEYS[1]; ARGV: expected version, value. Compare-and-set of the signing-key set (field \`n\` its version): 1, or 0 when the version differs. */
export const SET_KEYS: string = `local n = redis.call('HGET', KEYS[1], 'n') or '0'
if n ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'n', tostring(tonumber(ARGV[1]) + 1), 'v', ARGV[2])
return 1`;
