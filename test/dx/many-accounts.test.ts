import { describe, expect, it } from 'vitest';
import { clientForAccount } from '../../examples/many-accounts.js';
import { MemoryTokenStore, SendosoClient, type Token } from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { sandbox } from '../helpers.js';

const REFRESH = (s: Sandbox) =>
  s.requests.filter(
    (r) => r.path === '/oauth/token' && (r.body as { grant_type?: string })?.grant_type === 'refresh_token',
  );

/** Connects account `userId`: its consent, and the token the app stored for it, already stale. */
async function connect(s: Sandbox, userId: number): Promise<MemoryTokenStore> {
  const onboarding = new SendosoClient({ ...s.clientOptions(), logLevel: 'off', rateLimit: false });
  const token = await onboarding.auth.exchangeCode(await s.authorize({ userId }));
  const store = new MemoryTokenStore();
  await store.set({ ...token, expiresAt: Date.now() - 1_000 } satisfies Token);
  return store;
}

describe('many Sendoso accounts in one app', () => {
  it('100 accounts, two clients each, 12 calls per account: no 429, one refresh per stale account', async () => {
    const s = await sandbox({ rateLimitPer: 'user', rateLimit: 10, seed: { touches: 30 } });
    const accounts = Array.from({ length: 100 }, (_, i) => 1_001 + i);
    const stores = await Promise.all(accounts.map((id) => connect(s, id)));
    s.clearRequests();

    const refreshes = new Map<number, number>();
    const spokeAs = new Map<number, unknown[]>();
    const syncAccount = async (id: number, store: MemoryTokenStore) => {
      const options = { ...s.clientOptions(), logLevel: 'off' } as const;
      // Two jobs of one account (a sync and a webhook consumer), each with its own client: 12
      // calls at once, more than the account's 10 a second, so the shared limiter has to pace them.
      const sync = clientForAccount(String(id), store, options);
      const hooks = clientForAccount(String(id), store, options);
      for (const client of [sync, hooks]) {
        client.on('token', () => refreshes.set(id, (refreshes.get(id) ?? 0) + 1));
      }
      const [me, other] = await Promise.all([
        sync.me(),
        hooks.me(),
        ...[1, 2, 3, 4, 5].map((t) => sync.touches.get(t)),
        ...[6, 7, 8, 9, 10].map((t) => hooks.touches.get(t)),
      ]);
      spokeAs.set(id, [me.id, other.id]);
    };
    // An integration platform works through its accounts with a pool of workers: 20 accounts at a
    // time here, 240 requests in flight.
    const queue = accounts.map((id, index) => [id, stores[index] as MemoryTokenStore] as const);
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await syncAccount(...next);
      }),
    );

    // Each account's clients spoke as that account, with its own tokens.
    expect(accounts.map((id) => spokeAs.get(id))).toEqual(accounts.map((id) => [id, id]));
    const api = s.requests.filter((r) => r.path.startsWith('/api/v3'));
    expect(api.filter((r) => r.status === 429)).toEqual([]);
    expect(api).toHaveLength(100 * 12);
    expect(api.every((r) => r.status === 200)).toBe(true);
    // One refresh per stale account, though two clients of it found the token stale at once.
    expect(REFRESH(s)).toHaveLength(100);
    expect(accounts.map((id) => refreshes.get(id))).toEqual(accounts.map(() => 1));
  }, 120_000);

  it('the same load with a limiter per client instead of per account gets 429s (what the sharing prevents)', async () => {
    const s = await sandbox({ rateLimitPer: 'user', rateLimit: 10, seed: { touches: 30 } });
    const accounts = [2_001, 2_002, 2_003];
    const stores = await Promise.all(accounts.map((id) => connect(s, id)));
    s.clearRequests();
    await Promise.all(
      stores.map(async (store) => {
        // Each client has its own limiter of 10 a second: two of them send 12 at once.
        const clients = [0, 1].map(
          () => new SendosoClient({ ...s.clientOptions(), logLevel: 'off', tokenStore: store }),
        );
        await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((t) => clients[t % 2]?.touches.get(t)));
      }),
    );
    const limited = s.requests.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
  }, 60_000);
});
