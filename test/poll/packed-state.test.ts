/**
 * Poll state at scale: ids in one string table and per-record columns. Files written before the
 * packed form load unchanged (same bytes back), a version 1 state object from a custom store is
 * converted without re-emitting anything, and a touch costs well under 120 bytes in memory.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  decodeState,
  diffSnapshot,
  encodeState,
  MemoryStateStore,
  Poller,
  type PollState,
  PollStateError,
  type PollStateV1,
  SnapshotDiffer,
  stateKey,
} from '../../src/poll/index.js';
import { FakeSource, fakeTouch } from './fake-source.js';

type Row = Record<string, unknown>;
const opts = { resource: 'touches', idOf: (r: Row) => String(r.id), observedAt: '2024-01-01T00:00:00.000Z' };
/** The rows the fixtures were written from (by the release before the packed state). */
const fixtureRows: Row[] = [
  ...Array.from({ length: 20 }, (_, i) => ({
    id: i + 1,
    name: `Touch ${i + 1}`,
    status: 'Active',
    tags: { b: i, a: [i, 'x'] },
  })),
  { id: 'x/ü', name: 'latin1 id', other: [1, { b: 2 }] },
  { id: '日本-7', name: 'wide id', status: null },
];
const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url));

/** The version 1 in-memory form of a state, as a store written for it would hand it back. */
function asV1(state: PollState): PollStateV1 {
  return { version: 1, shapes: state.shapes, ids: [...state.ids], records: [...state.records] };
}

