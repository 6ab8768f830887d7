/**
 * Every request costs a user's rate budget (10 a second at Sendoso): within a walk, each Sendoso page
 * is requested once, whether result pages are cut by a local filter, a `pageSize` that does not
 * match Sendoso's pages, or a starting `page`.
 */
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/testing/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

// 62 of the 250 seeded touches are in EUR (every fourth), so result pages of 10 end inside Sendoso's pages.
const EUR = "currency = 'EUR'";

/** The Sendoso pages requested, in page order (pages in flight may arrive in any order). */
const pagesRead = (s: Sandbox) =>
  s.requests
    .filter((r) => r.path === '/api/v3/touches')
    .map((r) => Number(r.query.page))
    .sort((a, b) => a - b);

async function setUp() {
  const s = await sandbox({ seed: { touches: 250 }, rateLimit: false });
  const client = await authorizedClient(s, { rateLimit: false });
  const eur = s.data.touches
    .all()
    .filter((t) => t.currency === 'EUR')
    .map((t) => t.id);
  s.clearRequests();
  return { s, client, eur };
}

describe('one request per Sendoso page within a walk', () => {
  it('a filtered listing paged with getNextPage() reads pages 1, 2, 3 once each (not 1 1 1 2 2 2 3 3)', async () => {
    const { s, client, eur } = await setUp();
    let page = await client.touches.list({ where: EUR, pageSize: 10 });
    const ids = [...page.items.map((t) => t.id)];
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      ids.push(...page.items.map((t) => t.id));
    }
    expect(ids).toEqual(eur);
    expect(pagesRead(s)).toEqual([1, 2, 3]);
  });

  it('a filtered for await reads each page once, with and without pages read ahead', async () => {
    const { s, client, eur } = await setUp();
    for (const prefetch of [0, 3]) {
      s.clearRequests();
      const ids: unknown[] = [];
      for await (const touch of client.touches.list({ where: EUR, pageSize: 10, prefetch }))
        ids.push(touch.id);
      expect(ids).toEqual(eur);
      expect(pagesRead(s)).toEqual([1, 2, 3]);
    }
  });

  it('`page: 3` of a filtered listing reads pages 1 and 2 once (not 1 1 1 2), and continues from there', async () => {
    const { s, client, eur } = await setUp();
    const third = await client.touches.list({ where: EUR, pageSize: 10, page: 3 });
    expect(third.items.map((t) => t.id)).toEqual(eur.slice(20, 30));
    expect(pagesRead(s)).toEqual([1, 2]);
    const fourth = await third.getNextPage();
    expect(fourth.items.map((t) => t.id)).toEqual(eur.slice(30, 40));
    expect(pagesRead(s)).toEqual([1, 2]);
    const rest: unknown[] = [];
    for await (const touch of fourth) rest.push(touch.id);
    expect(rest).toEqual(eur.slice(30));
    expect(pagesRead(s)).toEqual([1, 2, 3]);
  });

  it('`page: n` past the end of a filtered listing reads every page once', async () => {
    const { s, client } = await setUp();
    const past = await client.touches.list({ where: EUR, pageSize: 10, page: 9 });
    expect(past.items).toEqual([]);
    expect(pagesRead(s)).toEqual([1, 2, 3]);
  });

  it('a pageSize that splits Sendoso pages (150) reads pages 1, 2, 3 once (not 1 2 2 3)', async () => {
    const { s, client } = await setUp();
    const first = await client.touches.list({ pageSize: 150 });
    const second = await first.getNextPage();
    expect([...first.items, ...second.items].map((t) => t.id)).toEqual(s.data.touches.all().map((t) => t.id));
    expect(pagesRead(s)).toEqual([1, 2, 3]);
  });

  it('a sorted listing and listAll read each page once', async () => {
    const { s, client, eur } = await setUp();
    const sorted = await client.touches.list({ where: EUR, orderBy: 'id desc', pageSize: 10 });
    expect(sorted.items.map((t) => t.id)).toEqual([...eur].reverse().slice(0, 10));
    expect(pagesRead(s)).toEqual([1, 2, 3]);
    s.clearRequests();
    const all: unknown[] = [];
    for await (const touch of client.touches.listAll(EUR)) all.push(touch.id);
    expect(all).toEqual(eur);
    expect(pagesRead(s)).toEqual([1, 2, 3]);
  });

  it('a token resumed in a new list() reads the page it starts inside once more, then each page once', async () => {
    const { s, client, eur } = await setUp();
    const first = await client.touches.list({ where: EUR, pageSize: 10 });
    s.clearRequests();
    const resumed = await client.touches.list({ where: EUR, pageSize: 10, nextPage: first.nextPage });
    const ids = [...resumed.items.map((t) => t.id)];
    let page = resumed;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      ids.push(...page.items.map((t) => t.id));
    }
    expect(ids).toEqual(eur.slice(10));
    expect(pagesRead(s)).toEqual([1, 2, 3]);
  });
});
