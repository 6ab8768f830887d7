/**
 * Redis stops mid-run and comes back (empty: the test Redis keeps nothing on disk). Two app processes
 * share a token and a rate budget in it: while it is down every call fails with CoordinationError
 * and nothing reaches Sendoso (no request above the budget, no refresh without the lock); once it is
 * back, calls work again with exactly one refresh of the expired token and never a 429.
 */
import { describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../../src/redis/index.js';
import { refreshRequests } from '../auth/token-files.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { type Answer, AppProcess } from './children.js';
import { redisClient, redisServer } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis stopped mid-run, then restarted', () => {
  it('typed errors while it is down, no 429 and no burned token, and recovery after', async () => {
    const s = await sandbox(); // Sendoso's limit of 10 a second applies
    const server = await redisServer();
    const store = new RedisTokenStore(await redisClient(server), { key: 'sendoso:acme:token' });
    await authorizedClient(s, { tokenStore: store, rateLimit: false });
    const setup = {
      redisUrl: server.url,
      options: s.clientOptions(),
      tokenKey: 'sendoso:acme:token',
      rateKey: 'sendoso:acme:rate',
    };
    const apps = [new AppProcess(setup), new AppProcess(setup)];
    await Promise.all(apps.map((a) => a.ready));
    expect(await Promise.all(apps.map((a) => a.send('calls 5')))).toEqual([
      { ok: 5, failed: [] },
      { ok: 5, failed: [] },
    ]);

    await server.stop();
    s.expireAccessTokens(); // the next call needs a refresh, which needs the lock
    s.clearRequests();
    const down = await Promise.all(apps.map((a) => a.send('calls 5')));
    const refreshed = await Promise.all(apps.map((a) => a.send('refresh')));
    expect(down).toEqual(apps.map(() => ({ ok: 0, failed: Array(5).fill({ name: 'CoordinationError' }) })));
    expect(refreshed).toEqual(apps.map(() => ({ ok: false, name: 'CoordinationError' })));
    expect(s.requests).toEqual([]); // not one request reached Sendoso

    await server.start(); // same port, no data
    const failures: Answer[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      const answers = await Promise.all(apps.map((a) => a.send('calls 5')));
      failures.push(...answers.flatMap((a) => a.failed as Answer[]));
      if (answers.every((a) => a.ok === 5)) break;
      if (Date.now() > deadline) throw new Error(`no recovery: ${JSON.stringify(answers)}`);
      await sleep(100);
    }
    // Reconnecting, the processes may still see Redis as down for a moment: typed errors only.
    expect(failures.filter((f) => f.name !== 'CoordinationError')).toEqual([]);
    expect(refreshRequests(s).map((r) => r.status)).toEqual([200]); // one refresh, no invalid_grant
    expect(s.requests.filter((r) => r.status === 429 || r.rateLimited)).toEqual([]);
    // The refreshed pair is shared again: a third round needs no refresh.
    s.clearRequests();
    expect(await Promise.all(apps.map((a) => a.send('calls 5')))).toEqual([
      { ok: 5, failed: [] },
      { ok: 5, failed: [] },
    ]);
    expect(refreshRequests(s)).toEqual([]);
    expect((await store.get())?.accessToken).toBeDefined();
  }, 90_000);
});
