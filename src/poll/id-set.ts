import { hashOf, IdTableBuilder } from './id-table.js';

/**
 * A set of ids kept like an {@link IdTable} (one char buffer, one offset each) with an
 * open-addressing index: about `id length + 12` bytes per id and no object per id, where a
 * `Set<string>` of a million ids holds a million strings. The first pass of a poller puts every
 * id of the listing in one.
 */
export class IdSet {
  readonly #ids = new IdTableBuilder();
  #index = new Int32Array(64);

  get size(): number {
    return this.#ids.size;
  }

  has(id: string): boolean {
    return this.#find(id, hashOf(id, 0, id.length)) >= 0;
  }

  /** Adds `id`; false when it was there already. */
  add(id: string): boolean {
    const hash = hashOf(id, 0, id.length);
    if (this.#find(id, hash) >= 0) return false;
    if ((this.#ids.size + 1) * 2 > this.#index.length) this.#rehash();
    this.#ids.push(id);
    this.#place(hash, this.#ids.size);
    return true;
  }

  #find(id: string, hash: number): number {
    const index = this.#index;
    const mask = index.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = index[slot] ?? 0;
      if (entry === 0) return -1;
      if (this.#ids.equalsAt(entry - 1, id)) return entry - 1;
    }
  }

  #place(hash: number, entry: number): void {
    const mask = this.#index.length - 1;
    let slot = hash & mask;
    while (this.#index[slot] !== 0) slot = (slot + 1) & mask;
    this.#index[slot] = entry;
  }

  #rehash(): void {
    const old = this.#index;
    this.#index = new Int32Array(old.length * 2);
    for (const entry of old) if (entry !== 0) this.#place(this.#ids.hashAt(entry - 1), entry);
  }
}
