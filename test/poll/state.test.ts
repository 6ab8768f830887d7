import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeState,
  diffSnapshot,
  encodeState,
  FileStateStore,
  PollStateError,
  stateKey,
} from '../../src/poll/index.js';
import { fakeTouch } from './fake-source.js';

type Row = Record<string, unknown>;
const opts = { resource: 'touches', idOf: (r: Row) => String(r.id) };
const touches = (n: number) => Array.from({ length: n }, (_, i) => fakeTouch(i + 1) as Row);

describe('state encoding', () => {
  it('round-trips records, shapes and previous objects', () => {
    const rows: Row[] = [...touches(3), { id: 'x/ü', other: [1, { b: 2 }] }];
    for (const includePrevious of [false, true]) {
      const state = diffSnapshot(undefined, rows, { ...opts, includePrevious }).next;
      const { key, state: back } = decodeState(encodeState('k', state));
      expect(key).toBe('k');
      expect([...back.ids]).toEqual([...state.ids]);
      [...state.records].forEach((record, i) => {
        const decoded = back.records.at(i);
        expect({ ...decoded, shape: back.shapes[decoded.shape] }).toEqual({
          ...record,
          shape: state.shapes[record.shape],
        });
      });
    }
  });

  it('takes under 100 bytes per touch-like record', () => {
    const state = diffSnapshot(undefined, touches(1000), opts).next;
    expect(encodeState('k', state).length / 1000).toBeLessThan(100);
  });

  it('rejects bytes that are not a poll state', () => {
    expect(() => decodeState(Buffer.from('{"hello":1}'))).toThrow(PollStateError);
    const good = encodeState('k', diffSnapshot(undefined, touches(5), opts).next);
    expect(() => decodeState(good.subarray(0, good.length - 10))).toThrow(PollStateError);
  });

  it('rejects a damaged header or record with a PollStateError, allocating nothing for a huge count', () => {
    const file = (header: object, records = Buffer.alloc(0), headerLength?: number) => {
      const json = Buffer.from(JSON.stringify(header));
      const start = Buffer.from([0x53, 0x50, 0x53, 0x01, 0, 0, 0, 0]);
      start.writeUInt32LE(headerLength ?? json.length, 4);
      return Buffer.concat([start, json, records]);
    };
    const header = { key: 'k', fields: ['a'], shapes: [[0]], count: 0, previous: false };
    expect(decodeState(file(header)).state.ids.size).toBe(0);
    // one record: id "1", an 8-byte hash, shape 0, one field hash; with `previous`, then its JSON
    const record = Buffer.from([1, 0x31, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 9]);
    expect(decodeState(file({ ...header, count: 1 }, record)).state.ids.at(0)).toBe('1');
    const damaged: Buffer[] = [
      file({ ...header, shapes: undefined }),
      file({ ...header, shapes: [[5]] }),
      file({ ...header, count: 100_000_000 }, record),
      file({ ...header, count: -1 }),
      file(header, Buffer.alloc(0), 1_000_000),
      file({ ...header, count: 1 }, Buffer.from([1, 0x31, 1, 2, 3, 4, 5, 6, 7, 8, 7, 0, 0, 0, 9])),
      file({ ...header, count: 1, previous: true }, Buffer.concat([record, Buffer.from([2, 0x7b, 0x7b])])),
    ];
    for (const bytes of damaged) expect(() => decodeState(bytes)).toThrow(PollStateError);
  });
});

describe('stateKey', () => {
  it('changes with resource, where and ignored fields, not with their order', () => {
    const key = stateKey({ resource: 'touches', where: "status = 'Active'", ignoreFields: ['a', 'b'] });
    expect(stateKey({ resource: 'touches', where: "status = 'Active'", ignoreFields: ['b', 'a'] })).toBe(key);
    expect(stateKey({ resource: 'groups', where: "status = 'Active'", ignoreFields: ['a', 'b'] })).not.toBe(
      key,
    );
    expect(stateKey({ resource: 'touches', ignoreFields: ['a', 'b'] })).not.toBe(key);
    expect(stateKey({ resource: 'touches', where: "status = 'Active'" })).not.toBe(key);
  });
});

describe('FileStateStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'poll-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one 0600 file per key, atomically, and leaves no temporary files', async () => {
    const store = new FileStateStore(join(dir, 'nested'));
    const state = diffSnapshot(undefined, touches(10), opts).next;
    await store.save('a', state);
    await store.save('a', state);
    await store.save('b', state);
    const files = await readdir(join(dir, 'nested'));
    expect(files.sort()).toEqual(
      [store.pathFor('a'), store.pathFor('b')].map((p) => p.split('/').pop()).sort(),
    );
    expect((await stat(store.pathFor('a'))).mode & 0o777).toBe(0o600);
    expect((await store.load('a'))?.ids.size).toBe(10);
    expect(await store.load('never saved')).toBeUndefined();
    await store.delete('a');
    expect(await store.load('a')).toBeUndefined();
  });

  it('refuses a corrupt or foreign file instead of silently starting over', async () => {
    const store = new FileStateStore(dir);
    await writeFile(store.pathFor('a'), 'garbage');
    await expect(store.load('a')).rejects.toThrow(PollStateError);
    await store.save('b', diffSnapshot(undefined, touches(1), opts).next);
    await writeFile(store.pathFor('a'), await readFile(store.pathFor('b')));
    await expect(store.load('a')).rejects.toThrow('another key');
  });
});
