/**
 * Polling engine: one pass over 100,000 and over 1,000,000 touch-like records with 1% changed (in
 * memory, no network). Per size: the silent baseline, the diff (median of several runs), the state
 * the poller keeps between passes (heap plus typed-array memory, after GC), and FileStateStore bytes
 * per record; then the growth factor from 100k to 1M. At 100k, also a naive design that keeps each
 * record's full JSON and diffs by comparing JSON strings.
 *
 *   node --expose-gc --import tsx bench/poll.bench.ts
 *
 * Targets: time and memory grow linearly (growth factor ≈ 1.0 per record), state ≤ 120 B/record in
 * memory, < 100 B/record on disk.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffSnapshot, FileStateStore, type PollState, stateKey } from '../src/poll/index.js';
import { median, report } from './stats.js';

type Touch = Record<string, unknown> & { id: number };

const SIZES = [100_000, 1_000_000] as const;
const RUNS: Record<number, number> = { 100000: 7, 1000000: 3 };
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function touch(id: number): Touch {
  return {
    id,
    name: `Touch ${id}`,
    start_date: '2022-09-12T12:08:27-07:00',
    end_date: id % 3 ? null : '2023-09-12T12:08:27-07:00',
    description: `Quarterly campaign ${id} for our best customers`,
    created_at: '2022-09-12T12:08:27-07:00',
    user_id: 1000 + (id % 50),
    gift_id: 5000 + id,
    starting_egift_price: '25.0',
    ending_egift_price: '50.0',
    status: 'Active',
    is_default_price: id % 2 === 0,
    delivery_type: id % 2 ? 'mail' : 'email',
    hubspot_key: null,
    ship_to_countries: ['US'],
    currency: 'USD',
  };
}

function time<R>(fn: () => R): [number, R] {
  gc();
  const start = performance.now();
  const result = fn();
  return [performance.now() - start, result];
}

/** Live memory after GC: the JS heap plus typed-array backing stores (outside the heap). */
function live(): number {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

// The naive design: id → full JSON; a record changed when its JSON string differs.
function naiveDiff(prev: Map<string, string>, records: Touch[]) {
  const next = new Map<string, string>();
  let changed = 0;
  for (const record of records) {
    const id = String(record.id);
    const json = JSON.stringify(record);
    if (prev.get(id) !== json) changed++;
    next.set(id, json);
  }
  let deleted = 0;
  for (const id of prev.keys()) if (!next.has(id)) deleted++;
  return { next, changed, deleted };
}

const opts = { resource: 'touches', idOf: (r: Touch) => String(r.id) };
type Result = {
  count: number;
  baselineMs: number;
  diffMs: number;
  runs: number[];
  stateBytes: number;
  diffBytes: number;
  fileBytes: number;
  saveMs: number;
  loadMs: number;
  /** Making the listing's records alone (subtracted from the times above). */
  makeMs: number;
};

/**
 * A listing as a pass sees it: records made one by one (a pass streams pages; it never holds the
 * whole listing), every 100th renamed when `changed`.
 */
function* listing(count: number, changed: boolean): Generator<Touch> {
  for (let id = 1; id <= count; id++) {
    const record = touch(id);
    if (changed && id % 100 === 1) record.name = `${record.name} (renamed)`;
    yield record;
  }
}

async function measure(count: number): Promise<Result> {
  const after = () => listing(count, true);
  // Making the records is the source's cost, not the diff's: timed alone and subtracted.
  const [makeMs] = time(() => {
    let n = 0;
    for (const _ of after()) n++;
    return n;
  });
  const baselines: number[] = [];
  for (let run = 1; run < 3; run++) {
    baselines.push(time(() => diffSnapshot(undefined, listing(count, false), { ...opts, emit: false }))[0]);
  }
  const start = live();
  const [lastBaseline, baseline] = time(() =>
    diffSnapshot(undefined, listing(count, false), { ...opts, emit: false }),
  );
  baselines.push(lastBaseline);
  const baselineMs = median(baselines);
  let state: PollState | undefined = baseline.next;
  const stateBytes = live() - start;
  const runs: number[] = [];
  for (let run = 0; run < (RUNS[count] ?? 3); run++) {
    const [ms, diff] = time(() => diffSnapshot(state, after(), opts));
    if (diff.changes.length !== count / 100) throw new Error(`found ${diff.changes.length} changes`);
    runs.push(ms - makeMs);
  }
  // What one pass holds besides the previous state: the next state and the changes.
  const held = live();
  const diff = diffSnapshot(state, after(), opts);
  const diffBytes = live() - held;
  const dir = await mkdtemp(join(tmpdir(), 'poll-bench-'));
  const store = new FileStateStore(dir);
  const key = stateKey({ resource: 'touches' });
  const saveStart = performance.now();
  await store.save(key, diff.next);
  const saveMs = performance.now() - saveStart;
  const fileBytes = (await stat(store.pathFor(key))).size;
  const loadStart = performance.now();
  const loaded = await store.load(key);
  const loadMs = performance.now() - loadStart;
  if (loaded?.ids.size !== count) throw new Error('state did not round-trip');
  await rm(dir, { recursive: true, force: true });
  state = undefined;
  return {
    count,
    baselineMs: baselineMs - makeMs,
    diffMs: median(runs),
    runs,
    stateBytes,
    diffBytes,
    fileBytes,
    saveMs,
    loadMs,
    makeMs,
  };
}

const load = loadavg().map((l) => l.toFixed(2));
const fmt = (n: number) => n.toFixed(1);

// The naive design at 100k, for scale.
const COUNT = SIZES[0];
let before = Array.from({ length: COUNT }, (_, i) => touch(i + 1));
let after = before.map((r, i) => (i % 100 === 0 ? { ...r, name: `${r.name} (renamed)` } : r));
const naiveStart = live();
let naivePrev: Map<string, string> | undefined = naiveDiff(new Map(), before).next;
const naiveHeap = live() - naiveStart;
const naive: number[] = [];
for (let run = 0; run < 7; run++) naive.push(time(() => naiveDiff(naivePrev ?? new Map(), after))[0]);
const naiveBytes = Buffer.byteLength(
  JSON.stringify(Object.fromEntries(before.map((r) => [String(r.id), r]))),
);
report('naive design at 100k (full JSON per record)', [
  ['diff', `${fmt(median(naive))} ms median`],
  ['state in memory', `${fmt(naiveHeap / COUNT)} B/record`],
  ['state on disk', `${fmt(naiveBytes / COUNT)} B/record`],
]);

naivePrev = undefined;
before = [];
after = [];

const results: Result[] = [];
for (const count of SIZES) {
  const r = await measure(count);
  results.push(r);
  report(`poll pass over ${count.toLocaleString('en')} touches, 1% changed`, [
    ['silent baseline (first pass)', `${fmt(r.baselineMs)} ms (median of 3)`],
    ['diff', `${fmt(r.diffMs)} ms median [${r.runs.map(fmt).join(', ')}]`],
    ['diff per record', `${((r.diffMs * 1000) / count).toFixed(2)} µs`],
    ['making the records (subtracted)', `${fmt(r.makeMs)} ms`],
    [
      'state in memory',
      `${fmt(r.stateBytes / count)} B/record (heap + typed arrays, after GC; target ≤ 120)`,
    ],
    ['next state + changes of a pass', `${fmt(r.diffBytes / count)} B/record`],
    [
      'FileStateStore',
      `${fmt(r.fileBytes / count)} B/record (save ${fmt(r.saveMs)} ms, load ${fmt(r.loadMs)} ms)`,
    ],
  ]);
}

const [small, large] = results as [Result, Result];
const per = (r: Result, v: number) => v / r.count;
report('growth from 100k to 1M (per record; 1.00 = linear)', [
  ['diff time', (per(large, large.diffMs) / per(small, small.diffMs)).toFixed(2)],
  ['baseline time', (per(large, large.baselineMs) / per(small, small.baselineMs)).toFixed(2)],
  ['state in memory', (per(large, large.stateBytes) / per(small, small.stateBytes)).toFixed(2)],
  ['file size', (per(large, large.fileBytes) / per(small, small.fileBytes)).toFixed(2)],
  ['diff, ours/naive at 100k', (small.diffMs / median(naive)).toFixed(2)],
  ['load average (1, 5, 15 min)', load.join(', ')],
]);

const ok =
  results.every((r) => r.stateBytes / r.count <= 120 && r.fileBytes / r.count < 100) &&
  per(large, large.diffMs) / per(small, small.diffMs) < 1.5;
console.log(
  `targets (state ≤ 120 B/record in memory, < 100 on disk, diff growth < 1.5): ${ok ? 'met' : 'MISSED'}`,
);
if (!ok) process.exitCode = 1;
