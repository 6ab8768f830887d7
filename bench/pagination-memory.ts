/**
 * Memory probe for bench/pagination.bench.ts, run in a fresh process per walker so each walk is
 * cold: `node --expose-gc --import tsx bench/pagination-memory.ts client|raw rss|heap` with the
 * sandbox details in SANDBOX (JSON). Prints { count, growth } in bytes:
 *  - rss: peak RSS over the walk minus RSS before it (garbage included, no forced GC); and the
 *    steady part: peak RSS after the first 10 pages minus RSS at that point (what grows with the
 *    listing, once code and heap are warm).
 *  - heap: peak heap still in use after a full GC, sampled every 10,000 records: what a walk that
 *    buffered the listing would grow by ~100 MB.
 */
import type { RemoteSandbox } from './remote-sandbox.js';
import { clientAndAxios } from './setup.js';

const gc = globalThis.gc ?? (() => undefined);
const sandbox = JSON.parse(process.env.SANDBOX ?? '{}') as RemoteSandbox & { code: string };
const mode = process.argv[2];
const measure = process.argv[3];

const { client, raw, headers } = await clientAndAxios(sandbox.options, sandbox.code);

gc();
const rssStart = process.memoryUsage.rss();
const heapStart = process.memoryUsage().heapUsed;
let rssPeak = rssStart;
let heapPeak = heapStart;
let rssWarm: number | undefined;
let rssWarmPeak = 0;
const timer = setInterval(() => {
  const rss = process.memoryUsage.rss();
  rssPeak = Math.max(rssPeak, rss);
  if (rssWarm !== undefined) rssWarmPeak = Math.max(rssWarmPeak, rss);
}, 5);
let count = 0;
const sample = () => {
  if (++count === 1_000) rssWarm = process.memoryUsage.rss();
  if (count % 10_000 !== 0 || measure !== 'heap') return;
  gc();
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
};

if (mode === 'client') {
  for await (const touch of client.touches.list()) if (touch.id !== undefined) sample();
} else {
  for (let page = 1; ; page++) {
    const response = await raw.get<{ touches: Array<{ id: number }> }>(`${sandbox.options.baseUrl}/touches`, {
      headers,
      params: { page, per_page: 100 },
    });
    for (const touch of response.data.touches) if (touch.id !== undefined) sample();
    if (response.data.touches.length < 100) break;
  }
}
clearInterval(timer);
rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
const steady = Math.max(0, Math.max(rssWarmPeak, process.memoryUsage.rss()) - (rssWarm ?? rssStart));
console.log(
  JSON.stringify({ count, growth: measure === 'heap' ? heapPeak - heapStart : rssPeak - rssStart, steady }),
);
