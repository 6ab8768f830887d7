/**
 * Wire behaviour the sandbox does not produce, provoked with nock: a server that caps per_page
 * without saying so, one that ignores `page`, and a listing that comes back short of its total.
 */
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SendosoClient, SendosoError } from '../../src/index.js';

const BASE = 'https://api.sendoso.test';
const token = {
  accessToken: 'test-access',
  refreshToken: 'test-refresh',
  expiresAt: Date.now() + 3_600_000,
  tokenType: 'bearer' as const,
};
const touch = (id: number) => ({ id, name: `Touch ${id}`, delivery_type: 'mail' });
const client = () =>
  new SendosoClient({ baseUrl: `${BASE}/api/v3`, token, rateLimit: false, maxRetries: 0, logLevel: 'off' });

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterEach(() => {
  nock.cleanAll();
});

/** Serves `records` in pages of `cap` whatever per_page asks, with Sendoso's envelope. */
function cappedServer(records: ReturnType<typeof touch>[], cap: number, total = records.length) {
  return nock(BASE)
    .get('/api/v3/touches')
    .query(true)
    .reply((uri) => {
      const page = Number(new URL(uri, BASE).searchParams.get('page'));
      const slice = records.slice((page - 1) * cap, page * cap);
      return [200, { current_page: page, total_posts: total, touches: slice }];
    })
    .persist();
}

describe('provider quirks', () => {
  it('walks to the total when the server caps per_page below what was asked', async () => {
    const records = Array.from({ length: 250 }, (_, i) => touch(i + 1));
    cappedServer(records, 80);
    const ids: number[] = [];
    for await (const t of client().touches.list()) ids.push(Number(t.id));
    expect(ids).toEqual(records.map((r) => r.id));
  });

  it('stops with an error when the server ignores `page`', async () => {
    nock(BASE)
      .get('/api/v3/bulk/jobs')
      .query(true)
      .reply(
        200,
        Array.from({ length: 100 }, (_, i) => ({ id: i + 1, status: 'done' })),
      )
      .persist();
    const walk = async () => {
      let n = 0;
      for await (const _ of client().bulkJobs.list()) if (++n > 10_000) break;
      return n;
    };
    await expect(walk()).rejects.toThrow(/ignore `page`/);
    await expect(walk()).rejects.toBeInstanceOf(SendosoError);
  });

  it('a listing that comes back short of its total deletes nothing: each missing record still answers GET', async () => {
    const records = Array.from({ length: 250 }, (_, i) => touch(i + 1));
    const full = cappedServer(records, 100);
    const poller = client().poll('touches', { autoStart: false });
    const events: string[] = [];
    poller.on('change', (e) => {
      events.push(`${e.type} ${e.objectId}`);
    });
    await poller.pollOnce();
    full.persist(false);
    nock.cleanAll();
    // Page 3 now answers empty although the total still says 250: 50 records unaccounted for.
    cappedServer(records.slice(0, 200), 100, 250);
    const looked: number[] = [];
    nock(BASE)
      .get(/\/api\/v3\/touches\/\d+$/)
      .reply((uri) => {
        const id = Number(uri.split('/').pop());
        looked.push(id);
        return [200, { touch: touch(id) }];
      })
      .persist();
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(events).toEqual([]);
    expect(looked.sort((a, b) => a - b)).toEqual(records.slice(200).map((r) => r.id));
    await poller.stop();
  });
});
