/**
 * RedisTokenStore: one refresh per stale token across processes, and no write without the lock.
 * Real Redis (its own redis-server), real child processes, the sandbox over loopback HTTP.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CoordinationError, type Token, ValidationError } from '../../src/index.js';
import { type RedisCommandOptions, RedisTokenStore } from '../../src/redis/index.js';
import { refreshRequests } from '../auth/token-files.js';
import { authorizedClient, clientFor, sandbox } from '../helpers.js';
import { AppProcess } from './children.js';
import { redisClient, redisServer } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const token = (accessToken: string): Token => ({
  accessToken,
  refreshToken: `refresh-${accessToken}`,
  expiresAt: Date.now() + 3_600_000,
  tokenType: 'bearer',
});

describe('RedisTokenStore across processes', () => {
  it('4 processes × 25 concurrent calls with a stale shared token, 20 rounds: one token request per round, none failed, the store ends valid', async () => {
    // Tokens live 2 s, so they are due for refresh 1 s after they are issued.
    const s = await sandbox({ rateLimit: false, tokenTtlSeconds: 2 });
    const server = await redisServer();
    const store = new RedisTokenStore(await redisClient(server), { key: 'sendoso:acme:token' });
    await authorizedClient(s, { tokenStore: store, rateLimit: false });
    const setup = { redisUrl: server.url, options: s.clientOptions(), tokenKey: 'sendoso:acme:token' };
    const apps = Array.from({ length: 4 }, () => new AppProcess(setup));
    await Promise.all(apps.map((a) => a.ready));

    for (let round = 0; round < 20; round++) {
      const stored = (await store.get()) as Token;
      if (round % 2 === 0) {
        // Stale by its age: every process finds it due before sending anything.
        await sleep(Math.max(0, stored.expiresAt - 1_000 + 50 - Date.now()));
      } else {
        // Still fresh by its age, but Sendoso dropped it: every process gets a 401 and refreshes.
        s.expireAccessTokens();
      }
      s.clearRequests();
      const answers = await Promise.all(apps.map((a) => a.send('calls 25')));
      expect({ round, answers }).toEqual({ round, answers: apps.map(() => ({ ok: 25, failed: [] })) });
      expect({ round, refreshes: refreshRequests(s).map((r) => r.status) }).toEqual({
        round,
        refreshes: [200],
      });
    }

    // The store holds the pair Sendoso issued last, and it works.
    const last = (await store.get()) as Token;
    expect(last.expiresAt).toBeGreaterThan(Date.now());
    const check = clientFor(s, { token: last, rateLimit: false });
    await expect(check.me()).resolves.toBeDefined();
  }, 120_000);
});

describe('RedisTokenStore writes only under its lock', () => {
  it('a write after the lock went to another process is refused, and the token stays', async () => {
    const server = await redisServer();
    const redis = await redisClient(server);
    const mine = new RedisTokenStore(redis, { key: 't' });
    const theirs = new RedisTokenStore(await redisClient(server), { key: 't' });
    await mine.set(token('first'));

    let theirRun: Promise<void> | undefined;
    let finish!: () => void;
    const refused = mine.lock(async () => {
      await mine.get();
      // This process froze past the lock's expiry: the lock expired and the other process took it.
      await redis.del('t:lock');
      let theirsHold!: () => void;
      const held = new Promise<void>((resolve) => {
        theirsHold = resolve;
      });
      theirRun = theirs.lock(async () => {
        theirsHold();
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
      });
      await held;
      await mine.set(token('second'));
    });
    await expect(refused).rejects.toThrow(CoordinationError);
    await expect(refused).rejects.toThrow(/lock .* expired before the token was written/);
    finish();
    await theirRun;
    expect((await mine.get())?.accessToken).toBe('first');
  });

  it('a write is refused when the token changed since it was read under the lock', async () => {
    const server = await redisServer();
    const redis = await redisClient(server);
    const store = new RedisTokenStore(redis, { key: 't' });
    await store.set(token('first'));
    const run = store.lock(async () => {
      await store.get();
      await redis.hSet('t', { token: JSON.stringify(token('planted')), version: '99' });
      await store.set(token('second'));
    });
    await expect(run).rejects.toThrow(/changed under the lock/);
    expect((await store.get())?.accessToken).toBe('planted');
  });

  it('set outside lock() waits for the holder and writes under the lock itself', async () => {
    const server = await redisServer();
    const store = new RedisTokenStore(await redisClient(server), { key: 't' });
    const other = new RedisTokenStore(await redisClient(server), { key: 't' });
    const order: string[] = [];
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const holder = other.lock(async () => {
      entered();
      await sleep(300);
      order.push('holder done');
    });
    await inside;
    await store.set(token('after'));
    order.push('set done');
    await holder;
    expect(order).toEqual(['holder done', 'set done']);
    expect((await other.get())?.accessToken).toBe('after');
  });

  it('work a lock run started and left behind does not count as holding the lock once the run is over', async () => {
    const server = await redisServer();
    const redis = await redisClient(server);
    const store = new RedisTokenStore(redis, { key: 't' });
    const other = new RedisTokenStore(await redisClient(server), { key: 't' });
    await store.set(token('first'));
    // A callback run inside lock() (the SDK's onToken) starts work it does not await: that work carries
    // the lock run's async context after the run released the lock.
    let later!: Promise<{ lockedByOther: boolean; stored: string | undefined }>;
    await store.lock(async () => {
      later = (async () => {
        await sleep(100);
        let lockedByOther = false;
        const holder = other.lock(async () => {
          await sleep(200);
          lockedByOther = true;
        });
        await sleep(20);
        // Not holding the lock any more: lock() must wait for the other holder, and a write must take it.
        await store.lock(async () => {
          expect(lockedByOther).toBe(true);
          await store.set(token('second'));
        });
        await holder;
        return { lockedByOther, stored: (await store.get())?.accessToken };
      })();
    });
    await expect(later).resolves.toEqual({ lockedByOther: true, stored: 'second' });
    expect(await redis.exists('t:lock')).toBe(0);
  });

  it('a lock Redis granted after the caller gave up on the answer is handed back, not left to block everyone for lockTtlMs', async () => {
    const server = await redisServer();
    const redis = await redisClient(server);
    // Redis takes the lock, but its answer comes too late: the command timed out already.
    const slow = {
      sendCommand: async (args: Array<string | Buffer>, options?: RedisCommandOptions) => {
        const answer = await redis.sendCommand(args, options);
        if (args[0] === 'SET' && args.includes('NX')) await sleep(400);
        return answer;
      },
    };
    const store = new RedisTokenStore(slow, { key: 't', commandTimeoutMs: 200, lockTtlMs: 30_000 });
    await expect(store.lock(async () => undefined)).rejects.toThrow(/did not answer within 200 ms/);
    await sleep(100);
    expect(await redis.exists('t:lock')).toBe(0);
  });

  it('Redis down: CoordinationError, and no token request is sent', async () => {
    const s = await sandbox({ rateLimit: false });
    const server = await redisServer();
    const store = new RedisTokenStore(await redisClient(server), { key: 't', commandTimeoutMs: 500 });
    const client = await authorizedClient(s, { tokenStore: store, rateLimit: false });
    await server.stop();
    s.clearRequests();
    await expect(store.get()).rejects.toThrow(CoordinationError);
    await expect(client.auth.refresh()).rejects.toThrow(CoordinationError);
    expect(refreshRequests(s)).toEqual([]);
  });

  it('keeps tokens out of errors, JSON and inspect', async () => {
    const server = await redisServer();
    const redis = await redisClient(server);
    const store = new RedisTokenStore(redis, { key: 't' });
    await store.set(token('secret-access'));
    const run = store.lock(async () => {
      await redis.set('t:lock', 'someone else');
      await store.set(token('secret-next'));
    });
    const err = await run.catch((e: unknown) => e);
    const shown = `${JSON.stringify(store)} ${inspect(store)} ${String(err)} ${JSON.stringify(err)} ${inspect(err)}`;
    expect(err).toBeInstanceOf(CoordinationError);
    expect(shown).not.toMatch(/secret/);
  });

  it('refuses bad options with a ValidationError naming each', () => {
    const redis = { sendCommand: async () => null };
    expect(() => new RedisTokenStore(redis, { key: '' })).toThrow(ValidationError);
    expect(() => new RedisTokenStore(redis, { key: 'k', lockTtlMs: 5 })).toThrow(/lockTtlMs/);
    expect(() => new RedisTokenStore({} as never, { key: 'k' })).toThrow(
      /redis: must be a connected node-redis client/,
    );
    expect(() => new RedisTokenStore(redis, {} as never)).toThrow(/key: is required/);
  });
});
