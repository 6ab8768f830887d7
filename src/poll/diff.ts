/**
 * The pure heart of a pass: previous state + one complete listing → change events and the state to
 * save once they are acknowledged. No I/O, no clock unless `observedAt` is left out.
 */
import { type ChangeEvent, type ChangeType, changeEventId } from './event.js';
import { changedFields, RecordHasher, type RecordShape } from './hash.js';
import { IdSet } from './id-set.js';
import { buildState, StateBuilder } from './record-table.js';
import type { PollState, PollStateV1, RecordState } from './state.js';
import { upgradeState } from './state-upgrade.js';

/** Guard applies only from this many known records: losing 3 of 5 is ordinary churn. */
export const MASS_DELETE_MIN_KNOWN = 10;

export interface DiffOptions<T> {
  readonly resource: string;
  readonly idOf: (record: T) => string;
  readonly ignoreFields?: Iterable<string> | undefined;
  /** Keep each record in state so updated/deleted events carry `previous`. Default false. */
  readonly includePrevious?: boolean | undefined;
  /** Emit deleted events. Default true; when false, vanished ids are dropped from state silently. */
  readonly deletes?: boolean | undefined;
  /** Default 0.5. More than this fraction vanishing (with ≥ 10 known) withholds every delete. */
  readonly maxDeleteFraction?: number | undefined;
  /** Let this diff delete any fraction (the user confirmed a mass deletion). */
  readonly allowMassDelete?: boolean | undefined;
  readonly observedAt?: string | undefined;
  /** False records state only, building no events (a silent baseline). Default true. */
  readonly emit?: boolean | undefined;
}

/**
 * What a pass decided about the known records its listing did not hold: which to report deleted
 * (proven gone), and which to remember as pending (missing once, awaiting a second listing). The
 * rest are kept as they were.
 */
export interface DeletePlan {
  readonly deleted: ReadonlySet<string>;
  readonly pending: ReadonlySet<string>;
}

/** One event and what to restore if it is not acknowledged. */
export interface Change<T> {
  readonly event: ChangeEvent<T>;
  /** The record's state before this change (undefined for a record never seen before). */
  readonly before: RecordState | undefined;
  /** The record's `created` had been handed out before and was not acknowledged yet. */
  readonly announced?: boolean;
}

export interface SnapshotDiff<T> {
  /** Created and updated in listing order, then deleted. */
  readonly changes: readonly Change<T>[];
  /** The state to save if every change is acknowledged. */
  readonly next: PollState;
  /** Whether `next` differs from the previous state (a save is needed). */
  readonly changed: boolean;
  /** Known ids the listing no longer held. */
  readonly missing: number;
  /** Deletes held back by the mass-delete guard (0 unless it tripped). */
  readonly withheldDeletes: number;
}

/** Incremental diff: feed records as the listing yields them, then `finish()`. */
export class SnapshotDiffer<T> {
  readonly #prev: PollState | undefined;
  readonly #opts: DiffOptions<T>;
  readonly #hasher: RecordHasher;
  readonly #next: StateBuilder;
  readonly #seen: Uint8Array;
  readonly #newIds = new IdSet();
  readonly #shapes: (readonly string[])[];
  readonly #shapeIndex = new Map<RecordShape, number>();
  readonly #changes: Change<T>[] = [];
  readonly #observedAt: string;
  readonly #keepPrevious: boolean;
  #cursor = 0;
  #matched = 0;
  #duplicates = 0;
  #missing: string[] | undefined;
  readonly #announced: ReadonlySet<string>;
  #dirty: boolean;
  /** Unchanged records of the previous state, in its order, not yet copied: `[#runFrom, #runTo)`. */
  #runFrom = 0;
  #runTo = 0;

  constructor(prev: PollState | PollStateV1 | undefined, opts: DiffOptions<T>) {
    const state = upgradeState(prev);
    this.#prev = state;
    this.#opts = opts;
    this.#hasher = new RecordHasher(opts.ignoreFields);
    const known = state?.ids.size ?? 0;
    this.#next = new StateBuilder(known + Math.ceil(known / 64));
    this.#seen = new Uint8Array(known);
    this.#shapes = state ? [...state.shapes] : [];
    this.#observedAt = opts.observedAt ?? new Date().toISOString();
    this.#announced = new Set(state?.announced);
    this.#keepPrevious = opts.includePrevious ?? false;
    // A state that kept record copies, now watched without them (or the other way round), is rewritten.
    this.#dirty = state === undefined || (state.records.hasPrevious && !this.#keepPrevious);
  }

