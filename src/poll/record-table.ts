/**
 * What the poller keeps per record, as packed columns rather than an object per record: an 8-byte
 * content hash, a shape index, and one 4-byte hash per field. A 16-field touch costs 8 + 4 + 4 + 64
 * = 80 bytes here (its id lives in the {@link IdTable}), where an object with two strings cost ~190.
 */
import { IdTable, IdTableBuilder } from './id-table.js';
import type { PollState, RecordState } from './state.js';
import { growUint8, growUint32 } from './typed-growth.js';

const HASH_BYTES = 8;

export class RecordTable implements Iterable<RecordState> {
  readonly #hashes: Uint8Array;
  readonly #shapes: Uint32Array;
  /** `#fieldEnds[i]` is where record `i`'s field hashes end in `#fields`. */
  readonly #fieldEnds: Uint32Array;
  readonly #fields: Uint32Array;
  readonly #previous: readonly unknown[] | undefined;

  /** @internal Built by {@link StateBuilder}. */
  constructor(
    hashes: Uint8Array,
    shapes: Uint32Array,
    fieldEnds: Uint32Array,
    fields: Uint32Array,
    previous: readonly unknown[] | undefined,
  ) {
    this.#hashes = hashes;
    this.#shapes = shapes;
    this.#fieldEnds = fieldEnds;
    this.#fields = fields;
    this.#previous = previous;
  }

  static empty(): RecordTable {
    return new RecordTable(
      new Uint8Array(0),
      new Uint32Array(0),
      new Uint32Array(0),
      new Uint32Array(0),
      undefined,
    );
  }

  get size(): number {
    return this.#shapes.length;
  }

  /** Bytes held by the columns (record copies kept for `includePrevious` not counted). */
  get bytes(): number {
    return (
      this.#hashes.byteLength + this.#shapes.byteLength + this.#fieldEnds.byteLength + this.#fields.byteLength
    );
  }

  /** Whether any record keeps its previous object (`includePrevious`). */
  get hasPrevious(): boolean {
    return this.#previous !== undefined;
  }

