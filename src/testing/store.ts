import { isoWithOffset, now } from './clock.js';
import type { RecordId, SandboxCollection, SandboxRecord } from './types.js';

/**
 * Records live in an array (insertion order = list order) plus an id → index map, so a page is one
 * slice and a lookup is one map read. Removal is O(n) (splice and reindex), which tests can afford.
 */
export class Collection implements SandboxCollection {
  #records: SandboxRecord[] = [];
  #index = new Map<string, number>();
  #nextId = 1;
  #version = 0;
  #filters = new Map<string, SandboxRecord[]>();
  #filtersVersion = 0;
  #onUpdate: Array<(before: SandboxRecord, after: SandboxRecord) => void> = [];

  get size(): number {
    return this.#records.length;
  }

  /** The live list, for paging by slice without a copy. Never mutate it. */
  get records(): readonly SandboxRecord[] {
    return this.#records;
  }

  /** The id the next `insert` without an id will get. */
  peekNextId(): number {
    return this.#nextId;
  }

  insert(record: SandboxRecord): SandboxRecord {
    const stamp = isoWithOffset(now());
    const stored: SandboxRecord = { ...record };
    if (stored.id === undefined || stored.id === null) stored.id = this.#nextId;
    stored.created_at ??= stamp;
    stored.updated_at ??= stamp;
    this.#add(stored);
    return stored;
  }

  /** Takes ownership of already-complete records (the seed's fast path: no copies, no stamps). */
  load(records: SandboxRecord[]): void {
    for (const record of records) this.#add(record);
  }

  update(id: RecordId, patch: SandboxRecord): SandboxRecord | undefined {
    const at = this.#index.get(String(id));
    const current = at === undefined ? undefined : this.#records[at];
    if (at === undefined || current === undefined) return undefined;
    const { id: _ignored, ...changes } = patch;
    // A new object, so records handed out earlier stay the snapshots they were.
    const next: SandboxRecord = { ...current, updated_at: isoWithOffset(now()), ...changes };
    this.#records[at] = next;
    this.#version++;
    for (const listener of this.#onUpdate) listener(current, next);
    return next;
  }

  /** Called after every update with the record before and after it (the webhooks watch sends' statuses). */
  onUpdate(listener: (before: SandboxRecord, after: SandboxRecord) => void): void {
    this.#onUpdate.push(listener);
  }

  remove(id: RecordId): boolean {
    const at = this.#index.get(String(id));
    if (at === undefined) return false;
    this.#records.splice(at, 1);
    this.#index.delete(String(id));
    for (let i = at; i < this.#records.length; i++) this.#index.set(String(this.#records[i]?.id), i);
    this.#version++;
    return true;
  }

  get(id: RecordId): SandboxRecord | undefined {
    const at = this.#index.get(String(id));
    return at === undefined ? undefined : this.#records[at];
  }

  all(): SandboxRecord[] {
    return this.#records.slice();
  }

  clear(): void {
    this.#records = [];
    this.#index.clear();
    this.#version++;
  }

  /** Records whose `field` equals `value` (compared as strings), cached until the next change. */
  where(field: string, value: string): readonly SandboxRecord[] {
    if (this.#filtersVersion !== this.#version) {
      this.#filters.clear();
      this.#filtersVersion = this.#version;
    }
    const key = `${field}\u0000${value}`;
    let records = this.#filters.get(key);
    if (!records) {
      records = this.#records.filter((r) => String(r[field]) === value);
      this.#filters.set(key, records);
    }
    return records;
  }

  #add(record: SandboxRecord): void {
    const key = String(record.id);
    if (this.#index.has(key)) throw new Error(`A record with id ${key} already exists`);
    this.#index.set(key, this.#records.length);
    this.#records.push(record);
    const numeric = typeof record.id === 'number' ? record.id : Number(key);
    if (Number.isSafeInteger(numeric) && numeric >= this.#nextId) this.#nextId = numeric + 1;
    this.#version++;
  }
}

/** Every collection by its path name (`'touches'`, `'bulk/jobs'`, `'groups/7/members'`), created on first use. */
export class Store {
  #collections = new Map<string, Collection>();

  collection(name: string): Collection {
    let found = this.#collections.get(name);
    if (!found) {
      found = new Collection();
      this.#collections.set(name, found);
    }
    return found;
  }
}
