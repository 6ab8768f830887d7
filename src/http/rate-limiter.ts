import { AbortError } from '../errors.js';
import { onAbort } from './abort.js';
import { ArrivalEstimator } from './arrival-estimate.js';

/** Call when the request's answer (or failure) is in: that moment starts the slot's window. */
export type Release = () => void;

/**
 * Decides when a request may go to Sendoso. The client calls `acquire` before every request and the
 * returned `Release` once that request's answer (or failure) is in. Pass one to the client's
 * `rateLimit` option to share a budget: every client of one Sendoso account (Sendoso limits per
 * account) can use the same limiter object, and a store-backed one (Redis) shares it across processes.
 */
export interface RateLimiter {
  /** Resolves when one request may be sent; rejects with `AbortError` as soon as `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<Release>;
  /** Sendoso answered 429 and asked to wait `ms`: hold every request that shares this limiter until then. */
  pause?(ms: number): void | Promise<void>;
}

type Ticket = { resolve: (release: Release) => void };

/** A limit over a window of any length: `{ limit: 100, windowMs: 60_000 }` is Sendoso's marketplace limit. */
export type WindowLimit = { limit: number; windowMs: number };

/**
 * Sendoso blocks a client that sends more than 10 requests in a second, and does not say which
 * algorithm it counts with. A token bucket (burst 10, refill 10/s) can send 11 within 100 ms, so this
 * is a strict sliding window: never more than `limit` requests in any `windowMs` (plus `marginMs`).
 *
 * A slot's window starts when Sendoso counted the request, which is when it arrived there. The client
 * sees only the send and the answer; the arrival estimate places the arrival with the
 * connection's propagation `p` (its shortest recent round trip, once measured): a finished request
 * counts from `answer - p/2`, and a request sent now arrives no sooner than `p/2` from now, so the
 * 11th request goes out once the oldest counted one is at least `window - p/2` old. Both bounds hold
 * whatever part of a round trip is queueing (only the shortest round trip is credited, split evenly),
 * so a burst that a congested network delivers late never crowds Sendoso's window; the queueing above
 * `p` is the price (at 200 ± 50 ms, about 50 ms a request: 9.3 to 9.4 requests a second, measured
 * against a sandbox that enforces the window on arrivals). A request in flight holds its slot until
 * its answer. Grants are FIFO; an aborted waiter leaves the queue at once.
 */
export class SlidingWindowLimiter implements RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  /** When finished requests were counted at Sendoso (estimated), oldest first. */
  readonly #released: number[] = [];
  readonly #arrivals = new ArrivalEstimator();
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
    // Sendoso refused one: whatever the arrival estimate assumed does not hold on this path.
    this.#arrivals.distrust();
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
    // A request sent now reaches Sendoso no sooner than `credit` from now: slots counted before
    // that moment minus the window no longer count against it.
    const credit = this.#arrivals.creditMs();
    while (this.#released.length > 0 && (this.#released[0] ?? 0) <= now + credit - this.#windowMs)
      this.#released.shift();
    while (this.#queue.length > 0 && this.#inFlight + this.#released.length < this.#limit) {
      const ticket = this.#queue.shift() as Ticket;
      this.#inFlight++;
      ticket.resolve(this.#releaser());
    }
    const oldest = this.#released[0];
    // With every slot in flight, the next release drains; otherwise the oldest slot ages out.
    if (this.#queue.length > 0 && oldest !== undefined) {
      const wait = oldest + this.#windowMs - credit - now;
      this.#timer = setTimeout(() => this.#drain(), Math.max(1, Math.ceil(wait)));
    }
  }

  #releaser(): Release {
    const grantedAt = performance.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#inFlight--;
      const answeredAt = performance.now();
      insertSorted(this.#released, answeredAt - this.#arrivals.observe(grantedAt, answeredAt));
      this.#drain();
    };
  }
}

/** Keeps `times` ascending: an estimated arrival can be earlier than one recorded before it. */
function insertSorted(times: number[], time: number): void {
  let i = times.length;
  while (i > 0 && (times[i - 1] ?? 0) > time) i--;
  times.splice(i, 0, time);
}
