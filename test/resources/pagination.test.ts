import { describe, expect, it } from 'vitest';
import { AbortError, Page, PagePromise, SendosoError, ValidationError } from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

describe('pagination', () => {
  it('for await over 250 touches with prefetch 0 yields each exactly once, in order, fetching pages lazily', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const client = await authorizedClient(s);
    s.clearRequests();
    const listing = client.touches.list({ prefetch: 0 });
    expect(listing).toBeInstanceOf(PagePromise);
    expect(listing).toBeInstanceOf(Promise);
    expect(s.requests).toHaveLength(0);
    const ids: unknown[] = [];
    for await (const touch of listing) {
      ids.push(touch.id);
      // Lazily: the second page is requested only after the first one's items are consumed.
      if (ids.length === 100) expect(requestsTo(s, '/api/v3/touches')).toHaveLength(1);
    }
    expect(ids).toEqual(s.data.touches.all().map((t) => t.id));
    expect(new Set(ids).size).toBe(250);
    expect(requestsTo(s, '/api/v3/touches').map((r) => r.query)).toEqual([
      { page: '1', per_page: '100' },
      { page: '2', per_page: '100' },
      { page: '3', per_page: '100' },
    ]);
  });

  it('a page has items, total, nextPage; getNextPage() on the last page is an error that says so', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const client = await authorizedClient(s);
    const first = await client.touches.list({ pageSize: 100 });
    expect(first).toBeInstanceOf(Page);
    expect(first.items).toHaveLength(100);
    expect(first.total).toBe(250);
    expect(first.hasNextPage()).toBe(true);
    expect(typeof first.nextPage).toBe('string');
    const second = await first.getNextPage();
    const third = await second.getNextPage();
    expect(third.items).toHaveLength(50);
    expect(third.hasNextPage()).toBe(false);
    expect(third.nextPage).toBeUndefined();
    const err = await third.getNextPage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendosoError);
    expect(String(err)).toMatch(/no next page.*last page/i);
  });

  it('a Page iterates from itself onward', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const client = await authorizedClient(s);
    const second = await (await client.touches.list()).getNextPage();
    const ids: unknown[] = [];
    for await (const t of second) ids.push(t.id);
    expect(ids).toEqual(
      s.data.touches
        .all()
        .slice(100)
        .map((t) => t.id),
    );
  });

  it('serves a pageSize above 100 from several provider pages', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const client = await authorizedClient(s);
    s.clearRequests();
    const page = await client.touches.list({ pageSize: 150 });
    expect(page.items).toHaveLength(150);
    expect(requestsTo(s, '/api/v3/touches')).toHaveLength(2);
    const rest = await page.getNextPage();
    expect(rest.items.map((t) => t.id)).toEqual(
      s.data.touches
        .all()
        .slice(150)
        .map((t) => t.id),
    );
    expect(rest.hasNextPage()).toBe(false);
  });

  it('resumes from a nextPage token passed back to list()', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const client = await authorizedClient(s);
    const first = await client.touches.list({ pageSize: 60 });
    const resumed = await client.touches.list({ pageSize: 60, nextPage: first.nextPage });
    expect(resumed.items.map((t) => t.id)).toEqual(
      s.data.touches
        .all()
        .slice(60, 120)
        .map((t) => t.id),
    );
    const err = await client.touches
      .list({ pageSize: 10, nextPage: first.nextPage })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(await client.touches.list({ nextPage: 'garbage' }).catch((e: unknown) => e)).toBeInstanceOf(
      ValidationError,
    );
  });

  it('handles an empty listing and an empty last page', async () => {
    const s = await sandbox({ seed: { journals: 0, touches: 100 } });
    const client = await authorizedClient(s);
    const empty = await client.journals.list();
    expect(empty.items).toEqual([]);
    expect(empty.total).toBe(0);
    expect(empty.hasNextPage()).toBe(false);
    const exact = await client.touches.list();
    expect(exact.items).toHaveLength(100);
    expect(exact.hasNextPage()).toBe(false);
  });

  it('starts at a given provider page', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const client = await authorizedClient(s);
    const page = await client.touches.list({ page: 3 });
    expect(page.items.map((t) => t.id)).toEqual(
      s.data.touches
        .all()
        .slice(200)
        .map((t) => t.id),
    );
  });

  it('rejects a bad pageSize before any request', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    await expect(client.touches.list({ pageSize: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(client.touches.list({ pageSize: 2.5 })).rejects.toThrow(/pageSize/);
    expect(s.requests).toEqual([]);
  });

  it('a signal cancels a walk between pages', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const client = await authorizedClient(s);
    const controller = new AbortController();
    const seen: unknown[] = [];
    const walk = async () => {
      for await (const t of client.touches.list({ prefetch: 0 }, { signal: controller.signal })) {
        seen.push(t.id);
        if (seen.length === 100) controller.abort();
      }
    };
    await expect(walk()).rejects.toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(100);
    expect(requestsTo(s, '/api/v3/touches')).toHaveLength(1);
  });
});
