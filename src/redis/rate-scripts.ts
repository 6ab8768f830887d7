/**
 * The shared sliding window, as Lua scripts on Redis's clock (TIME), so processes on hosts whose
 * clocks disagree still agree on the window. Durations (window, credit, hold, backdate) come from the
 * client; times only from Redis. The slots are a sorted set scored by when Sendoso counted (or will
 * count, at the latest) each request:
 *   - granted, in flight: grant time + the hold cap (a process that dies mid-request holds its slot
 *     until then, not forever);
 *   - answered: Redis's now − the backdate the client measured (when the request arrived at Sendoso).
 * A slot stops counting once its score is more than a window behind the moment a request sent now
 * can arrive (now + credit).
 */
import { LuaScript } from './connection.js';

/** Redis's clock in ms, with microseconds (TIME in a script needs effects replication before Redis 5). */
const NOW = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
`;

/**
 * KEYS: slots, pause, alive. ARGV: limit, windowMs, creditMs, holdMs, member.
 * Returns 0 when the slot is granted (member added), else how many ms to wait before asking again.
 *
 * `alive` marks a Redis that has kept the window: when it is missing, Redis lost its data (a restart
 * without persistence, a flush) or this is the first use, and requests of the last window may be
 * unrecorded, so everyone waits one window first.
 */
export const ACQUIRE = new LuaScript(`${NOW}
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local credit = tonumber(ARGV[3])
local hold = tonumber(ARGV[4])
if redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('SET', KEYS[3], '1')
  if redis.call('PTTL', KEYS[2]) < window then
    redis.call('SET', KEYS[2], '1', 'PX', math.ceil(window))
  end
end
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return paused end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now + credit - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + hold, ARGV[5])
  redis.call('PEXPIRE', KEYS[1], math.ceil(hold + window))
  return 0
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
local wait
if oldest <= now then
  wait = oldest + window - credit - now
else
  -- Every slot is in flight: none can free sooner than a window after an answer arriving now.
  wait = window - 2 * credit
end
return math.max(1, math.ceil(wait))
`);

/** KEYS: slots. ARGV: member, backdateMs. The answer is in: the slot counts from the request's arrival. */
export const RELEASE = new LuaScript(`${NOW}
return redis.call('ZADD', KEYS[1], 'XX', now - tonumber(ARGV[2]), ARGV[1])
`);

/** KEYS: pause. ARGV: ms. Holds every process for `ms` from now, unless a longer pause is set. */
export const PAUSE = new LuaScript(`
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
end
return 1
`);
