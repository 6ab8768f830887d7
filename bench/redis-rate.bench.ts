/**
 * Many processes, one budget: 4 processes share RedisRateLimiter(10) and call as fast as they can for
 * 10 s against the sandbox's own limit (10 requests in any sliding second, 429 above it). Reports the
 * aggregate rate Sendoso would see and the 429 count (targets: >= 9.0 req/s, zero 429), and the
 * per-request cost of asking Redis vs the in-process limiter (median µs).
 *
 * On loopback the measured propagation is ~0, so requests count from their answers and the rate is
 * bounded by the window (1 s + a 10 ms margin) plus one answer time per window.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { type RateLimiter, SendosoClient, SlidingWindowLimiter } from '../src/index.js';
import { RedisRateLimiter } from '../src/redis/index.js';
import { createSandbox } from '../src/testing/index.js';
import { locateRedisServer } from '../test/redis/global-setup.js';
import { RedisServer } from '../test/redis/redis-server.js';
import { median, report } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const PROCESSES = 4;
const SECONDS = 10;

const server = await new RedisServer(locateRedisServer()).start();
const redis = await createClient({ url: server.url })
  .on('error', () => {})
  .connect();
const sandbox = await createSandbox(); // Sendoso's limit: 10 requests in any sliding second
const setupClient = new SendosoClient({ ...sandbox.clientOptions(), rateLimit: false, logLevel: 'off' });
const token = await setupClient.auth.exchangeCode(await sandbox.authorize());

// --- 4 processes, one budget -------------------------------------------------------------------
const key = 'bench:rate';
// The first grant on a fresh Redis waits one window (it cannot know the last second): not measured.
await (await new RedisRateLimiter(redis, { key, requestsPerSecond: 10 }).acquire())();

function startApp(): Promise<{ child: ChildProcessWithoutNullStreams; send(line: string): Promise<string> }> {
  const setup = {
    redisUrl: server.url,
    options: { ...sandbox.clientOptions(), token },
    rateKey: key,
    requestsPerSecond: 10,
  };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, '..', 'test', 'redis', 'client-child.ts')],
    {
      env: { ...process.env, REDIS_CHILD: JSON.stringify(setup) },
    },
  ) as ChildProcessWithoutNullStreams;
  child.stderr.pipe(process.stderr);
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const ready = next();
  return ready.then(() => ({
    child,
    send: (line: string) => {
      const answer = next();
      child.stdin.write(`${line}\n`);
      return answer;
    },
  }));
}

const apps = await Promise.all(Array.from({ length: PROCESSES }, startApp));
sandbox.clearRequests();
const started = Date.now();
const answers = await Promise.all(apps.map((app, i) => app.send(`flood ${SECONDS * 1000} 10 ${i + 1}`)));
for (const app of apps) app.child.kill();
const api = sandbox.requests.filter((r) => r.path.startsWith('/api/v3/'));
const inWindow = api.filter((r) => r.at >= started && r.at < started + SECONDS * 1000);
const tooMany = api.filter((r) => r.status === 429 || r.rateLimited).length;
const sorted = api.map((r) => r.at).sort((a, b) => a - b);
let busiest = 0;
for (let end = 0, start = 0; end < sorted.length; end++) {
  while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= 1000) start++;
  busiest = Math.max(busiest, end - start + 1);
}
// Steady rate, whatever the bursts' alignment with the 10 s: 10 / the mean time from a request to the 10th after it.
const spans = sorted.slice(10).map((at, i) => at - (sorted[i] ?? 0));
const steady = spans.length > 0 ? (10 * 1000 * spans.length) / spans.reduce((a, b) => a + b, 0) : 0;
const failures = answers
  .map((a) => JSON.stringify((JSON.parse(a) as { errors: object }).errors))
  .filter((e) => e !== '{}');

// --- per-request cost: Redis vs in-process ------------------------------------------------------
const N = 2_000;
async function acquireRelease(limiter: RateLimiter): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    const release = await limiter.acquire();
    release();
    times.push(performance.now() - t);
  }
  return times;
}
async function getMe(client: SendosoClient): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await client.me();
    times.push(performance.now() - t);
  }
  return times;
}
// A budget that never makes anyone wait: only the cost of deciding is measured.
const unlimited = 1_000_000;
const local = new SlidingWindowLimiter(unlimited);
const shared = new RedisRateLimiter(redis, { key: 'bench:cost', requestsPerSecond: unlimited });
await (await shared.acquire())();
sandbox.settings.rateLimit = false;
const viaLocal = new SendosoClient({ ...sandbox.clientOptions(), token, rateLimit: local, logLevel: 'off' });
const viaRedis = new SendosoClient({ ...sandbox.clientOptions(), token, rateLimit: shared, logLevel: 'off' });
await getMe(viaLocal);
await getMe(viaRedis);
const rounds = {
  localLimiter: [] as number[],
  redisLimiter: [] as number[],
  localMe: [] as number[],
  redisMe: [] as number[],
};
for (let round = 0; round < 3; round++) {
  rounds.localLimiter.push(median(await acquireRelease(local)));
  rounds.redisLimiter.push(median(await acquireRelease(shared)));
  rounds.localMe.push(median(await getMe(viaLocal)));
  rounds.redisMe.push(median(await getMe(viaRedis)));
}
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

report(
  `RedisRateLimiter(10) shared by ${PROCESSES} processes, calling as fast as they can for ${SECONDS} s`,
  [
    ['requests in the 10 s', String(inWindow.length)],
    ['aggregate', `${(inWindow.length / SECONDS).toFixed(2)} req/s (target ≥ 9.0)`],
    ['steady rate (10 / mean time to the 10th next)', `${steady.toFixed(2)} req/s`],
    ['429 answers', `${tooMany} (target 0)`],
    ['most in any sliding second', String(busiest)],
    ['failed calls', failures.length === 0 ? '0' : failures.join(' ')],
  ],
);
report(`per-request cost of the limiter, ${N} sequential requests, median of 3 rounds`, [
  ['acquire + release, in-process', us(median(rounds.localLimiter))],
  ['acquire + release, Redis', us(median(rounds.redisLimiter))],
  ['GET /me with the in-process limiter', us(median(rounds.localMe))],
  ['GET /me with the Redis limiter', us(median(rounds.redisMe))],
  ['Redis overhead per request', us(median(rounds.redisMe) - median(rounds.localMe))],
]);

await redis.close();
await sandbox.close();
await server.stop();
