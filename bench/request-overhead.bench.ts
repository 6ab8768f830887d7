/**
 * Request overhead: 2,000 sequential `GET /me` through the client vs plain axios
 * with the same kind of keep-alive agent, against the sandbox with its rate limit off, in one run,
 * the two taking turns request by request.
 * Target: client/raw median ≤ 1.10.
 */
import { createSandbox } from '../src/testing/index.js';
import { clientAndAxios } from './setup.js';
import { median, ratio, report } from './stats.js';

const N = 2_000;
const ROUNDS = 5;

const sandbox = await createSandbox({ rateLimit: false });
const sides = await clientAndAxios(sandbox.clientOptions(), await sandbox.authorize());
const { client, raw } = sides;
const headers = { ...sides.headers, Accept: 'application/json' };

async function viaClient(): Promise<number> {
  const t = performance.now();
  await client.me();
  return performance.now() - t;
}

async function viaAxios(): Promise<number> {
  const t = performance.now();
  const response = await raw.get(`${sandbox.baseUrl}/me`, { headers });
  if (response.status !== 200) throw new Error(`raw GET /me answered ${response.status}`);
  return performance.now() - t;
}

// Warm both paths (JIT, sockets). Then the two take turns request by request (which goes first
// alternates), so whatever else the machine does at a moment slows both alike; a round is N each.
for (let i = 0; i < N; i++) {
  await viaClient();
  await viaAxios();
}
const clientMedians: number[] = [];
const rawMedians: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const clientTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let i = 0; i < N; i++) {
    if (i % 2 === 0) {
      clientTimes.push(await viaClient());
      rawTimes.push(await viaAxios());
    } else {
      rawTimes.push(await viaAxios());
      clientTimes.push(await viaClient());
    }
  }
  clientMedians.push(median(clientTimes));
  rawMedians.push(median(rawTimes));
}
const c = median(clientMedians);
const r = median(rawMedians);

/** CPU time of this process (client and in-process sandbox) per request, over N requests of one kind. */
async function cpuPerRequest(one: () => Promise<number>): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < N; i++) await one();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / N;
}
const cpuClient = median([await cpuPerRequest(viaClient), await cpuPerRequest(viaClient)]);
const cpuRaw = median([await cpuPerRequest(viaAxios), await cpuPerRequest(viaAxios)]);
report('request overhead: 2,000 sequential GET /me (median per request)', [
  ['client', `${(c * 1000).toFixed(1)} µs`],
  ['raw axios', `${(r * 1000).toFixed(1)} µs`],
  ['client/raw', `${ratio(c, r)} (target ≤ 1.10)`],
  [
    'CPU per request',
    `client ${cpuClient.toFixed(1)} µs, raw ${cpuRaw.toFixed(1)} µs: ${ratio(cpuClient, cpuRaw)} (sandbox included)`,
  ],
]);
await sandbox.close();
