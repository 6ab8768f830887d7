/**
 * Record ids as one string table: every id of a state in one flat string plus one end offset each,
 * about `id length + 4` bytes per record instead of a string object and an array slot per id
 * (~30 bytes more). Lookups by id build an open-addressing index of 8 to 16 bytes per id, only
 * when a listing's order departs from the previous one.
 */
import { growUint16, growUint32 } from './typed-growth.js';

export class IdTable implements Iterable<string> {
  /** Every id, back to back. */
  readonly #text: string;
  /** `#ends[i]` is where id `i` ends in `#text` (it starts where id `i - 1` ended). */
  readonly #ends: Uint32Array;
  /** Whether every char fits one byte (then the table copies through a byte buffer). */
  readonly #narrow: boolean;
  #index: Int32Array | undefined;

  /** @internal Built by {@link IdTableBuilder}. */
  constructor(text: string, ends: Uint32Array, narrow: boolean) {
    this.#text = text;
    this.#ends = ends;
    this.#narrow = narrow;
  }

  /** An empty table. */
  static empty(): IdTable {
    return new IdTable('', new Uint32Array(0), true);
  }

  /** Number of ids. */
  get size(): number {
    return this.#ends.length;
  }

  /** Bytes held (for reports): the text (1 or 2 per char), the offsets, and the index when built. */
  get bytes(): number {
    return (
      this.#text.length * (this.#narrow ? 1 : 2) + this.#ends.byteLength + (this.#index?.byteLength ?? 0)
    );
  }

  /** Id `i` (a new string each call). */
  at(i: number): string {
    return this.#text.slice(this.startAt(i), this.#ends[i]);
  }

  /** Whether id `i` is `id`, without building a string. */
  equalsAt(i: number, id: string): boolean {
    const start = this.startAt(i);
    const end = this.#ends[i];
    return end !== undefined && end - start === id.length && this.#text.startsWith(id, start);
  }

  /** Where `id` is, or -1. The first lookup builds the index. */
  indexOf(id: string): number {
    this.#index ??= this.#buildIndex();
    const index = this.#index;
    const mask = index.length - 1;
    for (let slot = hashOf(id, 0, id.length) & mask; ; slot = (slot + 1) & mask) {
      const entry = index[slot] ?? 0;
      if (entry === 0) return -1;
      if (this.equalsAt(entry - 1, id)) return entry - 1;
    }
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; i < this.size; i++) yield this.at(i);
  }

  /** @internal Ids `from`..`to` (exclusive) as one string, and whether it is one byte per char. */
  textOf(from: number, to: number): { text: string; narrow: boolean } {
    if (to <= from) return { text: '', narrow: true };
    return { text: this.#text.slice(this.startAt(from), this.#ends[to - 1]), narrow: this.#narrow };
  }

  /** @internal Where id `i` starts in the table's text. */
  startAt(i: number): number {
    return i === 0 ? 0 : (this.#ends[i - 1] ?? 0);
  }

  /** @internal Where id `i` ends in the table's text. */
  endAt(i: number): number {
    return this.#ends[i] ?? 0;
  }

  #buildIndex(): Int32Array {
    let capacity = 16;
    while (capacity < this.size * 2) capacity *= 2;
    const index = new Int32Array(capacity);
    const mask = capacity - 1;
    const text = this.#text;
    for (let i = 0; i < this.size; i++) {
      let slot = hashOf(text, this.startAt(i), this.#ends[i] ?? 0) & mask;
      while (index[slot] !== 0) slot = (slot + 1) & mask;
      index[slot] = i + 1;
    }
    return index;
  }
}

/** FNV-1a over the UTF-16 units of `text[from..to)`. */
export function hashOf(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Appends ids; {@link IdTableBuilder.finish} makes the table. */
export class IdTableBuilder {
  #bytes: Buffer;
  #wide: Uint16Array | undefined;
  #length = 0;
  #ends: Uint32Array;
  #count = 0;

  constructor(expected = 0) {
    this.#bytes = Buffer.allocUnsafe(Math.max(64, expected * 8));
    this.#ends = new Uint32Array(Math.max(16, expected));
  }

  get size(): number {
    return this.#count;
  }

  push(id: string): void {
    this.#append(id, false);
    this.#ends = growUint32(this.#ends, this.#count + 1);
    this.#ends[this.#count++] = this.#length;
  }

  /** Appends ids `from`..`to` (exclusive) of `table` in one copy. */
  pushRange(table: IdTable, from: number, to: number): void {
    if (to <= from) return;
    const { text, narrow } = table.textOf(from, to);
    // The copied ids keep their lengths: their end offsets move by where they now start.
    const shift = this.#length - table.startAt(from);
    this.#append(text, narrow);
    this.#ends = growUint32(this.#ends, this.#count + (to - from));
    for (let i = from; i < to; i++) this.#ends[this.#count++] = table.endAt(i) + shift;
  }

  /** Whether id `i` is `id`. */
  equalsAt(i: number, id: string): boolean {
    const start = i === 0 ? 0 : (this.#ends[i - 1] ?? 0);
    const end = this.#ends[i] ?? 0;
    if (end - start !== id.length) return false;
    const chars = this.#wide ?? this.#bytes;
    for (let k = 0; k < id.length; k++) if (chars[start + k] !== id.charCodeAt(k)) return false;
    return true;
  }

  /** The hash {@link IdTable} indexes id `i` by. */
  hashAt(i: number): number {
    const start = i === 0 ? 0 : (this.#ends[i - 1] ?? 0);
    const end = this.#ends[i] ?? 0;
    const chars = this.#wide ?? this.#bytes;
    let h = 0x811c9dc5;
    for (let k = start; k < end; k++) h = Math.imul(h ^ (chars[k] ?? 0), 0x01000193);
    return h >>> 0;
  }

  finish(): IdTable {
    const ends = this.#ends.slice(0, this.#count);
    if (this.#wide) {
      const units = this.#wide.subarray(0, this.#length);
      const text = Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
      return new IdTable(text, ends, false);
    }
    return new IdTable(this.#bytes.toString('latin1', 0, this.#length), ends, true);
  }

  #append(text: string, narrow: boolean): void {
    const at = this.#length;
    const need = at + text.length;
    if (!this.#wide) {
      this.#bytes = growBuffer(this.#bytes, need);
      const bytes = this.#bytes;
      let i = 0;
      if (text.length >= 32) {
        // Long runs (copied ranges) go through the native latin1 writer.
        if (narrow || isNarrow(text)) i = bytes.write(text, at, 'latin1');
      } else {
        for (; i < text.length; i++) {
          const code = text.charCodeAt(i);
          if (code > 0xff) break;
          bytes[at + i] = code;
        }
      }
      if (i === text.length) {
        this.#length = need;
        return;
      }
      this.#widen();
    }
    const wide = growUint16(this.#wide as Uint16Array, need);
    for (let i = 0; i < text.length; i++) wide[at + i] = text.charCodeAt(i);
    this.#wide = wide;
    this.#length = need;
  }

  // An id outside latin1: from now on the table keeps two bytes per char.
  #widen(): void {
    const wide = new Uint16Array(Math.max(64, this.#bytes.length));
    for (let i = 0; i < this.#length; i++) wide[i] = this.#bytes[i] ?? 0;
    this.#wide = wide;
  }
}

function isNarrow(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function growBuffer(buffer: Buffer, need: number): Buffer {
  if (need <= buffer.length) return buffer;
  const grown = Buffer.allocUnsafe(Math.max(need, Math.ceil(buffer.length * 1.5)));
  buffer.copy(grown);
  return grown;
}
