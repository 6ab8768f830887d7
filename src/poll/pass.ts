import { AbortError, ListingChangedError } from '../errors.js';
import { PaginationLoopError } from '../pagination/errors.js';
import { acknowledge } from './acknowledge.js';
import { type DeliveryTarget, deliver } from './deliver.js';
import { type DeletePlan, SnapshotDiffer } from './diff.js';
import {
  MassDeleteError,
  type PollHandlerError,
  PollLeaseHeldError,
  PollStateLockedError,
} from './errors.js';
import { isLease } from './lease.js';
import type { LeaseChange } from './listeners.js';
import type { ResolvedPollerOptions } from './options.js';
import type { PollSource } from './source.js';
import type { PollState, PollStateLock } from './state.js';
import { upgradeState } from './state-upgrade.js';

/** Events delivered by one pass, by type. */
export interface PollResult {
  created: number;
  updated: number;
  deleted: number;
}

/** How a pass read the listing and settled its missing records (for logs; no record contents). */
export interface PassReport {
  /** Records the listing held. */
  readonly listed: number;
  /** Known records it did not hold (delete candidates). */
  readonly missing: number;
  /** Candidates looked up one by one (`confirmGone`): the extra requests this pass made. */
  readonly checked: number;
  /** Candidates the lookup found still there: the listing had skipped them. */
  readonly stillThere: number;
  /** Every page was read, and nothing showed that the listing moved while it was paged. */
  readonly consistent: boolean;
}

export interface PassOutcome {
  readonly result: PollResult;
  readonly report: PassReport;
  /** Events not acknowledged (a handler threw or a consumer's queue closed); they come again. */
  readonly unacknowledged: number;
  /** Handlers that threw (already reported through the target as they happened). */
  readonly handlerErrors: readonly PollHandlerError[];
  /** Set when the mass-delete guard held this pass's deletes back. */
  readonly massDelete: MassDeleteError | undefined;
  /** Set when the server repeated pages and the walk was stopped (the pass then deletes nothing). */
  readonly pagingError: PaginationLoopError | undefined;
}

type Listing = { complete: boolean; consistent: boolean };
type Decision = { plan: DeletePlan; checked: number; stillThere: number; massDelete?: MassDeleteError };

/** Where a runner reports what it delivers, and (with a lease) when it leads or follows. */
export interface RunnerTarget<T> extends DeliveryTarget<T> {
  leadership?(leader: boolean, change: LeaseChange): void;
}

/**
 * Runs passes for one watched key: take the store's lock and load state (once), list everything,
 * diff, prove deletes, deliver, and save only what was acknowledged. Callers serialise passes; this
 * class assumes one at a time.
 */
export class PassRunner<T> {
  readonly #source: PollSource<T>;
  readonly #opts: ResolvedPollerOptions;
  readonly #key: string;
  readonly #target: RunnerTarget<T>;
  #state: PollState | undefined;
  #loaded = false;
  #lock: PollStateLock | undefined;
  /** With a lease: whether this runner leads (undefined until the first attempt). */
  #leader: boolean | undefined;
  /** With a lease, while following: when to ask for it again. */
  #retryInMs = 0;

  constructor(source: PollSource<T>, opts: ResolvedPollerOptions, key: string, target: RunnerTarget<T>) {
    this.#source = source;
    this.#opts = opts;
    this.#key = key;
    this.#target = target;
  }

  /** Gives the store's lock back; the next pass takes it again and reloads the state. */
  async release(): Promise<void> {
    this.#leader = undefined;
    await this.#drop();
  }

