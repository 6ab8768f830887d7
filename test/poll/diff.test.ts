import { describe, expect, it } from 'vitest';
import { acknowledge, diffSnapshot, type PollState } from '../../src/poll/index.js';
import { fakeTouch } from './fake-source.js';

type Row = Record<string, unknown>;
const opts = { resource: 'touches', idOf: (r: Row) => String(r.id), observedAt: '2024-01-01T00:00:00.000Z' };
const base = (rows: Row[], extra = {}) => diffSnapshot(undefined, rows, { ...opts, ...extra }).next;
const asMap = (state: PollState) => new Map([...state.ids].map((id, i) => [id, state.records.at(i)]));
const rows = (n: number) => Array.from({ length: n }, (_, i) => fakeTouch(i + 1) as Row);

describe('diffSnapshot', () => {
  it('does not see a change when only key order differs, at any depth', () => {
    const prev = base([{ id: 1, a: 1, nested: { x: 1, y: [{ p: 1, q: 2 }] } }]);
    const diff = diffSnapshot(prev, [{ nested: { y: [{ q: 2, p: 1 }], x: 1 }, a: 1, id: 1 }], opts);
    expect(diff.changes).toEqual([]);
    expect(diff.changed).toBe(false);
  });

  it('names added, removed and changed top-level fields, sorted', () => {
    const prev = base([{ id: 1, keep: 1, change: 'a', drop: true, nested: { x: 1 } }]);
    const diff = diffSnapshot(prev, [{ id: 1, keep: 1, change: 'b', added: null, nested: { x: 2 } }], opts);
    expect(diff.changes.map((c) => c.event.changedFields)).toEqual([['added', 'change', 'drop', 'nested']]);
  });

  it('keeps the first copy of an id a shifted page repeats', () => {
    const diff = diffSnapshot(
      base([]),
      [
        { id: 1, v: 1 },
        { id: 1, v: 2 },
      ],
      opts,
    );
    expect(diff.changes.map((c) => c.event.object)).toEqual([{ id: 1, v: 1 }]);
  });

  it('gives the same event id to the same change and a different one to the next version', () => {
    const prev = base([{ id: 1, v: 1 }]);
    const a = diffSnapshot(prev, [{ id: 1, v: 2 }], opts).changes[0]!.event;
    const b = diffSnapshot(prev, [{ id: 1, v: 2 }], { ...opts, observedAt: 'later' }).changes[0]!.event;
    const c = diffSnapshot(prev, [{ id: 1, v: 3 }], opts).changes[0]!.event;
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    expect(a.id).toMatch(/^[\w-]{22}$/);
  });

  it('withholds every delete when more than maxDeleteFraction of at least 10 known records vanish', () => {
    const prev = base(rows(10));
    const kept = rows(10).slice(0, 4);
    const tripped = diffSnapshot(prev, [...kept, { id: 99 }], opts);
    expect(tripped.changes.map((c) => c.event.type)).toEqual(['created']);
    expect(tripped.withheldDeletes).toBe(6);
    expect([...tripped.next.ids].sort()).toEqual(
      ['1', '10', '2', '3', '4', '5', '6', '7', '8', '9', '99'].sort(),
    );
    const half = diffSnapshot(prev, rows(10).slice(0, 5), opts);
    expect(half.changes).toHaveLength(5);
    expect(half.withheldDeletes).toBe(0);
  });

  it('does not guard fewer than 10 known records', () => {
    const diff = diffSnapshot(base(rows(9)), [], opts);
    expect(diff.changes).toHaveLength(9);
  });

  it('with deletes: false, drops vanished ids silently', () => {
    const diff = diffSnapshot(base(rows(3)), rows(2), { ...opts, deletes: false });
    expect(diff.changes).toEqual([]);
    expect([...diff.next.ids]).toEqual(['1', '2']);
    expect(diff.changed).toBe(true);
  });

  it('with includePrevious, carries the previous object on updated and deleted events', () => {
    const prev = base(
      [
        { id: 1, v: 1 },
        { id: 2, v: 1 },
      ],
      { includePrevious: true },
    );
    const diff = diffSnapshot(prev, [{ id: 1, v: 2 }], { ...opts, includePrevious: true });
    expect(diff.changes.map((c) => [c.event.type, c.event.previous])).toEqual([
      ['updated', { id: 1, v: 1 }],
      ['deleted', { id: 2, v: 1 }],
    ]);
  });

  it('stores no record copies without includePrevious', () => {
    const state = base(rows(3));
    for (const record of state.records)
      expect(Object.keys(record).sort()).toEqual(['fields', 'hash', 'shape']);
  });

  it('acknowledge() keeps unacknowledged records at their previous state', () => {
    const prev: PollState = base([
      { id: 1, v: 1 },
      { id: 2, v: 1 },
    ]);
    const diff = diffSnapshot(
      prev,
      [
        { id: 1, v: 2 },
        { id: 3, v: 1 },
      ],
      opts,
    );
    const saved = acknowledge(diff, diff.changes);
    // Updated and deleted are back as they were; the created one is kept, marked as announced.
    expect(asMap(saved)).toEqual(new Map([...asMap(prev), ['3', asMap(diff.next).get('3')]]));
    expect(saved.announced).toEqual(['3']);
    expect(saved.pending).toEqual(['2']);
    const again = diffSnapshot(
      saved,
      [
        { id: 1, v: 2 },
        { id: 3, v: 1 },
      ],
      opts,
    );
    expect(again.changes.map((c) => c.event.id)).toEqual(diff.changes.map((c) => c.event.id));
  });

  it('a created record handed out but not acknowledged, then gone, is reported deleted', () => {
    const prev = base([{ id: 1, v: 1 }]);
    const diff = diffSnapshot(
      prev,
      [
        { id: 1, v: 1 },
        { id: 2, v: 1 },
      ],
      opts,
    );
    const handedOut = acknowledge(diff, diff.changes);
    const after = diffSnapshot(handedOut, [{ id: 1, v: 1 }], opts);
    expect(after.changes.map((c) => [c.event.type, c.event.objectId])).toEqual([['deleted', '2']]);
    expect([...after.next.ids]).toEqual(['1']);
    expect(after.next.announced).toBeUndefined();
  });
});
