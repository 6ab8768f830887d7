import { PollLeaseLostError } from '../poll/errors.js';
import { encodeState } from '../poll/state-codec.js';
import type { RedisCalls } from './connection.js';
import type { PollState, PollStateLease } from './core-types.js';
import { SAVE_STATE } from './lease-scripts.js';
import { DELETE_IF_OWNED, EXTEND_IF_OWNED } from './owned-key.js';

/** The Redis keys of one watched key. */
export type LeaseKeys = { lease: string; epoch: string; state: string };

/**
 * A lease this process holds on one watched key. Renewed every third of the poller's `ttlMs`; held, by
 * this process's clock, for the lease's length in Redis (`ttlMs` here, a little under the poller's)
 * from when the last renewal that Redis confirmed was SENT (Redis set the expiry later than that, so
 * this side always gives up first). A refused renewal, or none confirmed in
 * time (Redis down, the process paused), ends it for good: the poller then asks for a new one.
 */
export class RedisLease implements PollStateLease {
  readonly epoch: number;
  readonly #calls: RedisCalls;
  readonly #key: string;
  readonly #keys: LeaseKeys;
  readonly #value: string;
  readonly #ttlMs: number;
  readonly #listeners: Array<() => void> = [];
  readonly #renewal: NodeJS.Timeout;
  #expiry: NodeJS.Timeout | undefined;
  #validUntil: number;
  #over = false;
  #released = false;
  readonly #onEnd: () => void;

  constructor(
    calls: RedisCalls,
    key: string,
    keys: LeaseKeys,
    grant: { epoch: number; value: string; ttlMs: number; renewEveryMs: number; sentAt: number },
    onEnd: () => void,
  ) {
    this.#calls = calls;
    this.#key = key;
    this.#keys = keys;
    this.epoch = grant.epoch;
    this.#value = grant.value;
    this.#ttlMs = grant.ttlMs;
    this.#onEnd = onEnd;
    this.#validUntil = grant.sentAt + grant.ttlMs;
    this.#armExpiry();
    this.#renewal = setInterval(() => void this.#renew(), grant.renewEveryMs);
    this.#renewal.unref();
  }

  held(): boolean {
    if (!this.#over && performance.now() >= this.#validUntil) this.#end();
    return !this.#over;
  }

  onLost(listener: () => void): void {
    if (this.#over) listener();
    else this.#listeners.push(listener);
  }

  async save(state: PollState): Promise<void> {
    await this.#write(encodeState(this.#key, state));
  }

  /** Deletes the state under this lease (fenced like `save`). */
  async deleteState(): Promise<void> {
    await this.#write('');
  }

  /**
   * Gives the key up: the lease is deleted if Redis still holds it for this holder (also when this side
   * already counts it as over: Redis may keep it a little longer, and the next leader need not wait).
   */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    this.#stop();
    this.#onEnd();
    // Best effort: a lease that cannot be ended now (Redis down) expires on its own within ttlMs.
    await this.#calls
      .run(DELETE_IF_OWNED, [this.#keys.lease], [this.#value], 'ending a poll lease')
      .catch(() => undefined);
  }

  async #write(bytes: Buffer | string): Promise<void> {
    const written = await this.#calls.run(
      SAVE_STATE,
      [this.#keys.lease, this.#keys.state],
      [this.#value, String(this.epoch), bytes],
      'saving poll state; nothing was acknowledged',
    );
    if (written !== 1) {
      this.#end();
      throw new PollLeaseLostError(this.#key, this.epoch, 'Redis refused the state write (fencing)');
    }
  }

  async #renew(): Promise<void> {
    if (this.#over) return;
    const sentAt = performance.now();
    let renewed: unknown;
    try {
      renewed = await this.#calls.run(
        EXTEND_IF_OWNED,
        [this.#keys.lease],
        [this.#value, String(Math.ceil(this.#ttlMs))],
        'renewing a poll lease',
      );
    } catch {
      return; // Redis down: held() runs out on its own; the next tick tries again
    }
    if (renewed === 1 && !this.#over) {
      // Renewals may overlap when Redis is slow: a late answer to an older one must not shorten it.
      this.#validUntil = Math.max(this.#validUntil, sentAt + this.#ttlMs);
      this.#armExpiry();
    } else {
      this.#end();
    }
  }

  #armExpiry(): void {
    clearTimeout(this.#expiry);
    this.#expiry = setTimeout(() => this.held(), Math.max(1, this.#validUntil - performance.now()));
    this.#expiry.unref();
  }

  #stop(): void {
    this.#over = true;
    clearInterval(this.#renewal);
    clearTimeout(this.#expiry);
  }

  #end(): void {
    if (this.#over) return;
    this.#stop();
    this.#onEnd();
    for (const listener of this.#listeners.splice(0)) listener();
  }
}
