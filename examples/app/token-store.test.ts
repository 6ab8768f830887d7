import { SendosoClient, type Token } from 'sendoso-element';
import { createSandbox, type Sandbox } from 'sendoso-element/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type TokenTable, tokenStoreFor } from './token-store.js';

/** A stand-in for the app's database: rows in a map, and a lock that queues its holders. */
function memoryTable(): TokenTable & { locked: number } {
  const rows = new Map<string, string>();
  let tail: Promise<unknown> = Promise.resolve();
  return {
    locked: 0,
    async load(userId) {
      const row = rows.get(userId);
      return row === undefined ? undefined : (JSON.parse(row) as Token);
    },
    async save(userId, token) {
      rows.set(userId, JSON.stringify(token));
    },
    async remove(userId) {
      rows.delete(userId);
    },
    withLock(_key, fn) {
      this.locked++;
      const run = tail.then(fn, fn);
      tail = run.catch(() => undefined);
      return run;
    },
  };
}

describe('tokenStoreFor', () => {
  let sandbox: Sandbox;
  afterEach(async () => {
    await sandbox.close();
  });

  it('two clients of one user refresh through the table one at a time: one token request per expiry', async () => {
    sandbox = await createSandbox({ rateLimit: false });
    const db = memoryTable();
    const options = { ...sandbox.clientOptions(), rateLimit: false as const, logLevel: 'off' as const };
    const web = new SendosoClient({ ...options, tokenStore: tokenStoreFor(db, 'user-1') });
    const worker = new SendosoClient({ ...options, tokenStore: tokenStoreFor(db, 'user-1') });
    await web.auth.exchangeCode(await sandbox.authorize());
    for (let round = 0; round < 10; round++) {
      sandbox.expireAccessTokens();
      sandbox.clearRequests();
      await Promise.all([web.me(), worker.me()]);
      expect(sandbox.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(1);
    }
    expect(db.locked).toBeGreaterThan(0);
    await web.auth.revoke();
    expect(await db.load('user-1')).toBeUndefined();
  });
});
