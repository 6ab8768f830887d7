/**
 * `sendoso-element/redis`: many processes, one Sendoso account, coordinated in Redis. Each piece takes
 * a connected node-redis client (5 or newer, an optional peer dependency the app installs); nothing
 * here loads `redis` itself, and the core entry never loads this one.
 * - {@link RedisTokenStore}: one refresh per stale token across every process.
 * - {@link RedisRateLimiter}: one rate budget (10 requests in any sliding second) across every process.
 * - {@link RedisStateStore} with the poll option `lease`: one leader per watched key, fenced writes.
 */
export type { RedisCommandOptions, RedisConnection } from './connection.js';
export type { LeaseKeys } from './lease.js';
export { RedisRateLimiter, type RedisRateLimiterOptions } from './rate-limiter.js';
export { RedisStateStore, type RedisStateStoreOptions } from './state-store.js';
export { RedisTokenStore, type RedisTokenStoreOptions } from './token-store.js';
