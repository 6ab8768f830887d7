import { describe, expect, it } from 'vitest';
import {
  type CatalogPage,
  type ChangeEvent,
  CursorPage,
  Page,
  type Product,
  SendosoError,
  ValidationError,
} from '../../src/index.js';
import { sandbox } from '../helpers.js';
import { catalogueRequests, marketplaceClient } from './helpers.js';

describe('client.marketplace.products.list()', () => {
  it('walks 250 products reading each Sendoso page once and yielding each product once', async () => {
    const s = await sandbox({ seed: { products: 250 } });
    const client = await marketplaceClient(s);
    s.clearRequests();
    const ids: string[] = [];
    for await (const product of client.marketplace.products.list()) ids.push(product.id);

    expect(ids).toEqual(s.data.products.all().map((p) => String(p.id)));
    expect(new Set(ids).size).toBe(250);
    const pages = catalogueRequests(s);
    // 250 products at the sandbox's 50 a page: five pages, each asked for once, each with its own cursor.
    expect(pages).toHaveLength(5);
    expect(pages[0]?.query.after).toBeUndefined();
    const cursors = pages.slice(1).map((r) => r.query.after);
    expect(new Set(cursors).size).toBe(4);
    expect(cursors.every((c) => typeof c === 'string' && c.length > 0)).toBe(true);
  });

  it('types products, variants, prices (as strings) and images, and carries the category tree on each page', async () => {
    const s = await sandbox({ seed: { products: 60 } });
    const client = await marketplaceClient(s);
    const page: CatalogPage = await client.marketplace.products.list();
    expect(page).toBeInstanceOf(CursorPage);
    expect(page).toBeInstanceOf(Page);
    expect(page.items).toHaveLength(50);
    expect(page.total).toBeUndefined();
    expect(page.categories.map((c) => c.group_name)).toEqual([
      'Food & Drink',
      'Home & Office',
      'Wellness',
      'Tech',
    ]);
    expect(page.categories[0]?.children?.[0]).toEqual({ id: '11', name: 'Coffee & Tea' });
    const product = page.items[0] as Product;
    expect(typeof product.id).toBe('string');
    const variant = product.variants?.[0];
    expect(variant?.estimated_total_price).toEqual({
      currency: 'USD',
      price_per_unit: expect.stringMatching(/^\d+\.\d\d$/),
    });
    expect(variant?.images?.[0]?.cdn_thumbnail?.url).toMatch(/^https:\/\//);

    const next = await page.getNextPage();
    expect(next.items).toHaveLength(10);
    expect(next.categories).toEqual(page.categories);
    expect(next.hasNextPage()).toBe(false);
  });

  it('sends the filters as Sendoso names them: integers for prices, name[] for arrays', async () => {
    const s = await sandbox({ seed: { products: 250 } });
    const client = await marketplaceClient(s);
    s.clearRequests();
    const found: Product[] = [];
    const listing = client.marketplace.products.list({
      text_search: 'coffee',
      price_gte_usd: 20,
      price_lte_usd: 150,
      ship_to_country_codes: ['US', 'CA'],
      category_ids: ['11', '12'],
    });
    for await (const product of listing) found.push(product);

    const [first] = catalogueRequests(s);
    expect(first?.queryAll).toEqual({
      text_search: ['coffee'],
      price_gte_usd: ['20'],
      price_lte_usd: ['150'],
      'ship_to_country_codes[]': ['US', 'CA'],
      'category_ids[]': ['11', '12'],
    });
    // Sendoso (here the sandbox) did the filtering: what came back honours every filter.
    expect(found.length).toBeGreaterThan(0);
    for (const product of found) {
      expect(`${product.name} ${product.description}`.toLowerCase()).toContain('coffee');
      const cheapest = Math.min(
        ...(product.variants ?? []).map((v) => Number(v.estimated_total_price?.price_per_unit)),
      );
      expect(cheapest).toBeGreaterThanOrEqual(20);
      expect(cheapest).toBeLessThanOrEqual(150);
    }
  });

  it('keeps the filters on every following page', async () => {
    const s = await sandbox({ seed: { products: 250 } });
    const client = await marketplaceClient(s);
    s.clearRequests();
    let count = 0;
    for await (const _ of client.marketplace.products.list({
      ship_to_country_codes: ['US'],
      price_lte_usd: 180,
    }))
      count++;
    const pages = catalogueRequests(s);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page.queryAll['ship_to_country_codes[]']).toEqual(['US']);
      expect(page.queryAll.price_lte_usd).toEqual(['180']);
    }
    expect(count).toBe(
      s.data.products.all().filter((p) => {
        const prices = (p.variants as { estimated_total_price: { price_per_unit: string } }[]).map((v) =>
          Number(v.estimated_total_price.price_per_unit),
        );
        return Math.min(...prices) <= 180;
      }).length,
    );
  });

  it('refuses bad filters before sending anything, naming each one', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    s.clearRequests();
    const err = await client.marketplace.products
      .list({
        price_lte_usd: 19.99,
        ship_to_country_codes: ['usa'],
        category_ids: [],
        // @ts-expect-error not a filter Sendoso knows
        page_size: 10,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const paths = (err as ValidationError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['', 'category_ids', 'price_lte_usd', 'ship_to_country_codes.0']);
    expect((err as ValidationError).message).toMatch(/page_size/);
    const crossed = await client.marketplace.products
      .list({ price_gte_usd: 100, price_lte_usd: 50 })
      .catch((e: unknown) => e);
    expect((crossed as ValidationError).issues).toEqual([
      { path: 'price_gte_usd', message: 'must not be above price_lte_usd' },
    ]);
    expect(catalogueRequests(s)).toEqual([]);
  });

  it('resumes from page.nextPage in a new listing with the same filters, and refuses it for other filters', async () => {
    const s = await sandbox({ seed: { products: 250 } });
    const client = await marketplaceClient(s);
    const first = await client.marketplace.products.list({ ship_to_country_codes: ['US'] });
    const token = first.nextPage ?? '';
    const resumed = await client.marketplace.products.list({
      ship_to_country_codes: ['US'],
      nextPage: token,
    });
    const direct = await first.getNextPage();
    expect(resumed.items.map((p) => p.id)).toEqual(direct.items.map((p) => p.id));
    const err = await client.marketplace.products
      .list({ ship_to_country_codes: ['CA'], nextPage: token })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]?.path).toBe('nextPage');
  });

  it('filters locally with a CEQL where on top of Sendoso filters', async () => {
    const s = await sandbox({ seed: { products: 250 } });
    const client = await marketplaceClient(s);
    const names: string[] = [];
    for await (const p of client.marketplace.products.list({
      where: "name LIKE 'Deluxe%'",
      ship_to_country_codes: ['US'],
    }))
      names.push(String(p.name));
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.startsWith('Deluxe'))).toBe(true);
    expect(catalogueRequests(s)).toHaveLength(5);
  });
});

