import { performance } from 'node:perf_hooks';

/** Sendoso's 429 body; it documents no rate-limit headers for the core API, so none are sent. */
export const TOO_MANY_REQUESTS = { success: false, message: 'Too many requests. Please slow down.' };

/**
 * Sendoso documents "more than 10 requests/second" without an algorithm, so the sandbox enforces the
 * strictest reading: at most `limit` accepted requests in any window [t - 1000 ms, t). Rejected requests
 * are not recorded, so a client that backs off is not punished for the 429s themselves.
 */
export class SlidingWindowLimiter {
  #arrivals: number[] = [];
  #head = 0;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /**
   * Records an arrival at `now` (default the clock) and says whether it is within `limit` per
   * `windowMs` (default one second).
   */
  tryAcquire(limit: number, windowMs = 1000, now = this.clock()): boolean {
    while (this.#head < this.#arrivals.length && (this.#arrivals[this.#head] ?? 0) <= now - windowMs)
      this.#head++;
    if (this.#head > 1024) {
      this.#arrivals = this.#arrivals.slice(this.#head);
      this.#head = 0;
    }
    if (this.#arrivals.length - this.#head >= limit) return false;
    this.#arrivals.push(now);
    return true;
  }

  /** Milliseconds until the oldest arrival leaves a window of `windowMs`, freeing a slot. */
  msUntilFree(windowMs: number): number {
    const oldest = this.#arrivals[this.#head];
    return oldest === undefined ? 0 : Math.max(0, oldest + windowMs - this.clock());
  }
}
