/**
 * Request overhead: 2,000 sequential `GET /me` through the client vs plain axios
 * with the same kind of keep-alive agent, against the sandbox with its rate limit off, in one run.
 * Target: client/raw median ≤ 1.10.
 */
import http from 'node:http';
import axios from 'axios';
import { SendosoClient } from '../src/index.js';
import { createSandbox } from '../src/testing/index.js';
import { median, ratio, report } from './stats.js';

const N = 2_000;
const ROUNDS = 5;

const sandbox = await createSandbox({ rateLimit: false });
const client = new SendosoClient({
  ...sandbox.clientOptions(),
  rateLimit: false,
  logLevel: 'off',
});
const token = await client.auth.exchangeCode(await sandbox.authorize());
const raw = axios.create({ httpAgent: new http.Agent({ keepAlive: true }) });
const headers = { Authorization: `Bearer ${token.accessToken}`, Accept: 'application/json' };

async function viaClient(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await client.me();
    times.push(performance.now() - t);
  }
  return times;
}

async function viaAxios(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    const response = await raw.get(`${sandbox.baseUrl}/me`, { headers });
    if (response.status !== 200) throw new Error(`raw GET /me answered ${response.status}`);
    times.push(performance.now() - t);
  }
  return times;
}

// Warm both paths (JIT, sockets), then alternate rounds so drift hits both equally.
await viaClient();
await viaAxios();
const clientMedians: number[] = [];
const rawMedians: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  clientMedians.push(median(await viaClient()));
  rawMedians.push(median(await viaAxios()));
}
const c = median(clientMedians);
const r = median(rawMedians);
report('request overhead: 2,000 sequential GET /me (median per request)', [
  ['client', `${(c * 1000).toFixed(1)} µs`],
  ['raw axios', `${(r * 1000).toFixed(1)} µs`],
  ['client/raw', `${ratio(c, r)} (target ≤ 1.10)`],
]);
await sandbox.close();
