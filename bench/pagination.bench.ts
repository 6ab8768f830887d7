/**
 * Listing cost: iterate 100,000 records (1,000 provider pages of 100, rate limit off) with
 * `for await` vs a hand-written axios page loop over the same sandbox, in one run.
 * Targets: wall-time ratio ≤ 1.15; peak RSS growth during the walk < 64 MB (records stream).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { remoteSandbox } from './remote-sandbox.js';
import { clientAndAxios } from './setup.js';
import { median, ratio, report } from './stats.js';

const RECORDS = 100_000;
const ROUNDS = 7;
const WARMUP = 2;

// The sandbox runs in its own process: this process's time and RSS are the client's alone.
const sandbox = await remoteSandbox({ touches: RECORDS });
const { client, raw, headers } = await clientAndAxios(sandbox.options, sandbox.codes[0] ?? '');

async function viaClient(): Promise<{ ms: number; count: number }> {
  const t = performance.now();
  let count = 0;
  for await (const touch of client.touches.list()) {
    if (touch.id !== undefined) count++;
  }
  const ms = performance.now() - t;
  return { ms, count };
}

async function viaAxios(): Promise<{ ms: number; count: number }> {
  const t = performance.now();
  let count = 0;
  for (let page = 1; ; page++) {
    const response = await raw.get<{ touches: Array<{ id: number }>; total_posts: number }>(
      `${sandbox.options.baseUrl}/touches`,
      {
        headers,
        params: { page, per_page: 100 },
      },
    );
    for (const touch of response.data.touches) if (touch.id !== undefined) count++;
    if (response.data.touches.length < 100 || page * 100 >= response.data.total_posts) break;
  }
  return { ms: performance.now() - t, count };
}

for (let i = 0; i < WARMUP; i++) {
  await viaClient();
  await viaAxios();
}
const clientTimes: number[] = [];
const rawTimes: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const c = await viaClient();
  const r = await viaAxios();
  if (c.count !== RECORDS || r.count !== RECORDS) {
    throw new Error(`counted ${c.count} / ${r.count}, expected ${RECORDS}`);
  }
  clientTimes.push(c.ms);
  rawTimes.push(r.ms);
}

type Memory = { count: number; growth: number; steady: number };
/** A cold walk in a fresh process (bench/pagination-memory.ts). */
function probe(mode: 'client' | 'raw', measure: 'rss' | 'heap', code: string): Memory {
  const script = fileURLToPath(new URL('./pagination-memory.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, mode, measure], {
    env: { ...process.env, SANDBOX: JSON.stringify({ ...sandbox, code }) },
    encoding: 'utf8',
  });
  const memory = JSON.parse(out) as Memory;
  if (memory.count !== RECORDS) throw new Error(`memory probe counted ${memory.count}`);
  return memory;
}
const [c1, c2, c3, c4] = sandbox.codes.slice(1);
const rssClient = probe('client', 'rss', c1 ?? '');
const rssRaw = probe('raw', 'rss', c2 ?? '');
const heapClient = probe('client', 'heap', c3 ?? '');
const heapRaw = probe('raw', 'heap', c4 ?? '');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const c = median(clientTimes);
const r = median(rawTimes);
report(`pagination: for await over ${RECORDS.toLocaleString('en')} touches (1,000 pages of 100)`, [
  ['client for await', `${c.toFixed(0)} ms`],
  ['raw axios loop', `${r.toFixed(0)} ms`],
  ['client/raw', `${ratio(c, r)} (target ≤ 1.15)`],
  [
    'peak RSS growth, cold walk',
    `client ${mb(rssClient.growth)}, raw loop ${mb(rssRaw.growth)} (target < 64 MB)`,
  ],
  [
    'RSS growth after page 10',
    `client ${mb(rssClient.steady)}, raw loop ${mb(rssRaw.steady)} (grows with the listing?)`,
  ],
  ['peak live heap growth', `client ${mb(heapClient.growth)}, raw loop ${mb(heapRaw.growth)} (after GC)`],
  ['rounds', `${ROUNDS} alternating, medians, after ${WARMUP} warm-up rounds`],
]);
sandbox.close();
