/**
 * Canonical content of a record and the hashes the poller keeps instead of the record itself.
 *
 * A record's canonical form is the JSON array `[shapeId, value1, value2, ...]`: values in sorted
 * top-level field order (ignored fields left out), nested objects with keys sorted recursively, and
 * `shapeId` a short hash of the sorted field names. Key order never changes a hash; `undefined`
 * counts as `null`. Filling one array and letting the native JSON.stringify do the escaping beats
 * concatenating per-field JSON, and leaves out the key names (see bench/poll.bench.ts).
 */
import * as crypto from 'node:crypto';

type Encoding = 'hex' | 'base64url' | 'binary';

// crypto.hash (one-shot, ~3x cheaper per call) exists from Node 20.12; fall back on older 20.x.
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: Encoding) => string }).hash;

/** The digest of `text` with node:crypto, in `encoding`. */
export function digest(algorithm: string, text: string, encoding: Encoding): string {
  return oneShot
    ? oneShot(algorithm, text, encoding)
    : crypto.createHash(algorithm).update(text).digest(encoding);
}

/**
 * 8-byte content hash of canonical text: sha256, truncated, as an 8-char latin1 string (one char per
 * byte). Short strings are copied rather than sliced, so a state entry holds 8 bytes, not the digest.
 */
export function contentHash(text: string): string {
  return digest('sha256', text, 'binary').slice(0, 8);
}

/**
 * 4-byte field hash: FNV-1a over UTF-16 units, seeded by kind so "1" and 1 differ. Not cryptographic
 * on purpose: it only names which fields changed once the 64-bit content hash said something did.
 */
export function fieldHash32(value: unknown): number {
  const isString = typeof value === 'string';
  const text = isString ? value : (JSON.stringify(value) ?? 'null');
  let h = isString ? 0x811c9dc5 : 0x050c5d1f;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** `value` with every nested object's keys sorted (cloning only what changes), for canonical JSON. */
export function sortKeysDeep(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const sorted = sortKeysDeep(item);
      if (sorted !== item) copy ??= value.slice();
      if (copy) copy[i] = sorted;
    }
    return copy ?? value;
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return sortKeysDeep(withToJson.toJSON());
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) {
    // An own `__proto__` key (JSON.parse makes them) must stay a key: assigning it would set the
    // copy's prototype instead, and a change under it would never reach the hash.
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: sortKeysDeep(source[key]), enumerable: true, writable: true });
    } else out[key] = sortKeysDeep(source[key]);
  }
  return out;
}

/** Canonical JSON: keys sorted recursively. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value)) ?? 'null';
}

/** The sorted, watched top-level field names of a record and their short id. */
export interface RecordShape {
  readonly names: readonly string[];
  /** 48-bit hash of the names; part of every content hash so a renamed field is a change. */
  readonly id: string;
}

/**
 * Hashes records of one listing. Records of one API come with the same key order, so the sorted
 * plan is cached per key sequence and most records skip the sort. Allocation is kept to the JSON
 * text and the hash (one scratch array per shape): at 100,000 records, allocation is what costs.
 */
export class RecordHasher {
  readonly #ignore: ReadonlySet<string>;
  #lastKeys: readonly string[] = [];
  #shape: RecordShape | undefined;
  #values: unknown[] = [];
  #fields = new Uint32Array(0);

  constructor(ignoreFields: Iterable<string> = []) {
    this.#ignore = new Set(ignoreFields);
  }

  /** The shape of the record last hashed. */
  get shape(): RecordShape {
    return this.#shape!;
  }

  /** Content hash of `record`: sha256 of `[shape.id, ...values in shape order]`, nested keys sorted. */
  hash(record: object): string {
    const shape = this.#shapeOf(Object.keys(record));
    const source = record as Record<string, unknown>;
    const names = shape.names;
    const values = this.#values;
    for (let i = 0; i < names.length; i++) {
      const value = source[names[i]!];
      values[i + 1] = typeof value === 'object' && value !== null ? sortKeysDeep(value) : value;
    }
    return contentHash(JSON.stringify(values));
  }

  /**
   * Field hashes of the record last hashed, in shape order: a scratch array, valid until the next
   * `hash()` (copy it to keep it).
   */
  fieldHashArray(): Uint32Array {
    const fields = this.#fields;
    for (let i = 0; i < fields.length; i++) fields[i] = fieldHash32(this.#values[i + 1]);
    return fields;
  }

  #shapeOf(keys: readonly string[]): RecordShape {
    const last = this.#lastKeys;
    let same = this.#shape !== undefined && keys.length === last.length;
    for (let i = 0; same && i < keys.length; i++) same = keys[i] === last[i];
    if (same) return this.#shape!;
    const names = keys.filter((k) => !this.#ignore.has(k)).sort();
    this.#lastKeys = keys;
    this.#shape = { names, id: digest('sha256', JSON.stringify(names), 'base64url').slice(0, 8) };
    // Packed (not holey) scratch array: JSON.stringify takes a ~20% faster path on it.
    this.#values = [this.#shape.id, ...names.map(() => null)];
    this.#fields = new Uint32Array(names.length);
    return this.#shape;
  }
}

/** Names of top-level fields added, removed or changed between two field-hash lists (one per field, in shape order), sorted. */
export function changedFields(
  beforeNames: readonly string[],
  beforeHashes: ArrayLike<number>,
  afterNames: readonly string[],
  afterHashes: ArrayLike<number>,
): string[] {
  const before = new Map<string, number | undefined>();
  beforeNames.forEach((name, i) => {
    before.set(name, beforeHashes[i]);
  });
  const changed: string[] = [];
  afterNames.forEach((name, i) => {
    if (!before.has(name) || before.get(name) !== afterHashes[i]) changed.push(name);
    before.delete(name);
  });
  changed.push(...before.keys());
  return changed.sort();
}
