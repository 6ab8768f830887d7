/**
 * What the poller remembers between passes, and where it keeps it. Per record: a content hash, a
 * shape index and one short hash per field (for `changedFields`), never the record itself unless
 * `includePrevious` asks for it; packed in columns (about 90 bytes a record for a touch).
 */
import type { IdTable } from './id-table.js';
import type { PollLockOptions } from './lease.js';
import type { RecordTable } from './record-table.js';

export type { IdTable } from './id-table.js';
export type { RecordTable } from './record-table.js';

/** One known record, as one object (`state.records.at(i)`); the state itself keeps columns. */
export interface RecordState {
  /** 8-byte content hash, one latin1 char per byte. */
  readonly hash: string;
  /** Index into {@link PollState.shapes}: the record's sorted watched field names. */
  readonly shape: number;
  /** One 4-byte hash (4 latin1 chars) per field of the shape, in shape order. */
  readonly fields: string;
  /** The record as last seen with this content, only with `includePrevious`. */
  readonly previous?: unknown;
}

/**
 * Everything known about one watched key. Records are kept in listing order, as a table of ids and
 * a table of per-record columns: listings come back in the same order pass after pass, so the diff
 * walks them side by side and looks ids up only where the order changed. Treat as immutable: each
 * pass builds a new one. Stores keep it as is (in memory) or as bytes (`encodeState`/`decodeState`).
 *
 * Version 2 packs what version 1 kept as `ids: string[]` and `records: RecordState[]`; a version 1
 * object a store hands back is converted on load, with the same hashes, so nothing is re-emitted.
 */
export interface PollState {
  readonly version: 2;
  /** Distinct sorted field-name lists; records refer to them by index. */
  readonly shapes: readonly (readonly string[])[];
  /** Record ids, in the order of the last listing: `ids.size`, `ids.at(i)`, `[...ids]`. */
  readonly ids: IdTable;
  /** `records.at(i)` is the state of `ids.at(i)`. */
  readonly records: RecordTable;
  /**
   * Known ids a consistent listing did not hold, awaiting a second one before they are reported
   * deleted (sources that cannot look a record up). They are still in `ids`.
   */
  readonly pending?: readonly string[];
  /**
   * Known ids whose `created` event was handed to consumers but not acknowledged (saved before
   * delivery, so a crash cannot forget it). On sight they are announced again as `created`; if they
   * are gone, they get a `deleted` like any known record, so a consumer that handled the `created`
   * before the crash still learns of the delete.
   */
  readonly announced?: readonly string[];
}

/** The state as version 1 kept it in memory (a store written for it may still return one). */
export interface PollStateV1 {
  readonly version: 1;
  readonly shapes: readonly (readonly string[])[];
  readonly ids: readonly string[];
  readonly records: readonly RecordState[];
  readonly pending?: readonly string[];
  readonly announced?: readonly string[];
}

/**
 * A store's hold on one watched key: while a poller holds it, no other poller may use the key.
 * `check()` runs before every save and throws if the hold was lost (a lease that expired and went to
 * another process), so a poller that lost its key never overwrites the new holder's state; a store
 * with fencing tokens checks them there, or in `save` itself.
 */
export interface PollStateLock {
  check?(): Promise<void>;
  release(): Promise<void>;
}

/** Where poll state lives between passes (and restarts). `load` returns undefined for an unknown key. */
export interface PollStateStore {
  load(key: string): Promise<PollState | undefined>;
  save(key: string, state: PollState): Promise<void>;
  delete?(key: string): Promise<void>;
  /**
   * Optional: take the key for one poller, before its first load. Two pollers on one durable state
   * would both deliver every event, so a store that can tell (FileStateStore: a lock file per key)
   * refuses the second with an error that says why. Released when the poller stops.
   *
   * With `options.leaseMs` (the poller's `lease` option) the key is held as a renewed lease
   * ({@link PollStateLease}, RedisStateStore): while another poller holds it, `acquire` throws
   * `PollLeaseHeldError` and the poller follows instead of failing.
   */
  acquire?(key: string, options?: PollLockOptions): Promise<PollStateLock>;
}

/** Keeps state in this process only: a restart starts a fresh baseline. The default store. */
export class MemoryStateStore implements PollStateStore {
  readonly #states = new Map<string, PollState>();

  async load(key: string): Promise<PollState | undefined> {
    return this.#states.get(key);
  }

  async save(key: string, state: PollState): Promise<void> {
    this.#states.set(key, state);
  }

  async delete(key: string): Promise<void> {
    this.#states.delete(key);
  }
}

/** What a state key is made of: everything that changes what is watched. */
export interface StateKeyParts {
  resource: string;
  where?: string | undefined;
  ignoreFields?: Iterable<string> | undefined;
}

/**
 * The store key for a watch. Changing the resource, the `where` or the ignored fields gives a new key,
 * hence a fresh baseline. The `poll/v1` prefix lets a future state format start fresh the same way.
 */
export function stateKey({ resource, where, ignoreFields = [] }: StateKeyParts): string {
  return JSON.stringify(['poll/v1', resource, where ?? null, [...new Set(ignoreFields)].sort()]);
}
