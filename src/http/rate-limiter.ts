import { sleep } from './abort.js';

/**
 * Sendoso blocks a client that sends more than 10 requests in a second, and does not say which
 * algorithm it counts with. A token bucket (burst 10, refill 10/s) can send 11 within 100 ms, so this
 * is a strict sliding window: never more than `limit` grants in any `windowMs`. Grants are FIFO.
 */
export class SlidingWindowLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  /** Ring buffer of the last `limit` grant times. */
  readonly #stamps: number[] = [];
  #head = 0;
  #tail: Promise<void> = Promise.resolve();

  /**
   * @param requestsPerSecond the documented limit.
   * @param marginMs extra spacing per window: requests arrive with jitter, and the server counts
   *   arrivals, not departures.
   */
  constructor(requestsPerSecond: number, marginMs = 50) {
    this.#limit = Math.max(1, Math.floor(requestsPerSecond));
    this.#windowMs = (1000 * this.#limit) / requestsPerSecond + marginMs;
  }

  /** Resolves when a request may be sent; rejects with `AbortError` if `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#tail.then(() => this.#waitForSlot(signal));
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  async #waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = performance.now();
      if (this.#stamps.length < this.#limit) {
        this.#stamps.push(now);
        return;
      }
      const oldest = this.#stamps[this.#head] ?? 0;
      const wait = oldest + this.#windowMs - now;
      if (wait <= 0) {
        this.#stamps[this.#head] = now;
        this.#head = (this.#head + 1) % this.#limit;
        return;
      }
      await sleep(Math.ceil(wait), signal);
    }
  }
}
