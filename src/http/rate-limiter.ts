import { AbortError } from '../errors.js';
import { onAbort } from './abort.js';

/** Call when the request's answer (or failure) is in: that moment starts the slot's window. */
export type Release = () => void;

type Ticket = { resolve: (release: Release) => void };

/** A limit over a window of any length: `{ limit: 100, windowMs: 60_000 }` is Sendoso's marketplace limit. */
export type WindowLimit = { limit: number; windowMs: number };

/**
 * Sendoso blocks a client that sends more than 10 requests in a second, and does not say which
 * algorithm it counts with. A token bucket (burst 10, refill 10/s) can send 11 within 100 ms, so this
 * is a strict sliding window: never more than `limit` requests in any `windowMs`.
 *
 * A slot's window starts when its answer arrives, not when it is sent. Sendoso counts arrivals, and
 * requests sent in a burst can reach it spread out by tens of milliseconds; timing from the answer
 * (which comes after the arrival) means request k+limit can never arrive within a window of request k,
 * however uneven the network. Grants are FIFO; an aborted waiter leaves the queue at once.
 */
export class SlidingWindowLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  /** When finished requests' answers arrived, oldest first (at most `limit` of them matter). */
  readonly #released: number[] = [];
  readonly #queue: Ticket[] = [];
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;
  /** No grant before this moment (`performance.now()` time): set by `pause()` after a 429. */
  #pausedUntil = 0;

  /**
   * @param rate the documented limit: requests per second, or `{ limit, windowMs }` for another window.
   * @param marginMs extra spacing per window, against clock granularity on either side.
   */
  constructor(rate: number | WindowLimit, marginMs = 10) {
    if (typeof rate === 'number') {
      this.#limit = Math.max(1, Math.floor(rate));
      this.#windowMs = (1000 * this.#limit) / rate + marginMs;
    } else {
      this.#limit = Math.max(1, Math.floor(rate.limit));
      this.#windowMs = rate.windowMs + marginMs;
    }
  }

  /**
   * Holds every grant for `ms` (at most one window): Sendoso answered 429 with the time its window
   * resets, so anything sent before then would be refused too. A reset further out than one window is
   * not this window's (a block, or a skewed clock); waiting longer would hold callers hostage, so
   * after one window the next request goes out and gets Sendoso's answer.
   */
  pause(ms: number): void {
    if (!(ms > 0)) return;
    const until = performance.now() + Math.min(ms, this.#windowMs);
    if (until <= this.#pausedUntil) return;
    this.#pausedUntil = until;
    this.#drain();
  }

  /** Resolves when a request may be sent; rejects with `AbortError` as soon as `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    return new Promise<Release>((resolve, reject) => {
      const ticket: Ticket = { resolve };
      const off = signal
        ? onAbort(signal, () => {
            const index = this.#queue.indexOf(ticket);
            if (index >= 0) this.#queue.splice(index, 1);
            reject(new AbortError());
          })
        : undefined;
      ticket.resolve = (release) => {
        off?.();
        resolve(release);
      };
      this.#queue.push(ticket);
      this.#drain();
    });
  }

  /** Grants slots to waiters in order while the window allows, then sleeps until it will. */
  #drain(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const now = performance.now();
    if (now < this.#pausedUntil) {
      if (this.#queue.length > 0)
        this.#timer = setTimeout(() => this.#drain(), Math.max(1, Math.ceil(this.#pausedUntil - now)));
      return;
    }
    while (this.#released.length > 0 && (this.#released[0] ?? 0) <= now - this.#windowMs)
      this.#released.shift();
    while (this.#queue.length > 0 && this.#inFlight + this.#released.length < this.#limit) {
      const ticket = this.#queue.shift() as Ticket;
      this.#inFlight++;
      ticket.resolve(this.#releaser());
    }
    const oldest = this.#released[0];
    // With every slot in flight, the next release drains; otherwise the oldest slot ages out.
    if (this.#queue.length > 0 && oldest !== undefined) {
      this.#timer = setTimeout(() => this.#drain(), Math.max(1, Math.ceil(oldest + this.#windowMs - now)));
    }
  }

  #releaser(): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#inFlight--;
      this.#released.push(performance.now());
      this.#drain();
    };
  }
}