  /** Adds one listed record. A repeated id (a page shifted under the listing) keeps its first copy. */
  add(record: T): void {
    const id = this.#opts.idOf(record);
    const prev = this.#prev;
    let at = -1;
    if (prev) {
      at =
        this.#cursor < prev.ids.size && prev.ids.equalsAt(this.#cursor, id)
          ? this.#cursor
          : prev.ids.indexOf(id);
      if (at >= 0) {
        if (this.#seen[at]) {
          this.#duplicates++;
          return;
        }
        this.#seen[at] = 1;
        this.#matched++;
        this.#cursor = at + 1;
      }
    }
    if (at < 0 && !this.#newIds.add(id)) {
      this.#duplicates++;
      return;
    }
    const hash = this.#hasher.hash(record as object);
    if (prev && at >= 0 && this.#announced.has(id)) {
      // Handed out as created, never acknowledged: announce it again, as it is now.
      const before = prev.records.at(at);
      this.#keepNew(id, hash, record);
      this.#dirty = true;
      this.#push('created', id, hash, before, { object: record }, true);
      return;
    }
    if (prev && at >= 0 && prev.records.hashEquals(at, hash)) {
      this.#keepKnown(prev, at, record);
      return;
    }
    const fields = this.#keepNew(id, hash, record);
    this.#dirty = true;
    if (!prev || at < 0) {
      this.#push('created', id, hash, undefined, { object: record });
      return;
    }
    const before = prev.records.at(at);
    const changed = changedFields(
      this.#shapes[prev.records.shapeAt(at)] ?? [],
      prev.records.fieldsAt(at),
      this.#hasher.shape.names,
      fields,
    );
    const previous = before.previous as T | undefined;
    this.#push('updated', id, hash, before, { object: record, previous, changedFields: changed });
  }

  /** Records the listing repeated (a page shifted under it, or a stale page): the listing moved. */
  get duplicates(): number {
    return this.#duplicates;
  }

