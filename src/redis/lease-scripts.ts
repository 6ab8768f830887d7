/**
 * A watched key's lease and state in Redis. The lease key holds "<epoch> <owner>" and expires
 * (PX) unless its holder renews it; the epoch grows with every acquisition, and the state hash
 * records the epoch that wrote it. Every write checks, in the same script, that the lease still
 * holds exactly this holder's value: a former leader, paused past its lease, finds someone else's
 * value there (or none) and writes nothing. Renewing and releasing are owned-key.ts's scripts.
 */
import { LuaScript } from './connection.js';

/**
 * KEYS: lease, epoch, state. ARGV: owner, ttlMs.
 * Returns {1, epoch} when this owner now holds the lease, else {0, remaining ms, holder}.
 * The epoch also starts above the one that wrote the state, in case the counter alone was lost.
 */
export const ACQUIRE_LEASE = new LuaScript(`
local holder = redis.call('GET', KEYS[1])
if holder then return {0, redis.call('PTTL', KEYS[1]), holder} end
local counter = tonumber(redis.call('GET', KEYS[2]) or '0')
local written = tonumber(redis.call('HGET', KEYS[3], 'epoch') or '0')
local epoch = math.max(counter, written) + 1
redis.call('SET', KEYS[2], epoch)
redis.call('SET', KEYS[1], epoch .. ' ' .. ARGV[1], 'PX', ARGV[2])
return {1, epoch}
`);

/**
 * KEYS: lease. ARGV: owner. Ends the lease while it is this owner's, whatever its epoch: an
 * acquisition whose answer was lost does not know the epoch it got.
 */
export const DROP_LEASE_OF = new LuaScript(`
local holder = redis.call('GET', KEYS[1])
if holder and string.sub(holder, -#ARGV[1] - 1) == ' ' .. ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/**
 * KEYS: lease, state. ARGV: value, epoch, state bytes ('' deletes the state).
 * 1 when written; 0 when refused: the lease is not this value, or a later epoch wrote the state.
 */
export const SAVE_STATE = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local written = tonumber(redis.call('HGET', KEYS[2], 'epoch') or '0')
if written > tonumber(ARGV[2]) then return 0 end
if ARGV[3] == '' then
  redis.call('DEL', KEYS[2])
else
  redis.call('HSET', KEYS[2], 'data', ARGV[3], 'epoch', ARGV[2])
end
return 1
`);
