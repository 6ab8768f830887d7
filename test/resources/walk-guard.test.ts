/**
 * Walks that cannot end or that reread the same records are stopped with a typed error, and page
 * tokens can only ask for what the listing itself would (hostile servers and edited tokens).
 */
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PaginationLoopError, SendosoClient, ValidationError } from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

const BASE = 'https://api.sendoso.test';
const token = {
  accessToken: 'test-access',
  refreshToken: 'test-refresh',
  expiresAt: Date.now() + 3_600_000,
  tokenType: 'bearer' as const,
};
const touch = (id: number) => ({ id, name: `Touch ${id}`, delivery_type: 'mail' });
const page = (from: number) => Array.from({ length: 100 }, (_, i) => touch(from + i));
const client = () =>
  new SendosoClient({ baseUrl: `${BASE}/api/v3`, token, rateLimit: false, maxRetries: 0, logLevel: 'off' });

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterEach(() => {
  nock.cleanAll();
});

/** A server answering each page number with `body(page)`, counting requests. */
function server(body: (page: number) => unknown) {
  const pages: number[] = [];
  nock(BASE)
    .get('/api/v3/touches')
    .query(true)
    .reply((uri) => {
      const n = Number(new URL(uri, BASE).searchParams.get('page'));
      pages.push(n);
      return [200, body(n)];
    })
    .persist();
  return pages;
}

async function drain(iterable: AsyncIterable<unknown>, limit = 100_000): Promise<number> {
  let n = 0;
  for await (const _ of iterable) if (++n >= limit) break;
  return n;
}

describe('walk guard', () => {
  it('stops a server that alternates two pages under a huge total', async () => {
    const pages = server((n) => ({ total_posts: 1_000_000_000, touches: page(n % 2 ? 1 : 101) }));
    const err = await drain(client().touches.list({ prefetch: 0 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationLoopError);
    expect(err).toMatchObject({ resource: 'touches', page: 3, reason: 'repeated_page' });
    expect(pages).toEqual([1, 2, 3]);

    pages.length = 0;
    const viaListAll = await drain(client().touches.listAll(undefined, { prefetch: 0 })).catch(
      (e: unknown) => e,
    );
    expect(viaListAll).toMatchObject({ page: 3, reason: 'repeated_page' });
    expect(pages).toEqual([1, 2, 3]);
  });

  it('stops the same server when pages are read ahead: same error, at most `prefetch` pages more', async () => {
    const pages = server((n) => ({ total_posts: 1_000_000_000, touches: page(n % 2 ? 1 : 101) }));
    const err = await drain(client().touches.list({ prefetch: 3 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ resource: 'touches', page: 3, reason: 'repeated_page' });
    expect(pages.slice(0, 3)).toEqual([1, 2, 3]);
    expect(pages.length).toBeLessThanOrEqual(3 + 3);

    pages.length = 0;
    const viaListAll = await drain(client().touches.listAll(undefined, { prefetch: 3 })).catch(
      (e: unknown) => e,
    );
    expect(viaListAll).toMatchObject({ page: 3, reason: 'repeated_page' });
    expect([...pages].sort((a, b) => a - b)).toEqual([...new Set(pages)].sort((a, b) => a - b));
    expect(pages.length).toBeLessThanOrEqual(3 + 3);
  });

  it('stops a walk that goes well past the pages its first total allows', async () => {
    // Fresh records forever, and a total that grows with every page so the walk never reaches it.
    const pages = server((n) => ({ total_posts: 200 + n * 100, touches: page(n * 100) }));
    const err = await drain(client().touches.list()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationLoopError);
    expect(err).toMatchObject({ reason: 'too_many_pages', page: 7 });
    expect(pages).toHaveLength(6); // ceil(300 / 100) + 3 pages read; the 7th never requested
  });

  it('does not mistake walking one listing twice for a loop', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const c = await authorizedClient(s);
    const listing = c.touches.list();
    expect(await drain(listing)).toBe(250);
    expect(await drain(listing)).toBe(250);
    const first = await c.touches.list({ pageSize: 100 });
    await first.getNextPage();
    expect((await first.getNextPage()).items).toHaveLength(100);
  });
});

describe('page tokens are checked against the listing', () => {
  const edit = (nextPage: string, patch: Record<string, unknown>) =>
    Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(nextPage, 'base64url').toString('utf8')), ...patch }),
    ).toString('base64url');

  it('refuses a per_page above the plan (or above 100) and a page past any listing, before sending', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const c = await authorizedClient(s);
    const { nextPage } = await c.touches.list({ pageSize: 50 });
    s.clearRequests();
    for (const patch of [{ s: 1_000_000_000 }, { s: 100 }, { s: 20 }, { p: 1e12 }, { p: 0 }]) {
      const err = await c.touches.list({ pageSize: 50, nextPage: edit(nextPage!, patch) }).catch((e) => e);
      expect(err, JSON.stringify(patch)).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues[0]?.path).toBe('nextPage');
    }
    const long = await c.touches.list({ pageSize: 50, nextPage: 'x'.repeat(50_000) }).catch((e) => e);
    expect(long).toBeInstanceOf(ValidationError);
    expect((long as ValidationError).message.length).toBeLessThan(300);
    expect(requestsTo(s, '/api/v3/touches')).toEqual([]);
    // The untouched token still works.
    const resumed = await c.touches.list({ pageSize: 50, nextPage: nextPage! });
    expect(resumed.items[0]?.id).toBe(51);
  });

  it('refuses a sorted listing token moved off its single read', async () => {
    const s = await sandbox({ seed: { touches: 30 } });
    const c = await authorizedClient(s);
    const query = { pageSize: 10, orderBy: 'id desc' };
    const { nextPage } = await c.touches.list(query);
    const err = await c.touches.list({ ...query, nextPage: edit(nextPage!, { p: 4 }) }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const next = await c.touches.list({ ...query, nextPage: nextPage! });
    expect(next.items[0]?.id).toBe(20);
  });
});