  /** Known ids the listing has not held, in the order of the previous listing. */
  missing(): readonly string[] {
    if (this.#missing) return this.#missing;
    const prev = this.#prev;
    const out: string[] = [];
    const known = prev?.ids.size ?? 0;
    for (let i = 0; prev && out.length < known - this.#matched && i < known; i++) {
      if (!this.#seen[i]) out.push(prev.ids.at(i));
    }
    this.#missing = out;
    return out;
  }

  /**
   * Whether the mass-delete guard holds this listing's deletes back: more than `maxDeleteFraction`
   * of at least 10 known records missing for the first time (ids already pending passed the guard
   * when they first went missing). Decided before any delete is confirmed, so a broken listing
   * never costs a lookup per record.
   */
  massDeleteHeld(): boolean {
    const known = this.#prev?.ids.size ?? 0;
    if (this.#opts.allowMassDelete || known < MASS_DELETE_MIN_KNOWN) return false;
    const pending = new Set(this.#prev?.pending ?? []);
    let fresh = 0;
    for (const id of this.missing()) if (!pending.has(id)) fresh++;
    return fresh > (this.#opts.maxDeleteFraction ?? 0.5) * known;
  }

  /**
   * Ends the listing. With a `plan` (what the poller proved), the missing records it names are
   * deleted, those it marks pending are kept and remembered, and the rest are kept as they were.
   * Without one, the listing itself is taken as proof (the pure form of {@link diffSnapshot}): every
   * missing record is deleted unless the mass-delete guard holds them back.
   */
  finish(plan?: DeletePlan): SnapshotDiff<T> {
    this.#flush();
    const prev = this.#prev;
    const known = prev?.ids.size ?? 0;
    const missingIds = this.missing();
    const tripped = !plan && this.massDeleteHeld();
    const deleted = plan ? plan.deleted : tripped ? new Set<string>() : new Set(missingIds);
    const pending: string[] = [];
    let index = 0;
    for (let i = 0; prev && index < missingIds.length && i < known; i++) {
      if (this.#seen[i]) continue;
      const id = missingIds[index++] as string;
      if (!deleted.has(id)) {
        this.#next.copyRange(prev, i, i + 1, this.#keepPrevious);
        if (plan?.pending.has(id)) pending.push(id);
        continue;
      }
      this.#dirty = true;
      if (this.#opts.deletes ?? true) {
        const before = prev.records.at(i);
        const previous = before.previous as T | undefined;
        this.#push('deleted', id, before.hash, before, { previous }, this.#announced.has(id));
      }
    }
    if (!samePending(prev?.pending, pending)) this.#dirty = true;
    // Announced records still unseen and not deleted keep waiting; seen ones were announced again.
    const announced = [...this.#announced].filter((id) => !this.#seenId(id) && !deleted.has(id));
    if (announced.length !== this.#announced.size) this.#dirty = true;
    const next = buildState(this.#next, this.#shapes, { pending, announced });
    return {
      changes: this.#changes,
      next,
      changed: this.#dirty,
      missing: missingIds.length,
      withheldDeletes: tripped ? missingIds.length : 0,
    };
  }

  // A known record, unchanged: copied from the previous state (in runs, one copy per column).
  #keepKnown(prev: PollState, at: number, record: T): void {
    if (this.#keepPrevious && prev.records.previousAt(at) === undefined) {
      // includePrevious was turned on since this state was written: store the record now.
      this.#flush();
      this.#dirty = true;
      this.#next.push(
        prev.ids.at(at),
        prev.records.hashAt(at),
        prev.records.shapeAt(at),
        prev.records.fieldsAt(at),
        record,
      );
      return;
    }
    if (at !== this.#runTo) {
      this.#flush();
      this.#runFrom = at;
    }
    this.#runTo = at + 1;
  }

  #flush(): void {
    if (this.#prev && this.#runTo > this.#runFrom) {
      this.#next.copyRange(this.#prev, this.#runFrom, this.#runTo, this.#keepPrevious);
    }
    this.#runFrom = this.#runTo = 0;
  }

  // A new or changed record, as the hasher just hashed it; returns its field hashes.
  #keepNew(id: string, hash: string, record: T): Uint32Array {
    this.#flush();
    const fields = this.#hasher.fieldHashArray();
    this.#next.push(id, hash, this.#shapeOfLast(), fields, this.#keepPrevious ? record : undefined);
    return fields;
  }

  // Whether the listing held a known id.
  #seenId(id: string): boolean {
    const at = this.#prev ? this.#prev.ids.indexOf(id) : -1;
    return at >= 0 && this.#seen[at] === 1;
  }

  #push(
    type: ChangeType,
    objectId: string,
    version: string,
    before: RecordState | undefined,
    extra: Pick<ChangeEvent<T>, 'object' | 'previous' | 'changedFields'>,
    announced = false,
  ): void {
    const { resource, emit = true } = this.#opts;
    if (!emit) return;
    const id = changeEventId(resource, objectId, type, version);
    const event: ChangeEvent<T> = { id, type, resource, objectId, observedAt: this.#observedAt };
    if (extra.object !== undefined) event.object = extra.object;
    if (extra.previous !== undefined) event.previous = extra.previous;
    if (extra.changedFields) event.changedFields = extra.changedFields;
    this.#changes.push(announced ? { event, before, announced } : { event, before });
  }

  // The shape index of the record the hasher just hashed.
  #shapeOfLast(): number {
    const shape = this.#hasher.shape;
    let index = this.#shapeIndex.get(shape);
    if (index === undefined) {
      const key = JSON.stringify(shape.names);
      index = this.#shapes.findIndex((names) => JSON.stringify(names) === key);
      if (index < 0) index = this.#shapes.push(shape.names) - 1;
      this.#shapeIndex.set(shape, index);
    }
    return index;
  }
}

function samePending(before: readonly string[] | undefined, after: readonly string[]): boolean {
  if ((before?.length ?? 0) !== after.length) return false;
  const set = new Set(before);
  return after.every((id) => set.has(id));
}

/** Diffs a whole listing at once (the pure form of a pass: the listing is taken as proof of deletes). */
export function diffSnapshot<T>(
  prev: PollState | PollStateV1 | undefined,
  records: Iterable<T>,
  opts: DiffOptions<T>,
): SnapshotDiff<T> {
  const differ = new SnapshotDiffer(prev, opts);
  for (const record of records) differ.add(record);
  return differ.finish();
}
