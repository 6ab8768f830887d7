/**
 * The README's "Running many processes" example, run against the sandbox and a real Redis that the
 * test starts. test/readme.test.ts checks that the README block is the region below.
 */
import { createClient } from 'redis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ChangeEvent, SendosoClient } from '../../src/index.js';
import { RedisRateLimiter, RedisStateStore, RedisTokenStore } from '../../src/redis/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { redisClient, redisServer } from './helpers.js';

const opened: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((r) => r.close().catch(() => {})));
});

describe('README: running many processes', () => {
  it('shares the token, the rate budget and the poller through Redis', async () => {
    const s = await sandbox({ seed: { touches: 3 } });
    const server = await redisServer();
    vi.stubEnv('REDIS_URL', server.url);
    for (const [name, value] of Object.entries({
      SENDOSO_CLIENT_ID: s.clientId,
      SENDOSO_CLIENT_SECRET: s.clientSecret,
      SENDOSO_REDIRECT_URI: s.redirectUri,
      SENDOSO_BASE_URL: s.baseUrl,
      SENDOSO_AUTH_BASE_URL: s.authBaseUrl,
    }))
      vi.stubEnv(name, value);
    // Signed in once, by whichever process ran the OAuth flow: the token is in Redis.
    const signIn = new RedisTokenStore(await redisClient(server), { key: 'sendoso:acme:token' });
    await authorizedClient(s, { tokenStore: signIn });
    const created: ChangeEvent[] = [];
    const notify = async (event: ChangeEvent) => {
      created.push(event);
    };
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => {
      lines.push(line);
    });
    // #region readme many-processes
    const redis = await createClient({ url: process.env.REDIS_URL })
      .on('error', (err: Error) => console.error(`Redis: ${err.message}`)) // it reconnects by itself
      .connect();

    // Every process of the app, web or worker, builds its client the same way.
    const client = new SendosoClient({
      tokenStore: new RedisTokenStore(redis, { key: 'sendoso:acme:token' }),
      rateLimit: new RedisRateLimiter(redis, { key: 'sendoso:acme:rate', requestsPerSecond: 10 }),
    });
    const poller = client.poll('touches', {
      store: new RedisStateStore(redis, { prefix: 'sendoso:acme:poll' }),
      lease: { ttlMs: 15_000 }, // one process polls; another takes over within 15 s if it dies
    });
    poller.on('leader', ({ epoch }) => console.log(`polling touches (lease epoch ${epoch})`));
    poller.on('follower', () => console.log('another process polls touches'));
    poller.on('created', async (event) => notify(event));
    poller.on('error', (err) => console.error(err)); // e.g. CoordinationError while Redis is down
    // #endregion
    opened.push(redis);

    const me = await client.me();
    expect(me.email).toContain('@');
    await vi.waitFor(() => expect(lines).toEqual(['polling touches (lease epoch 1)']), { timeout: 10_000 });
    const second = new SendosoClient({
      tokenStore: new RedisTokenStore(await redisClient(server), { key: 'sendoso:acme:token' }),
      rateLimit: new RedisRateLimiter(await redisClient(server), {
        key: 'sendoso:acme:rate',
        requestsPerSecond: 10,
      }),
    });
    const follower = second.poll('touches', {
      store: new RedisStateStore(await redisClient(server), { prefix: 'sendoso:acme:poll' }),
      lease: { ttlMs: 15_000 },
    });
    follower.on('follower', () => console.log('another process polls touches'));
    await vi.waitFor(() => expect(lines).toHaveLength(2), { timeout: 10_000 });
    expect(lines[1]).toBe('another process polls touches');
    expect(follower.status.leader).toBe(false);
    expect(poller.status.leader).toBe(true);
    await follower.stop();
    await poller.stop();
    expect(created).toEqual([]); // the first pass records a silent baseline
  });
});
