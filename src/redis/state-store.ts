import { createHash } from 'node:crypto';
import { CoordinationError } from '../errors.js';
import type { OptionTable } from '../option-checks.js';
import { PollLeaseHeldError, PollStateError } from '../poll/errors.js';
import { decodeState } from '../poll/state-codec.js';
import type { RedisCalls, RedisConnection } from './connection.js';
import type { PollLockOptions, PollState, PollStateLease, PollStateStore } from './core-types.js';
import { type LeaseKeys, RedisLease } from './lease.js';
import { ACQUIRE_LEASE, DROP_LEASE_OF } from './lease-scripts.js';
import { durationMs, redisKey, redisPiece } from './options.js';
import { newOwner } from './owned-key.js';

/** Options of {@link RedisStateStore}. */
export interface RedisStateStoreOptions {
  /** Prefix of this store's Redis keys: `<prefix>:{<hash of the watched key>}:state|lease|epoch`. */
  prefix: string;
  /** Each Redis call gives up after this long with a `CoordinationError`. Default 2_000. */
  commandTimeoutMs?: number;
}

const optionChecks: OptionTable<RedisStateStoreOptions> = {
  prefix: redisKey,
  commandTimeoutMs: durationMs(1),
};

/** A poller without the `lease` option still holds its key as a lease, of this length. */
const DEFAULT_LEASE_MS = 30_000;

/**
 * Poll state in Redis, shared by every process that polls the same watched key, one of which leads.
 * A poller takes the key as a lease (`acquire`, with the poller's `lease: { ttlMs }`) and renews it
 * every third of `ttlMs`; the others follow and take over within `ttlMs` once it stops being
 * renewed, then redeliver what the old leader had not acknowledged. Every acquisition gets a higher
 * epoch, and state is written only by a script that checks the lease is still the writer's (fencing),
 * so a leader that was paused past its lease cannot roll the new leader's state back.
 *
 * The state is stored in the same compact binary form as FileStateStore's. Redis down: loading and
 * saving fail with `CoordinationError` (the pass fails and is retried; nothing is acknowledged), and a
 * leader that cannot renew stops handing out events when its lease runs out.
 */
export class RedisStateStore implements PollStateStore {
  /** Prefix of this store's Redis keys. */
  readonly prefix: string;
  readonly #calls: RedisCalls;
  /** The leases this store object holds, by watched key: `save(key)` writes under them. */
  readonly #leases = new Map<string, RedisLease>();

  constructor(redis: RedisConnection, options: RedisStateStoreOptions) {
    const { opts, calls } = redisPiece(redis, options, optionChecks, ['prefix'], 'RedisStateStore');
    this.prefix = opts.prefix;
    this.#calls = calls;
  }

  /** The Redis keys of a watched key (one hash slot, so a Redis Cluster can run the scripts). */
  keysFor(key: string): LeaseKeys {
    const base = `${this.prefix}:{${createHash('sha256').update(key).digest('hex').slice(0, 32)}}`;
    return { lease: `${base}:lease`, epoch: `${base}:epoch`, state: `${base}:state` };
  }

  /** The state last saved for `key`, or undefined; a follower's read, like anyone's, needs no lease. */
  async load(key: string): Promise<PollState | undefined> {
    const { state } = this.keysFor(key);
    const bytes = await this.#calls.send(['HGET', state, 'data'], 'loading poll state', true);
    if (bytes === null || bytes === undefined) return undefined;
    if (!Buffer.isBuffer(bytes))
      throw new CoordinationError('Redis answered a poll state read with something unexpected');
    let decoded: ReturnType<typeof decodeState>;
    try {
      decoded = decodeState(bytes);
    } catch (err) {
      throw new PollStateError(err instanceof Error ? err.message : 'Unreadable poll state', state);
    }
    if (decoded.key !== key) throw new PollStateError('Poll state in Redis belongs to another key', state);
    return decoded.state;
  }

  /** Writes `key`'s state under the lease this store holds on it; without one, nothing is written. */
  async save(key: string, state: PollState): Promise<void> {
    await this.#leaseOf(key).save(state);
  }

  /** Deletes `key`'s state, under this store's lease on it or a short one taken for the purpose. */
  async delete(key: string): Promise<void> {
    const held = this.#leases.get(key);
    if (held) return held.deleteState();
    const lease = (await this.acquire(key, { leaseMs: 10_000 })) as RedisLease;
    try {
      await lease.deleteState();
    } finally {
      await lease.release();
    }
  }

  /**
   * Takes `key` as a lease of `options.leaseMs` (default 30 s), renewed while held; throws
   * `PollLeaseHeldError` (with the time left on it) while another poller holds it.
   */
  async acquire(key: string, options: PollLockOptions = {}): Promise<PollStateLease> {
    // Redis lets the lease lapse a little before `leaseMs` after the last renewal, so that a follower,
    // which asks again just after that, has taken over within `leaseMs` of the leader's death.
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    const ttlMs = Math.ceil(leaseMs - Math.min(100, leaseMs / 10));
    const keys = this.keysFor(key);
    const owner = newOwner();
    const sentAt = performance.now();
    let answer: unknown;
    try {
      answer = await this.#calls.run(
        ACQUIRE_LEASE,
        [keys.lease, keys.epoch, keys.state],
        [owner, String(ttlMs)],
        'taking a poll lease',
      );
    } catch (err) {
      // An answer that timed out may be a lease Redis granted all the same: it is handed back, or the
      // key would have no leader for the lease's length. Best effort: otherwise it expires.
      this.#calls
        .run(DROP_LEASE_OF, [keys.lease], [owner], 'handing back a poll lease')
        .catch(() => undefined);
      throw err;
    }
    const [won, value, holder] = Array.isArray(answer) ? answer : [];
    if (won !== 1) {
      const remaining = typeof value === 'number' && value > 0 ? value : 0;
      // A little later than the expiry, and not all followers at once.
      const retryInMs = remaining + 2 + Math.floor(Math.random() * 10);
      throw new PollLeaseHeldError(
        key,
        retryInMs,
        typeof holder === 'string' ? holderName(holder) : undefined,
      );
    }
    const epoch = Number(value);
    const lease = new RedisLease(
      this.#calls,
      key,
      keys,
      { epoch, value: `${epoch} ${owner}`, ttlMs, renewEveryMs: leaseMs / 3, sentAt },
      () => {
        if (this.#leases.get(key) === lease) this.#leases.delete(key);
      },
    );
    this.#leases.set(key, lease);
    return lease;
  }

  #leaseOf(key: string): RedisLease {
    const lease = this.#leases.get(key);
    if (!lease) {
      throw new CoordinationError(
        'RedisStateStore writes poll state only under a lease on the watched key (acquire(key) first; a poller does); nothing was written',
      );
    }
    return lease;
  }
}

/** "<epoch> <host>:<pid>:<random>" → "host:pid (epoch n)". */
function holderName(value: string): string {
  const [epoch, owner = ''] = value.split(' ');
  const name = owner.split(':').slice(0, 2).join(':');
  return `${name} (epoch ${epoch})`;
}
