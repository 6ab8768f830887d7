/**
 * Throughput at Sendoso's limit: 20,000 touches (200 pages of 100) from a sandbox in its own process
 * with Sendoso's strict limit (10 requests in any sliding second) and 200 ± 50 ms of latency.
 *  (a) `for await` over `client.touches.list()` (pages read ahead, the client's limiter) against the
 *      floor (200 pages at 10 a second = 20 s) and against a sequential axios page loop throttled by
 *      the same limiter rule (`SlidingWindowLimiter`). Targets: ≤ 1.10 × the floor, zero 429.
 *  (b) the same walk with no latency and no limit (CPU cost): ≤ 1.15 × the hand-written axios loop.
 * All figures come from one run; the machine may be shared, so the load average is printed too.
 */
import http from 'node:http';
import { loadavg } from 'node:os';
import axios from 'axios';
import { SendosoClient, SlidingWindowLimiter } from '../src/index.js';
import { type RemoteSandbox, remoteSandbox, type SandboxStats } from './remote-sandbox.js';
import { median, ratio, report } from './stats.js';

const RECORDS = 20_000;
const PAGES = RECORDS / 100;
const FLOOR_MS = (PAGES / 10) * 1000;
const FAST_ROUNDS = 11;

/** Wall time, this process's CPU time (user + system; load elsewhere barely moves it), records. */
type Walk = { ms: number; cpuMs: number; count: number };
type TouchPage = { touches: Array<{ id: number }>; total_posts: number };

async function tokenFor(sandbox: RemoteSandbox, code: string): Promise<string> {
  const client = new SendosoClient({ ...sandbox.options, logLevel: 'off' });
  return (await client.auth.exchangeCode(code)).accessToken;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

async function viaClient(client: SendosoClient): Promise<Walk> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  for await (const touch of client.touches.list()) if (touch.id !== undefined) count++;
  return { ms: performance.now() - t, cpuMs: cpuSince(cpu), count };
}

/** The hand-written loop: one page at a time, each request inside a slot of `limiter` when given. */
async function viaAxios(
  sandbox: RemoteSandbox,
  token: string,
  limiter?: SlidingWindowLimiter,
): Promise<Walk> {
  const raw = axios.create({ httpAgent: new http.Agent({ keepAlive: true }) });
  const headers = { Authorization: `Bearer ${token}` };
  const t = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  for (let page = 1; ; page++) {
    const release = await limiter?.acquire();
    let data: TouchPage;
    try {
      data = (
        await raw.get<TouchPage>(`${sandbox.options.baseUrl}/touches`, {
          headers,
          params: { page, per_page: 100 },
        })
      ).data;
    } finally {
      release?.();
    }
    for (const touch of data.touches) if (touch.id !== undefined) count++;
    if (data.touches.length < 100 || page * 100 >= data.total_posts) break;
  }
  return { ms: performance.now() - t, cpuMs: cpuSince(cpu), count };
}

function check(walk: Walk, what: string): Walk {
  if (walk.count !== RECORDS) throw new Error(`${what} counted ${walk.count}, expected ${RECORDS}`);
  return walk;
}

const loadBefore = loadavg();

// (a) Sendoso's limit and latency.
const limited = await remoteSandbox(
  { touches: RECORDS },
  { rateLimit: 10, latencyMs: 200, latencyJitterMs: 50 },
);
const [codeA = '', codeB = ''] = limited.codes;
const client = new SendosoClient({ ...limited.options, logLevel: 'off' });
await client.auth.exchangeCode(codeA);
await limited.clear();
const clientWalk = check(await viaClient(client), 'client');
const clientStats: SandboxStats = await limited.stats();
await new Promise((resolve) => setTimeout(resolve, 1_100)); // a fresh window for the next walker
const token = await tokenFor(limited, codeB);
await limited.clear();
const sequentialWalk = check(await viaAxios(limited, token, new SlidingWindowLimiter(10)), 'axios loop');
const sequentialStats = await limited.stats();
limited.close();

report(`(a) ${RECORDS.toLocaleString('en')} touches, ${PAGES} pages, 200 ± 50 ms latency, 10 requests/s`, [
  ['client for await', `${(clientWalk.ms / 1000).toFixed(2)} s`],
  ['floor (200 pages at 10/s)', `${(FLOOR_MS / 1000).toFixed(2)} s`],
  ['client / floor', `${ratio(clientWalk.ms, FLOOR_MS)} (target ≤ 1.10)`],
  ['client requests/s', (clientStats.requests / (clientWalk.ms / 1000)).toFixed(2)],
  [
    'client 429s, busiest second',
    `${clientStats.rateLimited} (target 0), ${clientStats.busiestSecond} arrivals (limit 10)`,
  ],
  ['sequential axios loop, same limiter', `${(sequentialWalk.ms / 1000).toFixed(2)} s`],
  ['client / sequential loop', ratio(clientWalk.ms, sequentialWalk.ms)],
  ['loop 429s, busiest second', `${sequentialStats.rateLimited}, ${sequentialStats.busiestSecond} arrivals`],
]);

// (b) No latency, no limit: what the client costs over a hand-written loop.
const open = await remoteSandbox({ touches: RECORDS });
const [codeC = '', codeD = ''] = open.codes;
const fast = new SendosoClient({ ...open.options, rateLimit: false, logLevel: 'off' });
await fast.auth.exchangeCode(codeC);
const fastToken = await tokenFor(open, codeD);
for (let i = 0; i < 2; i++) {
  check(await viaClient(fast), 'client');
  check(await viaAxios(open, fastToken), 'axios loop');
}
const clientWalks: Walk[] = [];
const rawWalks: Walk[] = [];
for (let round = 0; round < FAST_ROUNDS; round++) {
  // Alternating who goes first, so neither always runs on a warmer (or busier) machine.
  if (round % 2) rawWalks.push(check(await viaAxios(open, fastToken), 'axios loop'));
  clientWalks.push(check(await viaClient(fast), 'client'));
  if (round % 2 === 0) rawWalks.push(check(await viaAxios(open, fastToken), 'axios loop'));
}
open.close();
const c = median(clientWalks.map((w) => w.ms));
const r = median(rawWalks.map((w) => w.ms));
const cCpu = median(clientWalks.map((w) => w.cpuMs));
const rCpu = median(rawWalks.map((w) => w.cpuMs));
report(`(b) the same ${RECORDS.toLocaleString('en')} touches, no latency, no limit`, [
  ['client for await', `${c.toFixed(0)} ms`],
  ['raw axios loop', `${r.toFixed(0)} ms`],
  ['client/raw', `${ratio(c, r)} (target ≤ 1.15)`],
  [
    'CPU time of this process',
    `client ${cCpu.toFixed(0)} ms, raw ${rCpu.toFixed(0)} ms: ${ratio(cCpu, rCpu)}`,
  ],
  ['rounds', `${FAST_ROUNDS}, order alternating, medians, after 2 warm-up rounds`],
  [
    'load average (1, 5, 15 min)',
    `before ${loadBefore.map((l) => l.toFixed(2)).join(', ')}; after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} (2 cores)`,
  ],
]);
const ok = clientWalk.ms <= FLOOR_MS * 1.1 && clientStats.rateLimited === 0 && c <= r * 1.15;
console.log(`targets (≤ 1.10 × floor, zero 429, ≤ 1.15 × raw loop): ${ok ? 'met' : 'MISSED'}`);
if (!ok) process.exitCode = 1;
