import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/errors.js';
import { retryDelay } from '../../src/poll/index.js';

describe('retryDelay', () => {
  const low = () => 0;
  const high = () => 1;

  it('doubles from about a second, with equal jitter between half and all of it', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 60_000, undefined, high))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 60_000, undefined, low))).toEqual([
      500, 1_000, 2_000, 4_000,
    ]);
  });

  it('never waits longer than one interval, so a failing poller is never slower than a healthy one', () => {
    expect(retryDelay(30, 60_000, undefined, high)).toBe(60_000);
    expect(retryDelay(1, 20, undefined, high)).toBe(20);
  });

  it("honours a rate limit's retryAfterMs, even beyond the interval", () => {
    const limited = new RateLimitError({ status: 429, retryAfterMs: 90_000 });
    expect(retryDelay(1, 60_000, limited, high)).toBe(90_000);
  });
});