  async #drop(): Promise<void> {
    const lock = this.#lock;
    this.#lock = undefined;
    this.#loaded = false;
    this.#state = undefined;
    await lock?.release();
  }

  /** This runner holds its watched key: the store's lock or a live lease (or state loaded, for a store without locks). */
  get holds(): boolean {
    const lock = this.#lock;
    if (!lock) return this.#loaded;
    return isLease(lock) ? lock.held() : true;
  }

  /** While following a lease: ms until the leader's lease would run out. */
  get retryInMs(): number | undefined {
    return this.#leader === false ? this.#retryInMs : undefined;
  }

  /**
   * With the `lease` option, before each pass: keeps the lease, or takes it (and loads the state it
   * guards). False while another poller holds it: this one follows. A lease that ran out is dropped
   * with the state in memory, since the poller that held it meanwhile may have moved the state on.
   */
  async lead(): Promise<boolean> {
    if (isLease(this.#lock) && !this.#lock.held()) await this.#drop().catch(() => {});
    if (!this.#loaded) {
      try {
        await this.#take();
      } catch (err) {
        if (!(err instanceof PollLeaseHeldError || err instanceof PollStateLockedError)) throw err;
        const ttlMs = this.#opts.lease?.ttlMs ?? 0;
        this.#retryInMs = err instanceof PollLeaseHeldError ? Math.min(err.retryInMs, ttlMs) : ttlMs / 3;
        this.#announce(false, undefined);
        return false;
      }
    }
    if (this.#leader !== true) this.#announce(true, isLease(this.#lock) ? this.#lock.epoch : undefined);
    return true;
  }

  #announce(leader: boolean, epoch: number | undefined): void {
    const was = this.#leader;
    this.#leader = leader;
    if (was === leader) return;
    const change: LeaseChange = { key: this.#key };
    if (epoch !== undefined) change.epoch = epoch;
    this.#target.leadership?.(leader, change);
  }

  /** Takes the key (a lease when the poller asked for one) and loads its state. */
  async #take(): Promise<void> {
    const opts = this.#opts;
    if (!this.#lock) {
      const lease = opts.lease ? { leaseMs: opts.lease.ttlMs } : undefined;
      const taken = await (lease ? opts.store.acquire?.(this.#key, lease) : opts.store.acquire?.(this.#key));
      this.#lock = taken;
      // A leader that loses its lease says so at once, not at its next pass.
      if (lease && isLease(taken))
        taken.onLost(() => this.#lock === taken && this.#announce(false, taken.epoch));
    }
    this.#state = upgradeState(await opts.store.load(this.#key));
    this.#loaded = true;
  }

  /** Saves through the lease when there is one: the store refuses the write once it is over. */
  #save(lock: PollStateLock | undefined, state: PollState): Promise<void> {
    return isLease(lock) ? lock.save(state) : this.#opts.store.save(this.#key, state);
  }

  async run(signal: AbortSignal, allowMassDelete: boolean): Promise<PassOutcome> {
    const opts = this.#opts;
    // A lease that ran out (the store leases keys even without the `lease` option): take the key
    // again, or fail this pass while someone else holds it.
    if (isLease(this.#lock) && !this.#lock.held()) await this.#drop().catch(() => {});
    if (!this.#loaded) await this.#take();
    const lock = this.#lock;
    const prev = this.#state;
    const differ = new SnapshotDiffer<T>(prev, {
      resource: this.#source.resource,
      idOf: (record) => this.#source.idOf(record),
      ignoreFields: opts.ignoreFields,
      includePrevious: opts.includePrevious,
      deletes: opts.deletes,
      maxDeleteFraction: opts.maxDeleteFraction,
      allowMassDelete,
      emit: prev !== undefined || opts.initial === 'emit',
    });
    const listing: Listing = { complete: true, consistent: true };
    let listed = 0;
    let pagingError: PaginationLoopError | undefined;
    try {
      const query =
        opts.prefetch === undefined
          ? { where: opts.where, signal }
          : { where: opts.where, signal, prefetch: opts.prefetch };
      for await (const record of this.#source.list(query)) {
        listed++;
        differ.add(record);
      }
    } catch (err) {
      if (signal.aborted) throw new AbortError('The poller was aborted');
      // The listing shifted while it was paged: every record seen is real (creates and updates
      // stand), but one may have been skipped, so its absence proves nothing.
      if (err instanceof ListingChangedError) listing.consistent = false;
      // The server repeated pages: the rest of the listing was never read.
      else if (err instanceof PaginationLoopError) {
        pagingError = err;
        listing.complete = false;
        listing.consistent = false;
      } else throw err;
    }
    // A source that ignores the signal must not turn an aborted, maybe partial, listing into deletes.
    if (signal.aborted) throw new AbortError('The poller was aborted');
    if (differ.duplicates > 0) listing.consistent = false;
    const decision = await this.#decideDeletes(differ, prev, listing, signal);
    const diff = differ.finish(decision.plan);
    const changes = diff.changes;
    const handlerErrors: PollHandlerError[] = [];
    const target: DeliveryTarget<T> = {
      ...this.#target,
      onHandlerError: (err) => {
        handlerErrors.push(err);
        this.#target.onHandlerError(err);
      },
    };
    if (changes.some((c) => c.event.type === 'created')) {
      // Write-ahead: a created record handed out must survive a crash mid-delivery (as announced),
      // or a delete that follows the crash would never reach the consumer that handled the created.
      await lock?.check?.();
      await this.#save(lock, acknowledge(diff, changes));
    }
    // A lease that ran out mid-pass hands out nothing more: the new leader delivers the rest.
    const stillHeld = isLease(lock) ? () => lock.held() : undefined;
    const unacked = await deliver(changes, target, opts.concurrency, signal, stillHeld);
    if (signal.aborted) throw new AbortError('The poller was aborted');
    const next = unacked.length > 0 ? acknowledge(diff, unacked) : diff.next;
    if (diff.changed) {
      // A poller that lost its hold on the key (a lease that expired) must not overwrite the new holder's state.
      await lock?.check?.();
      await this.#save(lock, next);
    }
    this.#state = next;
    const result: PollResult = { created: 0, updated: 0, deleted: 0 };
    for (const { event } of changes) result[event.type]++;
    const report: PassReport = {
      listed,
      missing: differ.missing().length,
      checked: decision.checked,
      stillThere: decision.stillThere,
      consistent: listing.consistent && decision.stillThere === 0,
    };
    return {
      result,
      report,
      unacknowledged: unacked.length,
      handlerErrors,
      massDelete: decision.massDelete,
      pagingError,
    };
  }

  /**
   * Which missing records are deleted, with positive evidence only (docs/polling.md, guarantee 2).
   * In this order, so that a broken listing costs nothing: an incomplete listing proves nothing; the
   * mass-delete guard holds back a sudden mass disappearance before anything is looked up; then
   * the source's own lookup (`GET /{id}` answering 404) proves each candidate, and a candidate that
   * still exists shows the listing skipped it. Without a lookup, a record is deleted once two
   * consecutive consistent listings missed it.
   */
  async #decideDeletes(
    differ: SnapshotDiffer<T>,
    prev: PollState | undefined,
    listing: Listing,
    signal: AbortSignal,
  ): Promise<Decision> {
    const missing = differ.missing();
    const wasPending = new Set(prev?.pending);
    const keepPending = (): DeletePlan => ({
      deleted: new Set(),
      pending: new Set(missing.filter((id) => wasPending.has(id))),
    });
    const none = { checked: 0, stillThere: 0 };
    if (!listing.complete || missing.length === 0) return { plan: keepPending(), ...none };
    if (differ.massDeleteHeld()) {
      const known = prev?.ids.size ?? 0;
      const fraction = this.#opts.maxDeleteFraction;
      const massDelete = new MassDeleteError(this.#source.resource, known, missing.length, fraction);
      return { plan: keepPending(), ...none, massDelete };
    }
    const lookup = this.#opts.deletes ? this.#source.confirmGone : undefined;
    const gone = await lookup?.call(this.#source, missing, { where: this.#opts.where, signal });
    if (signal.aborted) throw new AbortError('The poller was aborted');
    if (gone !== undefined) {
      const candidates = new Set(missing);
      const deleted = new Set([...gone].filter((id) => candidates.has(id)));
      const stillThere = missing.length - deleted.size;
      return { plan: { deleted, pending: new Set() }, checked: missing.length, stillThere };
    }
    if (!listing.consistent) return { plan: keepPending(), ...none };
    const deleted = new Set(missing.filter((id) => wasPending.has(id)));
    const pending = new Set(missing.filter((id) => !wasPending.has(id)));
    return { plan: { deleted, pending }, ...none };
  }
}
