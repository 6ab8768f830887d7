import { AbortError } from '../errors.js';

/** Call when the request's answer (or failure) is in: that moment starts the slot's window. */
export type Release = () => void;

/**
 * Sendoso blocks a client that sends more than 10 requests in a second, and does not say which
 * algorithm it counts with. A token bucket (burst 10, refill 10/s) can send 11 within 100 ms, so this
 * is a strict sliding window: never more than `limit` requests in any `windowMs`.
 *
 * A slot's window starts when its answer arrives, not when it is sent. Sendoso counts arrivals, and
 * requests sent in a burst can reach it spread out by tens of milliseconds; timing from the answer
 * (which comes after the arrival) means request k+limit can never arrive within a window of request k,
 * however uneven the network. Grants are FIFO.
 */
export class SlidingWindowLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  /** When finished requests' answers arrived, oldest first (at most `limit` of them matter). */
  readonly #released: number[] = [];
  #inFlight = 0;
  #tail: Promise<unknown> = Promise.resolve();
  #wake: (() => void) | undefined;

  /**
   * @param requestsPerSecond the documented limit.
   * @param marginMs extra spacing per window, against clock granularity on either side.
   */
  constructor(requestsPerSecond: number, marginMs = 10) {
    this.#limit = Math.max(1, Math.floor(requestsPerSecond));
    this.#windowMs = (1000 * this.#limit) / requestsPerSecond + marginMs;
  }

  /** Resolves when a request may be sent; rejects with `AbortError` if `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<Release> {
    const turn = this.#tail.then(() => this.#waitForSlot(signal));
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  async #waitForSlot(signal?: AbortSignal): Promise<Release> {
    for (;;) {
      if (signal?.aborted) throw new AbortError();
      const now = performance.now();
      while (this.#released.length > 0 && (this.#released[0] ?? 0) <= now - this.#windowMs)
        this.#released.shift();
      if (this.#inFlight + this.#released.length < this.#limit) {
        this.#inFlight++;
        return this.#releaser();
      }
      const oldest = this.#released[0];
      await this.#sleep(oldest === undefined ? undefined : oldest + this.#windowMs - now, signal);
    }
  }

  #releaser(): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#inFlight--;
      this.#released.push(performance.now());
      this.#wake?.();
    };
  }

  /** Waits `ms` (or, with no finished slot to age out, for the next release), abortably. */
  #sleep(ms: number | undefined, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#wake = undefined;
      };
      const onAbort = () => {
        finish();
        reject(new AbortError());
      };
      const done = () => {
        finish();
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, Math.max(1, Math.ceil(ms)));
      this.#wake = done;
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
