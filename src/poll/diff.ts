/**
 * The pure heart of a pass: previous state + one complete listing → change events and the state to
 * save once they are acknowledged. No I/O, no clock unless `observedAt` is left out.
 */
import { type ChangeEvent, type ChangeType, changeEventId } from './event.js';
import { changedFields, RecordHasher, type RecordShape } from './hash.js';
import type { PollState, RecordState } from './state.js';

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
}

/** One event and what to restore if it is not acknowledged. */
export interface Change<T> {
  readonly event: ChangeEvent<T>;
  /** The record's state before this change (undefined for created). */
  readonly before: RecordState | undefined;
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
  readonly #records = new Map<string, RecordState>();
  readonly #shapes: (readonly string[])[];
  readonly #shapeIndex = new Map<string, number>();
  readonly #shapeOf = new Map<RecordShape, number>();
  readonly #changes: Change<T>[] = [];
  readonly #observedAt: string;
  #matched = 0;
  #dirty: boolean;

  constructor(prev: PollState | undefined, opts: DiffOptions<T>) {
    this.#prev = prev;
    this.#opts = opts;
    this.#hasher = new RecordHasher(opts.ignoreFields);
    this.#shapes = prev ? [...prev.shapes] : [];
    this.#shapes.forEach((names, i) => {
      this.#shapeIndex.set(JSON.stringify(names), i);
    });
    this.#observedAt = opts.observedAt ?? new Date().toISOString();
    this.#dirty = prev === undefined;
  }

  /** Adds one listed record. A repeated id (a page shifted under the listing) keeps its first copy. */
  add(record: T): void {
    const id = this.#opts.idOf(record);
    if (this.#records.has(id)) return;
    const hash = this.#hasher.hash(record as object);
    const before = this.#prev?.records.get(id);
    if (before) this.#matched++;
    if (before && before.hash === hash) {
      this.#records.set(id, this.#opts.includePrevious ? this.#keep(before, record) : this.#drop(before));
      return;
    }
    const after = this.#stateOf(hash, record);
    this.#records.set(id, after);
    this.#dirty = true;
    if (!before) {
      this.#push('created', id, after.hash, undefined, { object: record });
      return;
    }
    const beforeNames = this.#shapes[before.shape] ?? [];
    const fields = changedFields(beforeNames, before.fields, this.#hasher.shape.names, after.fields);
    const previous = before.previous as T | undefined;
    this.#push('updated', id, after.hash, before, { object: record, previous, changedFields: fields });
  }

  finish(): SnapshotDiff<T> {
    const prev = this.#prev;
    const known = prev?.records.size ?? 0;
    const missing = known - this.#matched;
    const fraction = this.#opts.maxDeleteFraction ?? 0.5;
    const tripped =
      !this.#opts.allowMassDelete && known >= MASS_DELETE_MIN_KNOWN && missing > fraction * known;
    if (prev && missing > 0) {
      for (const [id, before] of prev.records) {
        if (this.#records.has(id)) continue;
        if (tripped) this.#records.set(id, before);
        else if (this.#opts.deletes ?? true) {
          this.#push('deleted', id, before.hash, before, { previous: before.previous as T | undefined });
        }
      }
      if (!tripped) this.#dirty = true;
    }
    return {
      changes: this.#changes,
      next: { version: 1, shapes: this.#shapes, records: this.#records },
      changed: this.#dirty,
      missing,
      withheldDeletes: tripped ? missing : 0,
    };
  }

  #push(
    type: ChangeType,
    objectId: string,
    version: string,
    before: RecordState | undefined,
    extra: Pick<ChangeEvent<T>, 'object' | 'previous' | 'changedFields'>,
  ): void {
    const { resource } = this.#opts;
    const event: ChangeEvent<T> = {
      id: changeEventId(resource, objectId, type, version),
      type,
      resource,
      objectId,
      observedAt: this.#observedAt,
    };
    if (extra.object !== undefined) event.object = extra.object;
    if (extra.previous !== undefined) event.previous = extra.previous;
    if (extra.changedFields) event.changedFields = extra.changedFields;
    this.#changes.push({ event, before });
  }

  // The state of the record the hasher just hashed.
  #stateOf(hash: string, record: T): RecordState {
    const names = this.#hasher.shape;
    let shape = this.#shapeOf.get(names);
    if (shape === undefined) {
      const key = JSON.stringify(names.names);
      shape = this.#shapeIndex.get(key) ?? this.#shapes.push(names.names) - 1;
      this.#shapeIndex.set(key, shape);
      this.#shapeOf.set(names, shape);
    }
    const state = { hash, shape, fields: this.#hasher.fieldHashes() };
    return this.#opts.includePrevious ? { ...state, previous: record } : state;
  }

  // includePrevious toggled since the state was written: add or shed the stored copy.
  #keep(before: RecordState, record: T): RecordState {
    if (before.previous !== undefined) return before;
    this.#dirty = true;
    return { ...before, previous: record };
  }

  #drop(before: RecordState): RecordState {
    if (before.previous === undefined) return before;
    this.#dirty = true;
    const { previous: _, ...rest } = before;
    return rest;
  }
}

/** Diffs a whole listing at once (the pure form of a pass). */
export function diffSnapshot<T>(
  prev: PollState | undefined,
  records: Iterable<T>,
  opts: DiffOptions<T>,
): SnapshotDiff<T> {
  const differ = new SnapshotDiffer(prev, opts);
  for (const record of records) differ.add(record);
  return differ.finish();
}

/**
 * The state to save when some changes were not acknowledged: those records keep their previous
 * state, so the next pass finds the same change again (same event id).
 */
export function acknowledge<T>(diff: SnapshotDiff<T>, unacknowledged: Iterable<Change<T>>): PollState {
  const records = new Map(diff.next.records);
  for (const { event, before } of unacknowledged) {
    if (before) records.set(event.objectId, before);
    else records.delete(event.objectId);
  }
  return { ...diff.next, records };
}