describe('cursor paging over answers the sandbox is told to give', () => {
  const body = (ids: string[], pagination: unknown) => ({
    pagination,
    categories: [],
    products: ids.map((id) => ({ id, name: `P${id}`, variants: [] })),
  });
  const onCatalogue = { method: 'GET', path: '/api/v3/marketplace/products' };

  it('follows the cursor inside next_page.url when pagination.after is missing', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    s.faults.next(1, {
      status: 200,
      match: onCatalogue,
      body: body(['a', 'b'], {
        next_page: { url: 'https://app.sendoso.com/api/v3/marketplace/products?after=c2' },
      }),
    });
    s.faults.next(1, {
      status: 200,
      match: onCatalogue,
      after: 1,
      body: body(['c'], { after: null, next_page: null }),
    });
    const ids: string[] = [];
    for await (const p of client.marketplace.products.list()) ids.push(p.id);
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(catalogueRequests(s).map((r) => r.query.after)).toEqual([undefined, 'c2']);
  });

  it('ends on next_page: null even when an end cursor is still sent', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    s.faults.next(1, {
      status: 200,
      match: onCatalogue,
      body: body(['a'], { after: 'end', next_page: null }),
    });
    const ids: string[] = [];
    for await (const p of client.marketplace.products.list()) ids.push(p.id);
    expect(ids).toEqual(['a']);
    expect(catalogueRequests(s)).toHaveLength(1);
  });

  it('stops with an error instead of looping when Sendoso sends a cursor it sent before', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    const loop = body(['a'], { after: 'same', next_page: { url: 'x?after=same' } });
    s.faults.next(3, { status: 200, match: onCatalogue, body: loop });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const p of client.marketplace.products.listAll()) seen.push(p.id);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendosoError);
    expect(String(err)).toMatch(/cursor it had sent before/);
    expect(catalogueRequests(s)).toHaveLength(2);
  });
});

describe('client.poll(client.marketplace.products)', () => {
  it('reports a new product, a changed one and a removed one from cursor listings', async () => {
    const s = await sandbox({ seed: { products: 120 } });
    const client = await marketplaceClient(s);
    const poller = client.poll(client.marketplace.products, { autoStart: false });
    const events: ChangeEvent<Product>[] = [];
    poller.on('change', (e) => {
      events.push(e);
    });
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    s.clearRequests();
    const added = s.data.products.insert({ name: 'Limited Edition Mug', variants: [] });
    s.data.products.update('50007', { name: 'Renamed Coffee Sampler' });
    const first = await poller.pollOnce();
    expect(catalogueRequests(s)).toHaveLength(3);
    expect({ created: first.created, updated: first.updated }).toEqual({ created: 1, updated: 1 });
    expect(events.map((e) => `${e.type} ${e.objectId}`).sort()).toEqual([
      `created ${added.id}`,
      'updated 50007',
    ]);
    expect(events.find((e) => e.type === 'created')?.object?.id).toBe(String(added.id));

    events.length = 0;
    s.data.products.remove('50010');
    let deleted = (await poller.pollOnce()).deleted;
    deleted += (await poller.pollOnce()).deleted; // absence may have to be seen twice to count
    expect(deleted).toBe(1);
    expect(events.map((e) => `${e.type} ${e.objectId}`)).toEqual(['deleted 50010']);
    await poller.stop();
  });
});