  /** Record `i`'s content hash: 8 latin1 chars, one per byte (the event version). */
  hashAt(i: number): string {
    const at = i * HASH_BYTES;
    return String.fromCharCode(...this.#hashes.subarray(at, at + HASH_BYTES));
  }

  /** Whether record `i` has content hash `hash` (8 latin1 chars, as hashing gives it), without a string. */
  hashEquals(i: number, hash: string): boolean {
    const at = i * HASH_BYTES;
    for (let k = 0; k < HASH_BYTES; k++) if (this.#hashes[at + k] !== hash.charCodeAt(k)) return false;
    return true;
  }

  shapeAt(i: number): number {
    return this.#shapes[i] ?? 0;
  }

  /** Record `i`'s field hashes, in shape order (a view, not a copy). */
  fieldsAt(i: number): Uint32Array {
    return this.#fields.subarray(this.#fieldStart(i), this.#fieldEnds[i]);
  }

  previousAt(i: number): unknown {
    return this.#previous?.[i];
  }

  /** Record `i` as one object (for events and reverts; the table itself keeps no objects). */
  at(i: number): RecordState {
    const state: RecordState = {
      hash: this.hashAt(i),
      shape: this.shapeAt(i),
      fields: fieldText(this.fieldsAt(i)),
    };
    const previous = this.previousAt(i);
    return previous === undefined ? state : { ...state, previous };
  }

  *[Symbol.iterator](): Iterator<RecordState> {
    for (let i = 0; i < this.size; i++) yield this.at(i);
  }

  /** @internal The raw columns, for builders copying ranges. */
  columns() {
    return { hashes: this.#hashes, shapes: this.#shapes, fieldEnds: this.#fieldEnds, fields: this.#fields };
  }

  #fieldStart(i: number): number {
    return i === 0 ? 0 : (this.#fieldEnds[i - 1] ?? 0);
  }
}

/** Field hashes as 4 latin1 chars each, big-endian (the form `RecordState.fields` and state files use). */
export function fieldText(fields: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < fields.length; i++) {
    const h = fields[i] ?? 0;
    text += String.fromCharCode(h >>> 24, (h >>> 16) & 255, (h >>> 8) & 255, h & 255);
  }
  return text;
}

/** The reverse of {@link fieldText}. */
export function fieldsOf(text: string): Uint32Array {
  const fields = new Uint32Array(text.length >> 2);
  for (let i = 0; i < fields.length; i++) {
    const at = i * 4;
    fields[i] =
      ((text.charCodeAt(at) << 24) |
        (text.charCodeAt(at + 1) << 16) |
        (text.charCodeAt(at + 2) << 8) |
        text.charCodeAt(at + 3)) >>>
      0;
  }
  return fields;
}

/**
 * Builds a {@link PollState} record by record (or range by range, copying columns), in listing order.
 * Arrays grow by half again, and `finish()` trims them to size.
 */
export class StateBuilder {
  readonly #ids: IdTableBuilder;
  #hashes: Uint8Array;
  #shapes: Uint32Array;
  #fieldEnds: Uint32Array;
  #fields: Uint32Array;
  #previous: unknown[] | undefined;
  #count = 0;
  #fieldLength = 0;

  constructor(expected = 0) {
    this.#ids = new IdTableBuilder(expected);
    const n = Math.max(16, expected);
    this.#hashes = new Uint8Array(n * HASH_BYTES);
    this.#shapes = new Uint32Array(n);
    this.#fieldEnds = new Uint32Array(n);
    this.#fields = new Uint32Array(n * 16);
  }

  get size(): number {
    return this.#count;
  }

  /** Appends one record; `hash` as {@link RecordHasher.hash} gives it, or its 8 bytes. */
  push(
    id: string,
    hash: string | Uint8Array,
    shape: number,
    fields: ArrayLike<number>,
    previous?: unknown,
  ): void {
    this.#ids.push(id);
    const i = this.#reserve(1, fields.length);
    if (typeof hash === 'string') {
      for (let k = 0; k < HASH_BYTES; k++) this.#hashes[i * HASH_BYTES + k] = hash.charCodeAt(k);
    } else this.#hashes.set(hash.subarray(0, HASH_BYTES), i * HASH_BYTES);
    this.#shapes[i] = shape;
    for (let k = 0; k < fields.length; k++) this.#fields[this.#fieldLength + k] = fields[k] ?? 0;
    this.#fieldLength += fields.length;
    this.#fieldEnds[i] = this.#fieldLength;
    this.#setPrevious(i, previous);
  }

  /** Appends one record as {@link RecordTable.at} gives it (a revert to an earlier state). */
  pushState(id: string, state: RecordState): void {
    this.push(id, state.hash, state.shape, fieldsOf(state.fields), state.previous);
  }

  /**
   * Appends records `from`..`to` (exclusive) of `state` as they are, in one copy per column;
   * with `keepPrevious` false their previous objects are dropped.
   */
  copyRange(state: PollState, from: number, to: number, keepPrevious: boolean): void {
    if (to <= from) return;
    this.#ids.pushRange(state.ids, from, to);
    const source = state.records.columns();
    const fieldFrom = from === 0 ? 0 : (source.fieldEnds[from - 1] ?? 0);
    const fieldTo = source.fieldEnds[to - 1] ?? 0;
    const i = this.#reserve(to - from, fieldTo - fieldFrom);
    this.#hashes.set(source.hashes.subarray(from * HASH_BYTES, to * HASH_BYTES), i * HASH_BYTES);
    this.#shapes.set(source.shapes.subarray(from, to), i);
    this.#fields.set(source.fields.subarray(fieldFrom, fieldTo), this.#fieldLength);
    const shift = this.#fieldLength - fieldFrom;
    for (let k = from; k < to; k++) this.#fieldEnds[i + k - from] = (source.fieldEnds[k] ?? 0) + shift;
    this.#fieldLength += fieldTo - fieldFrom;
    if (keepPrevious && state.records.hasPrevious) {
      for (let k = from; k < to; k++) this.#setPrevious(i + k - from, state.records.previousAt(k));
    }
  }

  finish(): { ids: IdTable; records: RecordTable } {
    const n = this.#count;
    const previous = this.#previous;
    if (previous) previous.length = n;
    return {
      ids: n === 0 ? IdTable.empty() : this.#ids.finish(),
      records:
        n === 0
          ? RecordTable.empty()
          : new RecordTable(
              this.#hashes.slice(0, n * HASH_BYTES),
              this.#shapes.slice(0, n),
              this.#fieldEnds.slice(0, n),
              this.#fields.slice(0, this.#fieldLength),
              previous,
            ),
    };
  }

  /** Room for `records` more records and `fields` more field hashes; returns the first new index. */
  #reserve(records: number, fields: number): number {
    const i = this.#count;
    const n = i + records;
    this.#hashes = growUint8(this.#hashes, n * HASH_BYTES);
    this.#shapes = growUint32(this.#shapes, n);
    this.#fieldEnds = growUint32(this.#fieldEnds, n);
    this.#fields = growUint32(this.#fields, this.#fieldLength + fields);
    this.#count = n;
    return i;
  }

  #setPrevious(i: number, previous: unknown): void {
    if (previous === undefined) return;
    this.#previous ??= [];
    this.#previous[i] = previous;
  }
}

/** A finished builder plus the rest of a state: its shapes and its pending and announced ids. */
export function buildState(
  builder: StateBuilder,
  shapes: readonly (readonly string[])[],
  extra: { pending?: readonly string[] | undefined; announced?: readonly string[] | undefined } = {},
): PollState {
  const { ids, records } = builder.finish();
  let state: PollState = { version: 2, shapes, ids, records };
  if (extra.pending && extra.pending.length > 0) state = { ...state, pending: extra.pending };
  if (extra.announced && extra.announced.length > 0) state = { ...state, announced: extra.announced };
  return state;
}
