import { AbortError, ListingChangedError } from '../errors.js';
import { acknowledge } from './acknowledge.js';
import { type DeliveryTarget, deliver } from './deliver.js';
import { SnapshotDiffer } from './diff.js';
import { MassDeleteError, type PollHandlerError } from './errors.js';
import type { ResolvedPollerOptions } from './options.js';
import type { PollSource } from './source.js';
import type { PollState } from './state.js';

/** Events delivered by one pass, by type. */
export interface PollResult {
  created: number;
  updated: number;
  deleted: number;
}

export interface PassOutcome {
  readonly result: PollResult;
  /** Events not acknowledged (a handler threw or a consumer's queue closed); they come again. */
  readonly unacknowledged: number;
  /** Handlers that threw (already reported through the target as they happened). */
  readonly handlerErrors: readonly PollHandlerError[];
  /** Set when the mass-delete guard held this pass's deletes back. */
  readonly massDelete: MassDeleteError | undefined;
}

/**
 * Runs passes for one watched key: load state (once), list everything, diff, deliver, and save only
 * what was acknowledged. Callers serialise passes; this class assumes one at a time.
 */
export class PassRunner<T> {
  readonly #source: PollSource<T>;
  readonly #opts: ResolvedPollerOptions;
  readonly #key: string;
  readonly #target: DeliveryTarget<T>;
  #state: PollState | undefined;
  #loaded = false;

  constructor(source: PollSource<T>, opts: ResolvedPollerOptions, key: string, target: DeliveryTarget<T>) {
    this.#source = source;
    this.#opts = opts;
    this.#key = key;
    this.#target = target;
  }

  async run(signal: AbortSignal, allowMassDelete: boolean): Promise<PassOutcome> {
    const opts = this.#opts;
    if (!this.#loaded) {
      this.#state = await opts.store.load(this.#key);
      this.#loaded = true;
    }
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
    let complete = true;
    try {
      for await (const record of this.#source.list({ where: opts.where, signal })) differ.add(record);
    } catch (err) {
      if (signal.aborted) throw new AbortError('The poller was aborted');
      // The listing shifted while it was paged: every record seen is real (creates and updates
      // stand), but one may have been skipped, so nothing may be called deleted this pass.
      if (!(err instanceof ListingChangedError)) throw err;
      complete = false;
    }
    // A source that ignores the signal must not turn an aborted, maybe partial, listing into deletes.
    if (signal.aborted) throw new AbortError('The poller was aborted');
    const diff = differ.finish({ complete });
    const changes = diff.changes;
    const handlerErrors: PollHandlerError[] = [];
    const target: DeliveryTarget<T> = {
      ...this.#target,
      onHandlerError: (err) => {
        handlerErrors.push(err);
        this.#target.onHandlerError(err);
      },
    };
    const unacked = await deliver(changes, target, opts.concurrency, signal);
    if (signal.aborted) throw new AbortError('The poller was aborted');
    const next = unacked.length > 0 ? acknowledge(diff, unacked) : diff.next;
    if (diff.changed) await opts.store.save(this.#key, next);
    this.#state = next;
    const result: PollResult = { created: 0, updated: 0, deleted: 0 };
    for (const { event } of changes) result[event.type]++;
    const massDelete =
      diff.withheldDeletes > 0
        ? new MassDeleteError(
            this.#source.resource,
            prev?.ids.length ?? 0,
            diff.missing,
            opts.maxDeleteFraction,
          )
        : undefined;
    return { result, unacknowledged: unacked.length, handlerErrors, massDelete };
  }
}
