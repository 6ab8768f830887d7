/**
 * RedisRateLimiter: one budget of 10 requests in any sliding second across processes, and a 429
 * that pauses every process. Child processes hammer the sandbox, whose own limit (10 a second,
 * strict sliding window) answers 429 to anything above it; its request log is the judge.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, CoordinationError, type Token, ValidationError } from '../../src/index.js';
import { type RedisCommandOptions, RedisRateLimiter } from '../../src/redis/index.js';
import type { LoggedRequest, Sandbox } from '../../src/testing/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { AppProcess } from './children.js';
import { redisClient, redisServer } from './helpers.js';

const API = '/api/v3/';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function apiArrivals(s: Sandbox): LoggedRequest[] {
  return s.requests.filter((r) => r.path.startsWith(API)).sort((a, b) => a.at - b.at);
}

/** The most arrivals in any window [t, t + 1000 ms). */
function busiestSecond(arrivals: readonly LoggedRequest[]): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < arrivals.length; end++) {
    while ((arrivals[end]?.at ?? 0) - (arrivals[start]?.at ?? 0) >= 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

async function appsFor(s: Sandbox, count: number, extra: object = {}) {
  const server = await redisServer();
  const client = await authorizedClient(s, { rateLimit: false });
  const token = (await client.auth.getToken()) as Token;
  const setup = {
    redisUrl: server.url,
    options: { ...s.clientOptions(), token },
    rateKey: 'sendoso:acme:rate',
    requestsPerSecond: 10,
    ...extra,
  };
  const apps = Array.from({ length: count }, () => new AppProcess(setup));
  await Promise.all(apps.map((a) => a.ready));
  return { server, apps };
}

describe('RedisRateLimiter across processes', () => {
  it('4 processes calling as fast as they can for 5 s through RedisRateLimiter(10): no 429, never more than 10 arrivals in any sliding second', async () => {
    const s = await sandbox(); // Sendoso's limit: 10 requests in any sliding second, 429 above it
    const { apps } = await appsFor(s, 4);
    s.clearRequests();
    // Each process: 10 loops back to back, each on its own touch (so the log tells the processes apart).
    const results = await Promise.all(apps.map((a, i) => a.send(`flood 5000 10 ${i + 1}`)));

    const arrivals = apiArrivals(s);
    expect(arrivals.filter((r) => r.status === 429 || r.rateLimited)).toEqual([]);
    expect(busiestSecond(arrivals)).toBeLessThanOrEqual(10);
    expect(results.map((r) => r.errors)).toEqual([{}, {}, {}, {}]);
    // Every process got turns, and the budget was used: 5 s minus the first second's wait.
    expect(new Set(arrivals.map((r) => r.path)).size).toBe(4);
    expect(arrivals.length).toBeGreaterThanOrEqual(35);
    // Steady rate, whatever the bursts' alignment: 10 / the mean time from a request to the 10th after it.
    const spans = arrivals.slice(10).map((r, i) => r.at - (arrivals[i]?.at ?? 0));
    const rate = (10_000 * spans.length) / spans.reduce((a, b) => a + b, 0);
    console.log(
      `RedisRateLimiter(10), 4 processes: ${arrivals.length} requests, ${rate.toFixed(2)} req/s steady`,
    );
  }, 60_000);

  it('a 429 seen by one process pauses all of them for its Retry-After', async () => {
    const s = await sandbox();
    const { apps } = await appsFor(s, 4);
    s.clearRequests();
    // Steady traffic well under the limit (4 × one request per 600 ms), so nothing waits but the pause.
    const runs = apps.map((a, i) => a.send(`pace 5000 600 ${i + 1}`));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    s.faults.next(1, { status: 429, headers: { 'retry-after': '1' } });
    await Promise.all(runs);

    const arrivals = apiArrivals(s);
    const limited = arrivals.filter((r) => r.status === 429);
    expect(limited).toHaveLength(1); // the injected one: Sendoso's own limit never answered 429
    expect(arrivals.filter((r) => r.rateLimited)).toEqual([]);
    const at = limited[0]?.at ?? 0;
    // While the pause holds, no process sends anything: a request granted before the 429's answer was
    // in may still arrive just after it, but nothing from 150 ms to 950 ms after it.
    const during = arrivals.filter((r) => r.at > at + 150 && r.at < at + 950);
    expect(during).toEqual([]);
    // Every process was sending before the 429 and sends again after the pause: all four were held.
    const paths = (from: number, to: number) =>
      new Set(arrivals.filter((r) => r.at >= from && r.at < to).map((r) => r.path)).size;
    expect(paths(at - 1_500, at)).toBe(4);
    expect(paths(at + 1_000, at + 2_500)).toBe(4);
  }, 60_000);
});

describe('RedisRateLimiter in one process', () => {
  it('grants at most requestsPerSecond in any window, and an aborted waiter leaves the queue', async () => {
    const server = await redisServer();
    const limiter = new RedisRateLimiter(await redisClient(server), { key: 'r', requestsPerSecond: 5 });
    const granted: number[] = [];
    const started = performance.now();
    const controller = new AbortController();
    const waits = Array.from({ length: 8 }, (_, i) =>
      limiter.acquire(i === 6 ? controller.signal : undefined).then((release) => {
        granted.push(performance.now() - started);
        release();
      }),
    );
    setTimeout(() => controller.abort(), 100);
    const results = await Promise.allSettled(waits);
    expect(
      results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason),
    ).toEqual([new AbortError()]);
    expect(granted).toHaveLength(7);
    // The first five share one window; the next two wait for it to pass.
    const sorted = granted.sort((a, b) => a - b);
    expect((sorted[5] ?? 0) - (sorted[0] ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('Redis down: acquire fails with CoordinationError at once, so nothing is sent', async () => {
    const s = await sandbox();
    const server = await redisServer();
    const limiter = new RedisRateLimiter(await redisClient(server), {
      key: 'r',
      requestsPerSecond: 10,
      commandTimeoutMs: 500,
    });
    const client = await authorizedClient(s, { rateLimit: limiter, maxRetries: 0 });
    await server.stop();
    s.clearRequests();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.me()));
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(CoordinationError);
    }
    expect(apiArrivals(s)).toEqual([]);
  });

  it('a slot Redis granted after the caller gave up on the answer is given back, not held for maxHoldMs', async () => {
    const server = await redisServer();
    const redis = await redisClient(server);
    await redis.set('r:alive', '1'); // a window already in use: the first ask is granted at once
    // Redis grants the slot, but its answer comes too late: the command timed out already.
    const slow = {
      sendCommand: async (args: Array<string | Buffer>, options?: RedisCommandOptions) => {
        const answer = await redis.sendCommand(args, options);
        if (String(args[0]).startsWith('EVAL') && args.includes('r:alive')) await sleep(400);
        return answer;
      },
    };
    const limiter = new RedisRateLimiter(slow, { key: 'r', requestsPerSecond: 1, commandTimeoutMs: 200 });
    await expect(limiter.acquire()).rejects.toThrow(/did not answer within 200 ms/);
    await sleep(100);
    expect(await redis.zCard('r')).toBe(0);
  });

  it('refuses bad options with a ValidationError naming each', () => {
    const redis = { sendCommand: async () => null };
    expect(() => new RedisRateLimiter(redis, { key: 'r', requestsPerSecond: 0 })).toThrow(ValidationError);
    expect(() => new RedisRateLimiter(redis, { key: 'r' } as never)).toThrow(
      /requestsPerSecond: is required/,
    );
    expect(() => new RedisRateLimiter(redis, { key: 'r', requestsPerSecond: 10, maxHoldMs: -1 })).toThrow(
      /maxHoldMs/,
    );
  });
});
