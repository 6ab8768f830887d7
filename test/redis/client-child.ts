/**
 * One app process of the many-process tests: a SendosoClient whose token store and rate limiter
 * live in Redis (when their keys are given), driven by lines on stdin, answering JSON lines:
 *   calls <n>                   n concurrent `me()` calls → { ok, failed: [{ name, code }] }
 *   flood <ms> <loops> <id>     `touches.get(id)` in <loops> loops for <ms> → { ok, errors: { name: count } }
 *   pace <ms> <gap> <id>        `touches.get(id)`, then <gap> ms of rest, for <ms> → as flood
 *   refresh                     `client.auth.refresh()` → { ok } or { ok: false, name }
 * Setup in REDIS_CHILD (JSON): { redisUrl, options, tokenKey?, rateKey?, requestsPerSecond?, maxRetries? }.
 */
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import { type ClientOptions, SendosoClient } from '../../src/index.js';
import { RedisRateLimiter, RedisTokenStore } from '../../src/redis/index.js';

type Setup = {
  redisUrl: string;
  options: ClientOptions;
  tokenKey?: string;
  rateKey?: string;
  requestsPerSecond?: number;
  maxRetries?: number;
};
const setup = JSON.parse(process.env.REDIS_CHILD ?? '{}') as Setup;

const redis = createClient({
  url: setup.redisUrl,
  socket: { reconnectStrategy: (retries: number) => Math.min(50 * (retries + 1), 200) },
});
redis.on('error', () => {}); // outages are part of the tests; the SDK reports them as CoordinationError
await redis.connect();

const client = new SendosoClient({
  ...setup.options,
  logLevel: 'off',
  maxRetries: setup.maxRetries ?? 2,
  ...(setup.tokenKey ? { tokenStore: new RedisTokenStore(redis, { key: setup.tokenKey }) } : {}),
  rateLimit: setup.rateKey
    ? new RedisRateLimiter(redis, { key: setup.rateKey, requestsPerSecond: setup.requestsPerSecond ?? 10 })
    : false,
});

const answer = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
const failure = (err: unknown) => {
  const { name, code } = err as { name?: string; code?: string };
  return code === undefined ? { name } : { name, code };
};

async function calls(n: number) {
  const results = await Promise.allSettled(Array.from({ length: n }, () => client.me()));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [failure(r.reason)] : []));
  return { ok: n - failed.length, failed };
}

async function flood(ms: number, loops: number, id: number, gapMs = 0) {
  const until = Date.now() + ms;
  let ok = 0;
  const errors: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (Date.now() < until) {
        try {
          await client.touches.get(id);
          ok++;
        } catch (err) {
          const name = (err as Error).name;
          errors[name] = (errors[name] ?? 0) + 1;
        }
        if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
    }),
  );
  return { ok, errors };
}

answer({ ready: true, pid: process.pid });
for await (const line of createInterface({ input: process.stdin })) {
  const [command, ...args] = line.trim().split(' ');
  const n = args.map(Number);
  if (command === 'calls') answer(await calls(n[0] ?? 1));
  else if (command === 'flood') answer(await flood(n[0] ?? 1000, n[1] ?? 1, n[2] ?? 1));
  else if (command === 'pace') answer(await flood(n[0] ?? 1000, 1, n[2] ?? 1, n[1] ?? 100));
  else if (command === 'refresh') {
    answer(
      await client.auth.refresh().then(
        () => ({ ok: true }),
        (err: unknown) => ({ ok: false, ...failure(err) }),
      ),
    );
  }
}
await redis.close();
