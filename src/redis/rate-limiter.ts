import { randomBytes } from 'node:crypto';
import { AbortError, CoordinationError } from '../errors.js';
import { onAbort, sleep } from '../http/abort.js';
import { ArrivalEstimator } from '../http/arrival-estimate.js';
import { isNumber, type OptionTable } from '../option-checks.js';
import type { RedisCalls, RedisConnection } from './connection.js';
import type { RateLimiter, Release } from './core-types.js';
import { durationMs, redisKey, redisPiece } from './options.js';
import { ACQUIRE, PAUSE, RELEASE } from './rate-scripts.js';

/** Options of {@link RedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  /** The Redis key of the shared window (`<key>:pause` and `<key>:alive` beside it). One per Sendoso account. */
  key: string;
  /** Requests per second across every process sharing `key`. Sendoso allows 10. */
  requestsPerSecond: number;
  /**
   * A request in flight holds its slot at most this long (a process that dies mid-request frees it
   * then). Keep it at least the client's `timeoutMs`. Default 30_000 (the client's default timeout).
   */
  maxHoldMs?: number;
  /** Each Redis call gives up after this long with a `CoordinationError`. Default 2_000. */
  commandTimeoutMs?: number;
}

const optionChecks: OptionTable<RedisRateLimiterOptions> = {
  key: redisKey,
  requestsPerSecond: isNumber(0.001),
  maxHoldMs: durationMs(1),
  commandTimeoutMs: durationMs(1),
};

/** Extra spacing per window against clock granularity, as the in-process limiter has. */
const MARGIN_MS = 10;

type Ticket = { resolve: (release: Release) => void; reject: (err: unknown) => void; off?: () => void };

/**
 * Sendoso's rate limit shared by every process of an account: at most `requestsPerSecond` requests
 * in any sliding second across all processes using `key`, decided by one Lua script on Redis's clock
 * per grant (a sorted set of slots). It counts as the in-process `SlidingWindowLimiter` does: a
 * request's second starts when it arrived at Sendoso, estimated per process from measured round
 * trips (at the answer until they are known). A 429 seen by any process pauses all of them for its
 * `Retry-After` (at most one window).
 *
 * Redis down: `acquire` rejects with `CoordinationError` and the request is not sent; every process
 * fails the same way, so nothing goes out above the budget. Once Redis answers again, requests flow;
 * if Redis lost its data meanwhile, everyone first waits one window (requests of the last second may
 * be unrecorded). Waiters in one process queue locally (FIFO) and one of them asks Redis at a time.
 */
export class RedisRateLimiter implements RateLimiter {
  /** The Redis key of the shared window. */
  readonly key: string;
  readonly #calls: RedisCalls;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #holdMs: number;
  readonly #arrivals = new ArrivalEstimator();
  readonly #queue: Ticket[] = [];
  readonly #member = `${process.pid}:${randomBytes(6).toString('base64url')}`;
  #sequence = 0;
  #pumping = false;
  /** After a 429, held locally too: the pause must hold even if Redis cannot store it. */
  #pausedUntil = 0;

  constructor(redis: RedisConnection, options: RedisRateLimiterOptions) {
    const { opts, calls } = redisPiece(
      redis,
      options,
      optionChecks,
      ['key', 'requestsPerSecond'],
      'RedisRateLimiter',
    );
    this.key = opts.key;
    this.#calls = calls;
    this.#limit = Math.max(1, Math.floor(opts.requestsPerSecond));
    this.#windowMs = (1000 * this.#limit) / opts.requestsPerSecond + MARGIN_MS;
    this.#holdMs = opts.maxHoldMs ?? 30_000;
  }

  /**
   * Resolves when one request may be sent (a slot in the shared window is this process's); rejects
   * with `AbortError` when `signal` aborts, and with `CoordinationError` when Redis fails.
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    return new Promise<Release>((resolve, reject) => {
      const ticket: Ticket = { resolve, reject };
      if (signal) {
        ticket.off = onAbort(signal, () => {
          const index = this.#queue.indexOf(ticket);
          if (index >= 0) this.#queue.splice(index, 1);
          reject(new AbortError());
        });
      }
      this.#queue.push(ticket);
      void this.#pump();
    });
  }

  /**
   * Sendoso answered 429: every process sharing `key` holds for `ms` (at most one window; a reset
   * further out is not this window's). Never rejects: while Redis is down nothing is sent anyway.
   */
  async pause(ms: number): Promise<void> {
    // Sendoso refused one: whatever this process's arrival estimate assumed does not hold on its path.
    this.#arrivals.distrust();
    if (!(ms > 0)) return;
    const hold = Math.ceil(Math.min(ms, this.#windowMs));
    this.#pausedUntil = Math.max(this.#pausedUntil, performance.now() + hold);
    await this.#calls
      .run(PAUSE, [`${this.key}:pause`], [String(hold)], `pausing the rate limit ${this.key}`)
      .catch(() => undefined);
  }

  /**
   * One waiter at a time asks Redis, in FIFO order, and waits as long as Redis says: a slot frees only
   * when an answered one ages out of the window, so no answer (here or elsewhere) frees one sooner.
   */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const local = this.#pausedUntil - performance.now();
        if (local > 0) {
          await sleep(local);
          continue;
        }
        const ticket = this.#queue[0] as Ticket;
        const member = `${this.#member}:${++this.#sequence}`;
        let wait: number;
        try {
          wait = await this.#tryAcquire(member);
        } catch (err) {
          // An answer that timed out may be a grant Redis made all the same: the slot goes back.
          this.#returnSlot(member);
          // Redis failed: everyone waiting here would fail the same way, so they all fail now.
          for (const waiting of this.#queue.splice(0)) {
            waiting.off?.();
            waiting.reject(err);
          }
          return;
        }
        if (wait > 0) {
          await sleep(wait);
          continue;
        }
        if (this.#queue[0] !== ticket) {
          // Aborted while Redis granted it: the slot was never used.
          this.#returnSlot(member);
          continue;
        }
        this.#queue.shift();
        ticket.off?.();
        ticket.resolve(this.#releaser(member));
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** Best effort (fire and forget): a slot not returned stays counted until its hold cap. */
  #returnSlot(member: string): void {
    this.#calls.send(['ZREM', this.key, member], `returning a slot of ${this.key}`).catch(() => undefined);
  }

  async #tryAcquire(member: string): Promise<number> {
    const answer = await this.#calls.run(
      ACQUIRE,
      [this.key, `${this.key}:pause`, `${this.key}:alive`],
      [
        String(this.#limit),
        String(this.#windowMs),
        String(this.#arrivals.creditMs()),
        String(this.#holdMs),
        member,
      ],
      `taking a slot of the rate limit ${this.key}; the request was not sent`,
    );
    if (typeof answer !== 'number') {
      throw new CoordinationError(
        `Redis answered the rate limit script of ${this.key} with something unexpected`,
      );
    }
    return answer;
  }

  #releaser(member: string): Release {
    const grantedAt = performance.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const answeredAt = performance.now();
      const backdate = this.#arrivals.observe(grantedAt, answeredAt);
      // Fire and forget: a slot whose release is lost (Redis down) stays counted until its hold
      // cap, which is only ever too careful.
      this.#calls
        .run(RELEASE, [this.key], [member, String(backdate)], `releasing a slot of ${this.key}`)
        .catch(() => undefined);
    };
  }
}
