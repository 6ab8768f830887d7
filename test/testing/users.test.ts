import { describe, expect, it } from 'vitest';
import { RateLimitError, SendosoClient } from '../../src/index.js';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { sandbox } from '../helpers.js';

/** A client signed in as `userId` that neither paces nor retries: the sandbox's answers show as they are. */
async function signedInAs(s: Sandbox, userId: number | string | undefined, scopes = ['public']) {
  const client = new SendosoClient({
    ...s.clientOptions(),
    logLevel: 'off',
    rateLimit: false,
    marketplaceRateLimit: false,
    maxRetries: 0,
  });
  await client.auth.exchangeCode(await s.authorize(userId === undefined ? { scopes } : { userId, scopes }));
  return client;
}

const statuses = async (calls: Promise<unknown>[]) =>
  (await Promise.allSettled(calls)).map((r) =>
    r.status === 'fulfilled' ? 200 : r.reason instanceof RateLimitError ? 429 : 'other',
  );

describe('sandbox users: authorize({ userId }) and rateLimitPer', () => {
  it('tokens belong to the user who consented, across refreshes; GET /me answers as them', async () => {
    const s = await sandbox({ rateLimit: false });
    s.data.users.insert({ id: 77, email: 'ops@acme.example', first_name: 'Ops' });
    const stored = await signedInAs(s, 77);
    const numbered = await signedInAs(s, 4242);
    const named = await signedInAs(s, 'acct-9');
    const everyone = await signedInAs(s, undefined);
    expect(await stored.me()).toMatchObject({ id: 77, email: 'ops@acme.example' });
    expect(await numbered.me()).toMatchObject({ id: 4242 });
    expect(await named.me()).toMatchObject({ id: 'acct-9' });
    const defaultUser = await everyone.me();
    expect(defaultUser.id).not.toBe(4242);
    await numbered.auth.refresh();
    expect(await numbered.me()).toMatchObject({ id: 4242 });
  });

  it("'user' gives each user Sendoso's 10 a second; the default 'sandbox' counts everyone together", async () => {
    const perUser = await sandbox({ rateLimitPer: 'user', rateLimit: 10 });
    const [a, b] = [await signedInAs(perUser, 1), await signedInAs(perUser, 2)];
    const both = await statuses(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((t) => [a.touches.get(t), b.touches.get(t)]),
    );
    expect(both.filter((x) => x === 200)).toHaveLength(20);

    const shared = await sandbox({ rateLimit: 10 });
    expect(shared.settings.rateLimitPer).toBe('sandbox');
    const [c, d] = [await signedInAs(shared, 1), await signedInAs(shared, 2)];
    const together = await statuses(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((t) => [c.touches.get(t), d.touches.get(t)]),
    );
    // Twenty at once on one window of 10: about half are refused (exactly half unless the machine
    // is so slow that the burst outlasts a second).
    expect(together.filter((x) => x === 429).length).toBeGreaterThan(0);
    expect(together.filter((x) => x === 200).length).toBeLessThan(20);

    // A user's own burst is still limited.
    const alone = await statuses([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(() => a.me()));
    expect(alone.filter((x) => x === 429).length).toBeGreaterThan(0);
  });

  it('the Marketplace window is per user too, and the switch can change while the sandbox runs', async () => {
    const s = await sandbox({
      rateLimit: false,
      rateLimitPer: 'user',
      marketplaceRateLimit: { requests: 2, windowMs: 60_000 },
    });
    const scopes = ['marketplace'];
    const [a, b] = [await signedInAs(s, 1, scopes), await signedInAs(s, 2, scopes)];
    const list = (client: SendosoClient) => client.marketplace.products.list();
    expect(await statuses([list(a), list(a), list(b), list(b)])).toEqual([200, 200, 200, 200]);
    expect(await statuses([list(a)])).toEqual([429]);
    // Back to one window for everyone: it is fresh, and now a and b share it.
    s.settings.rateLimitPer = 'sandbox';
    expect(await statuses([list(a), list(b), list(b)])).toEqual([200, 200, 429]);
  });

  it('rateLimitPer is checked', async () => {
    await expect(createSandbox({ rateLimitPer: 'account' as never })).rejects.toThrow(
      /rateLimitPer must be 'sandbox' or 'user', got account/,
    );
  });
});
