/** Polling change events: `new Poller(source, options)` over any {@link PollSource}. */

export { acknowledge } from './acknowledge.js';
export { BACKOFF_BASE_MS, retryDelay } from './backoff.js';
export { CONFIRM_CONCURRENCY, confirmGoneBy } from './confirm-gone.js';
export type { ChangeHandler } from './deliver.js';
export {
  type Change,
  type DeletePlan,
  type DiffOptions,
  diffSnapshot,
  MASS_DELETE_MIN_KNOWN,
  type SnapshotDiff,
  SnapshotDiffer,
} from './diff.js';
export {
  MassDeleteError,
  PollerStalledError,
  PollHandlerError,
  PollLeaseHeldError,
  PollLeaseLostError,
  type PollLockHolder,
  PollStateError,
  PollStateLockedError,
} from './errors.js';
export { type ChangeEvent, type ChangeType, changeEventId } from './event.js';
export { FileStateStore, type FileStateStoreOptions } from './file-state-store.js';
export { canonicalJson, contentHash } from './hash.js';
export { isLease, type PollLockOptions, type PollStateLease } from './lease.js';
export type { LeaseChange, PollerEventMap } from './listeners.js';
export type { PollerOptions } from './options.js';
export type { PassReport, PollResult } from './pass.js';
export { Poller, type PollStatus } from './poller.js';
export type { PollSource } from './source.js';
export {
  type IdTable,
  MemoryStateStore,
  type PollState,
  type PollStateLock,
  type PollStateStore,
  type PollStateV1,
  type RecordState,
  type RecordTable,
  stateKey,
} from './state.js';
export { decodeState, encodeState } from './state-codec.js';
