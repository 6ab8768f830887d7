/**
 * RedisStateStore and the poll option `lease` in one process: epochs, fencing, leader and follower,
 * takeover after a stop, a Redis outage, and option checks.
 */
import { describe, expect, it } from 'vitest';
import {
  CoordinationError,
  type LeaseChange,
  MemoryStateStore,
  PollLeaseHeldError,
  PollLeaseLostError,
  type PollState,
  ValidationError,
} from '../../src/index.js';
import { type RedisCommandOptions, RedisStateStore } from '../../src/redis/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { redisClient, redisServer } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll states as a poller builds them: after each pass over 1, 2, 3... touches, into a MemoryStateStore. */
async function pollStates(count: number): Promise<PollState[]> {
  const s = await sandbox({ seed: { touches: 0 } });
  const client = await authorizedClient(s);
  const store = new MemoryStateStore();
  const poller = client.poll('touches', { store, autoStart: false });
  const states: PollState[] = [];
  for (let i = 0; i < count; i++) {
    s.data.touches.insert({ name: `touch ${i}` });
    await poller.pollOnce();
    states.push((await store.load(poller.key)) as PollState);
  }
  await poller.stop();
  return states;
}

const idsOf = (state: PollState | undefined) => (state ? [...state.ids] : undefined);

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('RedisStateStore leases', () => {
  it('the epoch grows with every acquisition, and a lease whose key was taken cannot write (fencing)', async () => {
    const server = await redisServer();
    const redis = await redisClient(server);
    const mine = new RedisStateStore(redis, { prefix: 'p' });
    const theirs = new RedisStateStore(await redisClient(server), { prefix: 'p' });
    const [one, two, three] = (await pollStates(3)) as [PollState, PollState, PollState];
    const old = await mine.acquire('key', { leaseMs: 5_000 });
    expect(old.epoch).toBe(1);
    await old.save(one);

    // Redis expired the lease early (its clock ran fast, or it lost the key) and another process took it;
    // this process's clock still says the lease is good, so only Redis can stop the write.
    await redis.del(mine.keysFor('key').lease);
    const current = await theirs.acquire('key', { leaseMs: 5_000 });
    expect(current.epoch).toBe(2);
    expect(old.held()).toBe(true);
    await expect(old.save(three)).rejects.toThrow(PollLeaseLostError);
    expect(old.held()).toBe(false);
    expect(idsOf(await theirs.load('key'))).toEqual(idsOf(one));
    await current.save(two);
    await expect(old.save(three)).rejects.toThrow(/fencing/);
    expect(idsOf(await mine.load('key'))).toEqual(idsOf(two));
    expect(idsOf(two)).toHaveLength(2);

    await current.release();
    const next = await mine.acquire('key', { leaseMs: 5_000 });
    expect(next.epoch).toBe(3);
    await next.release();
  });

  it('a renewed lease outlives its length; others are told how long it has left', async () => {
    const server = await redisServer();
    const mine = new RedisStateStore(await redisClient(server), { prefix: 'p' });
    const theirs = new RedisStateStore(await redisClient(server), { prefix: 'p' });
    const lease = await mine.acquire('key', { leaseMs: 300 });
    await sleep(1_000);
    expect(lease.held()).toBe(true);
    const refused = await theirs.acquire('key', { leaseMs: 300 }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(PollLeaseHeldError);
    expect((refused as PollLeaseHeldError).retryInMs).toBeLessThanOrEqual(300 + 25);
    expect((refused as PollLeaseHeldError).holder).toMatch(new RegExp(`:${process.pid} \\(epoch 1\\)`));
    await lease.release();
    expect(lease.held()).toBe(false);
    const taken = await theirs.acquire('key', { leaseMs: 300 });
    expect(taken.epoch).toBe(2);
    await taken.release();
  });

  it('a lease Redis granted after the caller gave up on the answer is handed back, not left leaderless for its length', async () => {
    const server = await redisServer();
    const redis = await redisClient(server);
    const keys = new RedisStateStore(redis, { prefix: 'p' }).keysFor('key');
    // Redis grants the lease, but its answer comes too late: the command timed out already.
    const slow = {
      sendCommand: async (args: Array<string | Buffer>, options?: RedisCommandOptions) => {
        const answer = await redis.sendCommand(args, options);
        if (String(args[0]).startsWith('EVAL') && args.includes(keys.epoch)) await sleep(400);
        return answer;
      },
    };
    const mine = new RedisStateStore(slow, { prefix: 'p', commandTimeoutMs: 200 });
    await expect(mine.acquire('key', { leaseMs: 30_000 })).rejects.toThrow(/did not answer within 200 ms/);
    await sleep(100);
    expect(await redis.exists(keys.lease)).toBe(0);
    const theirs = await new RedisStateStore(await redisClient(server), { prefix: 'p' }).acquire('key');
    expect(theirs.epoch).toBe(2);
    await theirs.release();
  });

  it('writes nothing without a lease', async () => {
    const server = await redisServer();
    const store = new RedisStateStore(await redisClient(server), { prefix: 'p' });
    const [one] = (await pollStates(1)) as [PollState];
    await expect(store.save('key', one)).rejects.toThrow(CoordinationError);
    expect(await store.load('key')).toBeUndefined();
  });
});

describe('polling with lease in one process', () => {
  it('one poller leads, the other follows, and takes over when the leader stops', async () => {
    const s = await sandbox({ seed: { touches: 5 } });
    const server = await redisServer();
    const client = await authorizedClient(s);
    const events: string[] = [];
    const pollerOn = async (name: string) => {
      const store = new RedisStateStore(await redisClient(server), { prefix: 'sendoso:acme:poll' });
      const poller = client.poll('touches', {
        store,
        lease: { ttlMs: 600 },
        intervalMs: 50,
        initial: 'emit',
      });
      poller.on('leader', (change: LeaseChange) => events.push(`${name} leads (epoch ${change.epoch})`));
      poller.on('follower', () => events.push(`${name} follows`));
      poller.on('created', (event) => {
        events.push(`${name} created ${event.objectId}`);
      });
      return poller;
    };
    const a = await pollerOn('a');
    await until(
      'a to lead',
      () => a.status.leader && events.filter((e) => e.includes('created')).length === 5,
    );
    const b = await pollerOn('b');
    await until('b to follow', () => events.includes('b follows'));
    expect(b.status.leader).toBe(false);
    expect(await b.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 }); // a follower's pass lists nothing

    const stoppedAt = Date.now();
    await a.stop();
    expect(a.status.leader).toBe(false);
    await until('b to lead', () => b.status.leader);
    expect(Date.now() - stoppedAt).toBeLessThan(600 + 500);
    s.data.touches.insert({ name: 'after the handover' });
    await until('b to report it', () => events.some((e) => e.startsWith('b created')));
    await b.stop();
    expect(events.filter((e) => !e.includes('created'))).toEqual([
      'a leads (epoch 1)',
      'b follows',
      'b leads (epoch 2)',
    ]);
    // Each touch announced once, by whichever poller led.
    expect(events.filter((e) => e.includes('created'))).toHaveLength(6);
  });

  it('Redis down: the pass fails with CoordinationError, the lease runs out, and the poller leads again once Redis is back', async () => {
    const s = await sandbox({ seed: { touches: 3 } });
    const server = await redisServer();
    const client = await authorizedClient(s);
    const redis = await redisClient(server);
    const store = new RedisStateStore(redis, { prefix: 'p', commandTimeoutMs: 300 });
    const poller = client.poll('touches', { store, lease: { ttlMs: 500 }, autoStart: false });
    const errors: unknown[] = [];
    const changes: string[] = [];
    poller.on('error', (err) => errors.push(err));
    poller.on('follower', () => changes.push('follower'));
    poller.on('leader', () => changes.push('leader'));
    const handed: string[] = [];
    poller.on('created', (event) => {
      handed.push(event.objectId);
    });
    await poller.pollOnce();
    expect(poller.status.leader).toBe(true);

    await server.stop();
    s.data.touches.insert({ name: 'while Redis is down' });
    // Its created event is written ahead of delivery: with Redis down, nothing is handed out.
    await expect(poller.pollOnce()).rejects.toThrow(CoordinationError);
    expect(handed).toEqual([]);
    await until('the lease to run out', () => !poller.status.leader);
    expect(changes).toEqual(['leader', 'follower']);
    await expect(poller.pollOnce()).rejects.toThrow(CoordinationError); // no lease, no pass

    await server.start();
    await until('the client to reconnect', () => redis.isReady);
    await poller.pollOnce();
    expect(poller.status.leader).toBe(true);
    expect(changes).toEqual(['leader', 'follower', 'leader']);
    expect(errors.every((e) => e instanceof CoordinationError)).toBe(true);
    await poller.stop();
  });

  it('without lease, a second poller on the same key fails its passes until the first stops', async () => {
    const s = await sandbox({ seed: { touches: 2 } });
    const server = await redisServer();
    const client = await authorizedClient(s);
    const store = new RedisStateStore(await redisClient(server), { prefix: 'p' });
    const first = client.poll('touches', { store, autoStart: false });
    const second = client.poll('touches', {
      store: new RedisStateStore(await redisClient(server), { prefix: 'p' }),
      autoStart: false,
    });
    await first.pollOnce();
    const refused = await second.pollOnce().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(PollLeaseHeldError);
    expect(second.status.leader).toBe(false);
    await first.stop();
    expect(await second.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(second.status.leader).toBe(true);
    await second.stop();
  });

  it('checks the lease option', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const redis = { sendCommand: async () => null };
    expect(() => client.poll('touches', { lease: { ttlMs: 1_000 }, autoStart: false })).toThrow(
      /lease: needs a store that can lease/,
    );
    expect(() =>
      client.poll('touches', { store: new MemoryStateStore(), lease: { ttlMs: 1_000 }, autoStart: false }),
    ).toThrow(ValidationError);
    const store = new RedisStateStore(redis, { prefix: 'p' });
    expect(() => client.poll('touches', { store, lease: { ttlMs: 5 }, autoStart: false })).toThrow(
      /lease\.ttlMs: must be a number of ms >= 30/,
    );
    expect(() => client.poll('touches', { store, lease: {} as never, autoStart: false })).toThrow(
      /lease\.ttlMs: is required/,
    );
    expect(() => new RedisStateStore(redis, { prefix: '' })).toThrow(/prefix/);
  });
});
