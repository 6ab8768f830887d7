/**
 * Polling engine: one pass over 100,000 touch-like records with 1% changed (in memory, no network).
 * Measures the diff (median of several runs) and the FileStateStore bytes per record, against a
 * naive design that keeps each record's full JSON and diffs by comparing JSON strings.
 *
 *   node --expose-gc --import tsx bench/poll.bench.ts
 *
 * Targets: diff < 250 ms, state < 100 bytes per record.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffSnapshot, FileStateStore, stateKey } from '../src/poll/index.js';

type Touch = Record<string, unknown> & { id: number };

const COUNT = 100_000;
const RUNS = 7;
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<R>(fn: () => R): [number, R] {
  gc();
  const start = performance.now();
  const result = fn();
  return [performance.now() - start, result];
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

const before = Array.from({ length: COUNT }, (_, i) => touch(i + 1));
const after = before.map((r, i) => (i % 100 === 0 ? { ...r, name: `${r.name} (renamed)` } : r));
const opts = { resource: 'touches', idOf: (r: Touch) => String(r.id) };

const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const heapBefore = heap();
const [baselineMs, baseline] = time(() => diffSnapshot(undefined, before, { ...opts, emit: false }));
const stateHeap = heap() - heapBefore;
const ours: number[] = [];
let changes = 0;
for (let run = 0; run < RUNS; run++) {
  const [ms, diff] = time(() => diffSnapshot(baseline.next, after, opts));
  ours.push(ms);
  changes = diff.changes.length;
}
const naiveHeapBefore = heap();
const naivePrev = naiveDiff(new Map(), before).next;
const naiveHeap = heap() - naiveHeapBefore;
const naive: number[] = [];
let naiveChanges = 0;
for (let run = 0; run < RUNS; run++) {
  const [ms, diff] = time(() => naiveDiff(naivePrev, after));
  naive.push(ms);
  naiveChanges = diff.changed;
}

const dir = await mkdtemp(join(tmpdir(), 'poll-bench-'));
const store = new FileStateStore(dir);
const key = stateKey({ resource: 'touches' });
const [saveMs] = await (async () => {
  const start = performance.now();
  await store.save(key, baseline.next);
  return [performance.now() - start];
})();
const ourBytes = (await stat(store.pathFor(key))).size;
const loadStart = performance.now();
await store.load(key);
const loadMs = performance.now() - loadStart;
await rm(dir, { recursive: true, force: true });
const naiveBytes = Buffer.byteLength(
  JSON.stringify(Object.fromEntries(before.map((r) => [String(r.id), r]))),
);

const oursMs = median(ours);
const naiveMs = median(naive);
const perRecord = ourBytes / COUNT;
const fmt = (n: number) => n.toFixed(1);
console.log(`records: ${COUNT}, changed: ${changes} (naive found ${naiveChanges}), runs: ${RUNS}`);
console.log(`silent baseline (first pass: every field hash, no events): ${fmt(baselineMs)} ms`);
console.log(`diff, 1% changed: ${fmt(oursMs)} ms median [${ours.map(fmt).join(', ')}]`);
console.log(`naive diff (full JSON compare): ${fmt(naiveMs)} ms median [${naive.map(fmt).join(', ')}]`);
console.log(`diff time ratio ours/naive: ${(oursMs / naiveMs).toFixed(2)}x`);
console.log(
  `FileStateStore: ${ourBytes} bytes = ${fmt(perRecord)} bytes/record (save ${fmt(saveMs)} ms, load ${fmt(loadMs)} ms)`,
);
console.log(`naive full-JSON state: ${naiveBytes} bytes = ${fmt(naiveBytes / COUNT)} bytes/record`);
console.log(
  `state size ratio ours/naive: ${(ourBytes / naiveBytes).toFixed(3)} (naive is ${(naiveBytes / ourBytes).toFixed(2)}x larger)`,
);
console.log(
  `in-memory state: ${fmt(stateHeap / COUNT)} bytes/record on the heap (naive: ${fmt(naiveHeap / COUNT)})`,
);
const ok = oursMs < 250 && perRecord < 100;
console.log(`targets (diff < 250 ms, state < 100 B/record): ${ok ? 'met' : 'MISSED'}`);
if (!ok) process.exitCode = 1;
