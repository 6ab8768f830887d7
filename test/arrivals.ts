/** Request-log arithmetic shared by the tests and the benchmarks (no test-runner imports here). */
import type { LoggedRequest } from '../src/testing/index.js';

/**
 * The most requests that arrived within any sliding second [t, t + 1000 ms), on the sandbox's own
 * clock (`arrivedAt`, the one its rate limit counts with). `log` in any order.
 */
export function busiestSecond(log: readonly Pick<LoggedRequest, 'arrivedAt'>[]): number {
  const arrivals = log.map((r) => r.arrivedAt).sort((a, b) => a - b);
  let most = 0;
  for (let last = 0, first = 0; last < arrivals.length; last++) {
    while ((arrivals[last] ?? 0) - (arrivals[first] ?? 0) >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
