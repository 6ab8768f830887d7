/**
 * Issue 3 benchmark: iterate 100,000 records (1,000 provider pages of 100, rate limit off) with
 * `for await` vs a hand-written axios page loop over the same sandbox, in one run.
 * Targets: wall-time ratio ≤ 1.15; peak RSS growth during the walk < 64 MB (records stream).
 */
import http from 'node:http';
import axios from 'axios';
import { SendosoClient } from '../src/index.js';
import { createSandbox } from '../src/testing/index.js';
import { median, ratio, report } from './stats.js';

const RECORDS = 100_000;
const ROUNDS = 3;

const sandbox = await createSandbox({ rateLimit: false, seed: { touches: RECORDS } });
const client = new SendosoClient({
  clientId: sandbox.clientId,
  clientSecret: sandbox.clientSecret,
  redirectUri: sandbox.redirectUri,
  baseUrl: sandbox.baseUrl,
  authBaseUrl: sandbox.authBaseUrl,
  rateLimit: false,
  logLevel: 'off',
});
const token = await client.auth.exchangeCode(await sandbox.authorize());
const raw = axios.create({ httpAgent: new http.Agent({ keepAlive: true }) });
const headers = { Authorization: `Bearer ${token.accessToken}` };

type Sampler = { stop(): number };
/** Samples RSS every 5 ms and returns the peak growth over the starting RSS. */
function sampleRss(): Sampler {
  globalThis.gc?.();
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak - start;
    },
  };
}

async function viaClient(): Promise<{ ms: number; count: number; rss: number }> {
  const sampler = sampleRss();
  const t = performance.now();
  let count = 0;
  for await (const touch of client.touches.list()) {
    if (touch.id !== undefined) count++;
  }
  const ms = performance.now() - t;
  return { ms, count, rss: sampler.stop() };
}

async function viaAxios(): Promise<{ ms: number; count: number }> {
  const t = performance.now();
  let count = 0;
  for (let page = 1; ; page++) {
    const response = await raw.get<{ touches: Array<{ id: number }>; total_posts: number }>(
      `${sandbox.baseUrl}/touches`,
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

await viaClient();
await viaAxios();
const clientTimes: number[] = [];
const rawTimes: number[] = [];
let peakRss = 0;
for (let round = 0; round < ROUNDS; round++) {
  const c = await viaClient();
  const r = await viaAxios();
  if (c.count !== RECORDS || r.count !== RECORDS)
    throw new Error(`counted ${c.count} / ${r.count}, expected ${RECORDS}`);
  clientTimes.push(c.ms);
  rawTimes.push(r.ms);
  peakRss = Math.max(peakRss, c.rss);
}
const c = median(clientTimes);
const r = median(rawTimes);
report(`pagination: for await over ${RECORDS.toLocaleString('en')} touches (1,000 pages of 100)`, [
  ['client for await', `${c.toFixed(0)} ms`],
  ['raw axios loop', `${r.toFixed(0)} ms`],
  ['client/raw', `${ratio(c, r)} (target ≤ 1.15)`],
  ['peak RSS growth', `${(peakRss / 1024 / 1024).toFixed(1)} MB (target < 64 MB)`],
]);
await sandbox.close();
