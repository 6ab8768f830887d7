import { describe, expect, it } from 'vitest';
import { changedFields, fieldHash32, RecordHasher } from '../../src/poll/hash.js';
import { canonicalJson, changeEventId, contentHash } from '../../src/poll/index.js';
import { fieldText } from '../../src/poll/record-table.js';

describe('canonical JSON and hashes', () => {
  it('sorts keys recursively, keeps array order, and uses toJSON', () => {
    const value = { b: [{ z: 1, a: 2 }, 3], a: { d: new Date(0), c: null } };
    expect(canonicalJson(value)).toBe(
      '{"a":{"c":null,"d":"1970-01-01T00:00:00.000Z"},"b":[{"a":2,"z":1},3]}',
    );
  });

  it('hashes a record the same whatever its key order, and differently when a field is renamed', () => {
    const hasher = new RecordHasher();
    const a = hasher.hash({ id: 1, name: 'x', tags: { b: 1, a: 2 } });
    const b = hasher.hash({ tags: { a: 2, b: 1 }, name: 'x', id: 1 });
    const renamed = hasher.hash({ id: 1, title: 'x', tags: { b: 1, a: 2 } });
    expect(b).toBe(a);
    expect(renamed).not.toBe(a);
    expect(a).toHaveLength(8);
  });

  it('leaves ignored fields out of the content hash', () => {
    const hasher = new RecordHasher(['seen_at']);
    expect(hasher.hash({ id: 1, seen_at: 'monday' })).toBe(hasher.hash({ id: 1, seen_at: 'tuesday' }));
    expect(hasher.hash({ id: 1 })).toBe(hasher.hash({ id: 1, seen_at: 'monday' }));
  });

  it('gives 4-byte field hashes that tell a string from a number', () => {
    expect(fieldHash32('1')).not.toBe(fieldHash32(1));
    expect(fieldText([fieldHash32('abc')])).toHaveLength(4);
    expect(
      Number.isInteger(fieldHash32('abc')) && fieldHash32('abc') >= 0 && fieldHash32('abc') < 2 ** 32,
    ).toBe(true);
    expect(fieldHash32({ a: 1 })).toBe(fieldHash32({ a: 1 }));
  });

  it('finds added, removed and changed fields from field hashes', () => {
    const h = (...values: unknown[]) => values.map(fieldHash32);
    expect(changedFields(['a', 'b', 'c'], h(1, 2, 3), ['a', 'c', 'd'], h(1, 4, 5))).toEqual(['b', 'c', 'd']);
    expect(changedFields(['a'], h(1), ['a'], h(1))).toEqual([]);
  });

  it('gives stable, distinct event ids', () => {
    const v = contentHash('x');
    expect(changeEventId('touches', '1', 'created', v)).toBe(changeEventId('touches', '1', 'created', v));
    expect(changeEventId('touches', '1', 'created', v)).not.toBe(changeEventId('touches', '1', 'updated', v));
    expect(changeEventId('touches', '1', 'created', v)).not.toBe(changeEventId('groups', '1', 'created', v));
  });
});
