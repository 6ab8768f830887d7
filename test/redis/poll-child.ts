/**
 * One polling process of the lease tests: polls touches with RedisStateStore and `lease`, and
 * appends (synchronously, so a kill -9 loses nothing written) one JSON line per event handled,
 * leadership change and error to a shared log:
 *   { kind: 'event', pid, epoch, id, type, objectId, name, description }
 *   { kind: 'leader' | 'follower', pid, epoch, at }     { kind: 'error', pid, name }
 * Setup in POLL_CHILD (JSON): { redisUrl, options, token, log, ttlMs, intervalMs, handlerMs }.
 */
import { appendFileSync } from 'node:fs';
import { createClient } from 'redis';
import { type ClientOptions, SendosoClient, type Token } from '../../src/index.js';
import { RedisStateStore } from '../../src/redis/index.js';

type Setup = {
  redisUrl: string;
  options: ClientOptions;
  token: Token;
  log: string;
  ttlMs: number;
  intervalMs: number;
  handlerMs: number;
};
const setup = JSON.parse(process.env.POLL_CHILD ?? '{}') as Setup;
const write = (line: object) =>
  appendFileSync(setup.log, `${JSON.stringify({ ...line, pid: process.pid })}\n`);

const redis = createClient({ url: setup.redisUrl });
redis.on('error', () => {});
await redis.connect();

const client = new SendosoClient({ ...setup.options, token: setup.token, rateLimit: false, logLevel: 'off' });
const poller = client.poll('touches', {
  intervalMs: setup.intervalMs,
  initial: 'emit',
  store: new RedisStateStore(redis, { prefix: 'sendoso:acme:poll' }),
  lease: { ttlMs: setup.ttlMs },
});
let epoch: number | undefined;
poller.on('leader', (change) => {
  epoch = change.epoch;
  write({ kind: 'leader', epoch, at: Date.now() });
});
poller.on('follower', (change) => write({ kind: 'follower', epoch: change.epoch, at: Date.now() }));
poller.on('error', (err) =>
  write({ kind: 'error', name: (err as Error).name, message: (err as Error).message }),
);
poller.on('change', async (event) => {
  const object = event.object as { name?: unknown; description?: unknown } | undefined;
  write({
    kind: 'event',
    epoch,
    id: event.id,
    type: event.type,
    objectId: event.objectId,
    name: object?.name,
    description: object?.description,
  });
  await new Promise((resolve) => setTimeout(resolve, setup.handlerMs));
});
process.stdout.write('ready\n');
