/**
 * Dotted paths with array access (`recipient.email`, `status_updates[0].status`, `status_updates.0.status`):
 * parsing, reading, writing and removing. Writes and removals copy what they change, so a caller's
 * object is never mutated.
 */

/** A parsed path: object keys and array indexes, all as strings (`['status_updates', '0', 'status']`). */
export type Path = readonly string[];

type Bag = Record<string, unknown>;

/** Segments that would reach or replace an object's prototype when written. */
const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);
const NAME = /^[\w$@-]+$/;
const INDEX = /^(?:0|[1-9]\d*)$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** True for a segment that indexes an array (`0`, `12`). */
export function isIndex(segment: string): boolean {
  return INDEX.test(segment);
}

/** `a[0].b` or `a.0.b` → `['a', '0', 'b']`; `undefined` when `text` is not a path. */
export function parseVendorPath(text: string): Path | undefined {
  const segments: string[] = [];
  for (const part of text.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    const name = match?.[1];
    if (name === undefined || !NAME.test(name) || UNSAFE.has(name)) return undefined;
    segments.push(name);
    for (const index of (match?.[2] ?? '').match(/\d+/g) ?? []) {
      if (!isIndex(index)) return undefined;
      segments.push(index);
    }
  }
  return segments;
}

/** A VDR field name: identifiers joined by dots (`email`, `address.city`); `undefined` otherwise. */
export function parseFieldName(text: string): Path | undefined {
  const segments = text.split('.');
  return segments.every((s) => IDENTIFIER.test(s) && !UNSAFE.has(s)) ? segments : undefined;
}

function isContainer(value: unknown): value is Bag | unknown[] {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

function child(container: Bag | unknown[], segment: string): unknown {
  if (Array.isArray(container)) return isIndex(segment) ? container[Number(segment)] : undefined;
  return Object.hasOwn(container, segment) ? container[segment] : undefined;
}

/** The value at `path`, or `undefined` when a step is missing. Only own properties are read. */
export function getPath(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (!isContainer(current)) return undefined;
    current = child(current, segment);
  }
  return current;
}

function shallowCopy(value: unknown, nextSegment: string): Bag | unknown[] {
  if (Array.isArray(value)) return value.slice();
  if (isContainer(value)) return { ...value };
  return isIndex(nextSegment) ? [] : {};
}

/**
 * Sets `path` in `target` (which the caller owns) to `value`. Containers along the way are copied, or
 * created (an array when the next segment is an index), so values shared with other objects stay intact.
 */
export function setPath(target: Bag, path: Path, value: unknown): void {
  let current: Bag | unknown[] = target;
  path.forEach((segment, i) => {
    const next = path[i + 1];
    const slot = Array.isArray(current) ? Number(segment) : segment;
    const holder = current as Record<string | number, unknown>;
    if (next === undefined) {
      holder[slot] = value;
      return;
    }
    const copy = shallowCopy(holder[slot], next);
    holder[slot] = copy;
    current = copy;
  });
}

const REMOVED = Symbol('removed');

/**
 * `value` without the leaf at `path`. Objects emptied by the removal go too; array elements stay in
 * place (their positions are what other paths point at), and an array leaf is never removed.
 */
export function removePath(value: Bag, path: Path): Bag {
  const result = remove(value, path, 0);
  return result === REMOVED ? {} : (result as Bag);
}

function remove(value: unknown, path: Path, at: number): unknown {
  const segment = path[at];
  if (segment === undefined || !isContainer(value)) return value;
  const inner = child(value, segment);
  if (inner === undefined && !(!Array.isArray(value) && Object.hasOwn(value, segment))) return value;
  if (Array.isArray(value)) {
    if (at === path.length - 1) return value;
    const updated = remove(inner, path, at + 1);
    if (updated === inner) return value;
    const copy = value.slice();
    copy[Number(segment)] = updated === REMOVED ? {} : updated;
    return copy;
  }
  const updated = at === path.length - 1 ? REMOVED : remove(inner, path, at + 1);
  if (updated === inner) return value;
  const copy: Bag = { ...value };
  if (updated === REMOVED) delete copy[segment];
  else copy[segment] = updated;
  return Object.keys(copy).length === 0 ? REMOVED : copy;
}
