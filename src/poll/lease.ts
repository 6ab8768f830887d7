/**
 * Leases: one poller per watched key across processes, with a successor when the holder dies.
 * A store that can lease a key (RedisStateStore) returns a {@link PollStateLease} from `acquire`
 * when the poller asks for one (`lease: { ttlMs }`), and throws `PollLeaseHeldError` while another
 * poller holds it; the poller then follows, and asks again when that lease would expire.
 */
import type { PollState, PollStateLock } from './state.js';

/** What a poller asks of `PollStateStore.acquire`. */
export interface PollLockOptions {
  /** Hold the key as a lease of this many ms, renewed (every third of it) while the poller runs. */
  leaseMs?: number;
}

/**
 * A lease on one watched key. Its epoch grows with every acquisition of the key by anyone, and the
 * state is written only by `save`, which the store refuses (`PollLeaseLostError`) unless this lease
 * still holds the key: a poller that was paused or cut off past its lease cannot overwrite the state
 * of the poller that took over (fencing).
 */
export interface PollStateLease extends PollStateLock {
  /** Grows with every acquisition of the key, by any poller: this lease's fencing token. */
  readonly epoch: number;
  /**
   * False once the lease is over as far as this process can tell: a renewal was refused, or none
   * succeeded for the lease's length. Synchronous: checked before each event is handed out.
   */
  held(): boolean;
  /** `listener` runs once, when the lease is found to be over. */
  onLost(listener: () => void): void;
  /** Writes the state, fenced: refused with `PollLeaseLostError` unless this lease still holds the key. */
  save(state: PollState): Promise<void>;
}

export function isLease(lock: PollStateLock | undefined): lock is PollStateLease {
  return typeof (lock as Partial<PollStateLease> | undefined)?.held === 'function';
}
