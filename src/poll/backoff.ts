import { RateLimitError } from '../errors.js';

/** The first retry waits about this long (or one interval, if shorter). */
export const BACKOFF_BASE_MS = 1_000;

/**
 * How long to wait before retrying after the `failures`-th failed pass in a row: exponential from
 * min(1 s, intervalMs), capped at intervalMs (a failing poller never polls slower than a healthy one),
 * with "equal jitter" (between half and all of it) so pollers that failed together spread out. A
 * RateLimitError's `retryAfterMs` is honoured even beyond the interval.
 */
export function retryDelay(
  failures: number,
  intervalMs: number,
  error?: unknown,
  random: () => number = Math.random,
): number {
  const base = Math.min(BACKOFF_BASE_MS, intervalMs);
  const capped = Math.min(intervalMs, base * 2 ** Math.max(0, failures - 1));
  const delay = capped / 2 + (random() * capped) / 2;
  const asked = error instanceof RateLimitError ? (error.retryAfterMs ?? 0) : 0;
  return Math.max(delay, asked);
}
