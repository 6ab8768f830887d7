import { CoordinationError } from '../errors.js';
import { sleep } from '../http/abort.js';
import type { RedisCalls } from './connection.js';
import { DELETE_IF_OWNED, EXTEND_IF_OWNED, newOwner } from './owned-key.js';

/** A lock this process holds: `owner` is what the lock key holds while it is ours. */
export interface HeldLock {
  readonly owner: string;
  release(): Promise<void>;
}

/**
 * A lock in one Redis key across processes: `SET key owner NX PX ttl`, retried with short jittered
 * waits while someone else holds it (the holder is refreshing a token: a few hundred ms). The holder
 * extends it every third of `ttlMs`, so only a holder that died or froze loses it, and loses it
 * after `ttlMs` at most. Anything written under the lock checks the owner in the same script.
 */
export class RedisLock {
  readonly #calls: RedisCalls;
  readonly #key: string;
  readonly #ttlMs: number;
  readonly #waitMs: number;

  constructor(calls: RedisCalls, key: string, ttlMs: number, waitMs: number) {
    this.#calls = calls;
    this.#key = key;
    this.#ttlMs = ttlMs;
    this.#waitMs = waitMs;
  }

  get key(): string {
    return this.#key;
  }

  /** Waits for the lock; a Redis failure, or no turn within `waitMs`, is a `CoordinationError`. */
  async acquire(): Promise<HeldLock> {
    const owner = newOwner();
    // The monotonic clock: a wall clock set back while waiting would stretch the wait.
    const deadline = performance.now() + this.#waitMs;
    for (let attempt = 0; ; attempt++) {
      if (await this.#take(owner)) return this.#held(owner);
      if (performance.now() > deadline) {
        throw new CoordinationError(
          `Timed out after ${this.#waitMs} ms waiting for the lock ${this.#key} (another process holds it)`,
        );
      }
      await sleep(Math.min(5 * 2 ** Math.min(attempt, 4), 50) + Math.random() * 10);
    }
  }

  /**
   * One `SET NX`. When its answer is lost (a timeout), Redis may have run it all the same: the lock is
   * then handed back rather than left to block every process for `ttlMs` under an owner nobody knows.
   */
  async #take(owner: string): Promise<boolean> {
    try {
      const answer = await this.#calls.send(
        ['SET', this.#key, owner, 'NX', 'PX', String(Math.ceil(this.#ttlMs))],
        `taking the lock ${this.#key}`,
      );
      return answer === 'OK';
    } catch (err) {
      void this.#release(owner);
      throw err;
    }
  }

  /** Best effort: a lock that cannot be deleted now (Redis down) expires after ttlMs. */
  #release(owner: string): Promise<unknown> {
    return this.#calls
      .run(DELETE_IF_OWNED, [this.#key], [owner], `releasing the lock ${this.#key}`)
      .catch(() => undefined);
  }

  #held(owner: string): HeldLock {
    const key = this.#key;
    const heartbeat = setInterval(() => {
      this.#calls
        .run(EXTEND_IF_OWNED, [key], [owner, String(Math.ceil(this.#ttlMs))], `extending the lock ${key}`)
        .catch(() => undefined); // a lost lock shows when a write under it is refused
    }, this.#ttlMs / 3);
    heartbeat.unref();
    let released = false;
    return {
      owner,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(heartbeat);
        await this.#release(owner);
      },
    };
  }
}
