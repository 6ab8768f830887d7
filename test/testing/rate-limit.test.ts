import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { SlidingWindowLimiter } from '../../src/testing/rate-limit.js';
import { api, issueToken, tokenRequest } from './helpers.js';

const TOO_MANY = { success: false, message: 'Too many requests. Please slow down.' };

describe('SlidingWindowLimiter', () => {
  it('accepts at most `limit` arrivals in any window [t - 1000 ms, t)', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(() => now);
    const accepted = (at: number) => {
      now = at;
      return limiter.tryAcquire(3);
    };
    expect([accepted(0), accepted(10), accepted(20), accepted(999)]).toEqual([true, true, true, false]);
    expect(accepted(1000)).toBe(true); // the arrival at 0 has left the window
    expect(accepted(1005)).toBe(false); // 10, 20 and 1000 are still in it
    expect(accepted(1010)).toBe(true);
  });

  it('does not count refused arrivals', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(() => now);
    for (let i = 0; i < 2; i++) limiter.tryAcquire(2);
    for (now = 1; now < 1000; now += 7) expect(limiter.tryAcquire(2)).toBe(false);
    now = 1000;
    expect(limiter.tryAcquire(2)).toBe(true);
  });
});

describe('rate limit on /api/v3', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('answers 429 without rate-limit headers above 10 requests in a second by default', async () => {
    sandbox = await createSandbox();
    const token = (await issueToken(sandbox)).access_token;
    const replies = await Promise.all(
      Array.from({ length: 15 }, () => api(sandbox as Sandbox, token, '/me')),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const limited = replies.find((r) => r.status === 429);
    expect(limited?.body).toEqual(TOO_MANY);
    expect([...(limited?.headers.keys() ?? [])].filter((h) => /rate|retry/i.test(h))).toEqual([]);
    expect(sandbox.requests.filter((r) => r.rateLimited)).toHaveLength(5);
  });

  it('accepts again once the window has slid past, and never exceeds the limit in any second', async () => {
    sandbox = await createSandbox({ rateLimit: 5 });
    const token = (await issueToken(sandbox)).access_token;
    const started = Date.now();
    while (Date.now() - started < 2_300) {
      await Promise.all([api(sandbox, token, '/me'), api(sandbox, token, '/me')]);
    }
    const accepted = sandbox.requests
      .filter((r) => r.path === '/api/v3/me' && r.status === 200)
      .map((r) => r.at);
    expect(accepted.length).toBeGreaterThanOrEqual(10); // three windows' worth, at least two of them full
    for (let i = 5; i < accepted.length; i++) {
      // `at` is epoch ms (the limiter uses a finer clock), so allow the rounding of one millisecond.
      expect((accepted[i] as number) - (accepted[i - 5] as number)).toBeGreaterThanOrEqual(999);
    }
  });

  it('does not limit the OAuth endpoints', async () => {
    sandbox = await createSandbox({ rateLimit: 1 });
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => tokenRequest(sandbox as Sandbox, { grant_type: 'client_credentials' })),
    );
    expect(replies.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
  });

  it('counts requests of every client together, including unauthenticated ones', async () => {
    sandbox = await createSandbox({ rateLimit: 2 });
    const a = (await issueToken(sandbox)).access_token;
    const b = (await issueToken(sandbox)).access_token;
    const statuses = [
      (await api(sandbox, a, '/me')).status,
      (await api(sandbox, undefined, '/me')).status,
      (await api(sandbox, b, '/me')).status,
    ];
    expect(statuses).toEqual([200, 401, 429]);
  });

  it('can be turned off, at creation or later through settings', async () => {
    sandbox = await createSandbox({ rateLimit: false });
    const token = (await issueToken(sandbox)).access_token;
    const burst = () => Promise.all(Array.from({ length: 30 }, () => api(sandbox as Sandbox, token, '/me')));
    expect((await burst()).every((r) => r.status === 200)).toBe(true);
    sandbox.settings.rateLimit = 3;
    expect((await burst()).filter((r) => r.status === 200)).toHaveLength(3);
  });
});