describe('packed poll state', () => {
  it('reads a state file written before the packed form, and writes the same bytes back', async () => {
    for (const name of ['touches-v1.pollstate', 'touches-v1-previous.pollstate']) {
      const bytes = await fixture(name);
      const { key, state } = decodeState(bytes);
      expect(key).toBe('["poll/v1","touches",null,[]]');
      expect([...state.ids]).toEqual(fixtureRows.map((r) => String(r.id)));
      expect(encodeState(key, state).equals(bytes)).toBe(true);
      // The same listing again: nothing changed, nothing is emitted.
      const includePrevious = name.includes('previous');
      const again = diffSnapshot(state, fixtureRows, { ...opts, includePrevious });
      expect(again.changes).toEqual([]);
      expect(again.changed).toBe(false);
    }
  });

  it('gives an update in a pre-packed file the same event id as before the upgrade', async () => {
    const { state } = decodeState(await fixture('touches-v1.pollstate'));
    const edited = fixtureRows.map((r) => (r.id === 3 ? { ...r, name: 'renamed' } : r));
    const fromFile = diffSnapshot(state, edited, opts);
    const fresh = diffSnapshot(diffSnapshot(undefined, fixtureRows, opts).next, edited, opts);
    expect(fromFile.changes.map((c) => [c.event.id, c.event.changedFields])).toEqual(
      fresh.changes.map((c) => [c.event.id, c.event.changedFields]),
    );
    expect(fromFile.changes).toHaveLength(1);
  });

  it('a custom store that hands back a version 1 object: a restart re-emits nothing, and changes still come', async () => {
    const source = new FakeSource();
    source.seed(5);
    const key = stateKey({ resource: 'touches' });
    const v1 = asV1(diffSnapshot(undefined, [...source.records.values()] as Row[], opts).next);
    expect(v1.ids).toHaveLength(5);
    const store = new MemoryStateStore();
    await store.save(key, v1 as unknown as PollState);
    const poller = new Poller(source, { store, autoStart: false });
    const events: string[] = [];
    poller.on('change', (e) => {
      events.push(`${e.type} ${e.objectId}`);
    });
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    source.update('2', { name: 'renamed' });
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 1, deleted: 0 });
    expect(events).toEqual(['updated 2']);
    expect((await store.load(key))?.version).toBe(2);
    await poller.stop();
  });

  it('refuses a state of an unknown version instead of starting over silently', () => {
    const bogus = { version: 3, shapes: [], ids: [], records: [] } as unknown as PollState;
    expect(() => diffSnapshot(bogus, [], opts)).toThrow(PollStateError);
    expect(() => diffSnapshot(bogus, [], opts)).toThrow(/version 3/);
  });

  it('keeps ids outside latin1, in and out of listing order, and finds them again', () => {
    const rows: Row[] = [{ id: 'a' }, { id: '日本' }, { id: '😀' }, { id: 'b' }, { id: 'ü' }].map((r, i) => ({
      ...r,
      v: i,
    }));
    const base = diffSnapshot(undefined, rows, opts).next;
    expect([...base.ids]).toEqual(['a', '日本', '😀', 'b', 'ü']);
    const shuffled = [rows[4], rows[2], { ...rows[1], v: 'changed' }, rows[0], rows[3]] as Row[];
    const diff = diffSnapshot(base, shuffled, opts);
    expect(diff.changes.map((c) => `${c.event.type} ${c.event.objectId}`)).toEqual(['updated 日本']);
    expect([...diff.next.ids]).toEqual(['ü', '😀', '日本', 'a', 'b']);
    const { state } = decodeState(encodeState('k', diff.next));
    expect([...state.ids]).toEqual([...diff.next.ids]);
    expect(diffSnapshot(state, shuffled, opts).changes).toEqual([]);
  });

  it('a first pass tells repeated ids apart among many new ones, wide ones too', () => {
    const ids = Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? `日本-${i}` : String(i)));
    const differ = new SnapshotDiffer<Row>(undefined, opts);
    for (const id of ids) differ.add({ id, v: 1 });
    for (const id of ids.slice(100, 150)) differ.add({ id, v: 2 });
    differ.add({ id: 'new', v: 1 });
    expect(differ.duplicates).toBe(50);
    const { changes, next } = differ.finish();
    expect(changes.map((c) => c.event.objectId)).toEqual([...ids, 'new']);
    expect(changes.every((c) => (c.event.object as Row).v === 1)).toBe(true);
    expect(next.ids.size).toBe(501);
  });

  it('acknowledge() reverts only the unacknowledged records and copies the rest whole', () => {
    const rows = Array.from({ length: 300 }, (_, i) => fakeTouch(i + 1) as Row);
    const base = diffSnapshot(undefined, rows, opts).next;
    const next = rows.filter((r) => r.id !== 7).map((r) => (r.id === 150 ? { ...r, name: 'renamed' } : r));
    const diff = diffSnapshot(base, [...next, fakeTouch(301) as Row], opts);
    expect(diff.changes.map((c) => `${c.event.type} ${c.event.objectId}`)).toEqual([
      'updated 150',
      'created 301',
      'deleted 7',
    ]);
    const saved = acknowledge(diff, diff.changes);
    const byId = (state: PollState) => new Map([...state.ids].map((id, i) => [id, state.records.at(i)]));
    const before = byId(base);
    const after = byId(saved);
    expect(after.get('150')).toEqual(before.get('150'));
    expect(after.get('7')).toEqual(before.get('7'));
    expect(after.get('1')).toEqual(before.get('1'));
    expect(after.size).toBe(301);
    expect(saved.announced).toEqual(['301']);
    expect(saved.pending).toEqual(['7']);
    // Redelivered with the same ids.
    const again = diffSnapshot(saved, [...next, fakeTouch(301) as Row], opts);
    expect(again.changes.map((c) => c.event.id).sort()).toEqual(diff.changes.map((c) => c.event.id).sort());
  });

  it('holds a touch in well under 120 bytes: ids, hashes, shapes and field hashes', () => {
    const count = 20_000;
    const state = diffSnapshot(
      undefined,
      Array.from({ length: count }, (_, i) => fakeTouch(i + 100_000) as Row),
      opts,
    ).next;
    const perRecord = (state.ids.bytes + state.records.bytes) / count;
    expect(perRecord).toBeLessThan(120);
    expect(state.records.fieldsAt(0).length).toBeGreaterThanOrEqual(10);
  });
});
