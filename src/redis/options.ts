import { ValidationError } from '../errors.js';
import { checkOptions, type OptionCheck, type OptionTable } from '../option-checks.js';
import { checkConnection, RedisCalls } from './connection.js';

/** Each Redis call gives up after this long with a `CoordinationError` (Redis is down or stuck). */
const DEFAULT_COMMAND_TIMEOUT_MS = 2_000;

export const redisKey: OptionCheck = (v) =>
  typeof v === 'string' && v.length > 0 && v.length <= 512
    ? undefined
    : 'must be a non-empty string (a Redis key, at most 512 characters)';

/** A duration in ms, at least `min`. */
export function durationMs(min: number): OptionCheck {
  return (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min ? undefined : `must be a number of ms >= ${min}`;
}

/**
 * A Redis piece's constructor arguments, checked (the connection, then its options): the options,
 * and the piece's Redis calls, each bounded by `commandTimeoutMs`.
 */
export function redisPiece<T extends { commandTimeoutMs?: number }>(
  redis: unknown,
  options: unknown,
  table: OptionTable<T>,
  required: readonly (keyof T & string)[],
  what: string,
): { opts: T; calls: RedisCalls } {
  const connection = checkConnection(redis, what);
  const opts = checkRedisOptions(options, table, required, what);
  return { opts, calls: new RedisCalls(connection, opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS) };
}

/** One `ValidationError` naming every bad or missing option, before anything touches Redis. */
function checkRedisOptions<T>(
  options: unknown,
  table: OptionTable<T>,
  required: readonly (keyof T & string)[],
  what: string,
): T {
  const issues = checkOptions(options, table, '', `${what} options`);
  if (typeof options === 'object' && options !== null) {
    for (const key of required) {
      if ((options as Record<string, unknown>)[key] === undefined)
        issues.push({ path: key, message: 'is required' });
    }
  }
  if (issues.length > 0) throw new ValidationError(`Invalid ${what} options`, issues);
  return options as T;
}
