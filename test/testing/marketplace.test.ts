import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { api, issueToken } from './helpers.js';

type Catalogue = {
  pagination: { after: string | null; next_page: { url: string } | null };
  categories: { group_name: string; children: { id: string; name: string }[] }[];
  products: { id: string; name: string; variants: { id: string }[] }[];
};

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: Parameters<typeof createSandbox>[0] = {}) {
  sandbox = await createSandbox(options);
  const token = (await issueToken(sandbox, ['public', 'marketplace', 'smartsend'])).access_token;
  return { s: sandbox, token };
}

describe('sandbox: GET /marketplace/products', () => {
  it('pages the seeded catalogue by cursor in the documented envelope, next_page.url included', async () => {
    const { s, token } = await start({ seed: { products: 120 } });
    const first = await api<Catalogue>(s, token, '/marketplace/products');
    expect(first.status).toBe(200);
    expect(first.body.products).toHaveLength(50);
    expect(first.body.products.every((p) => typeof p.id === 'string')).toBe(true);
    expect(first.body.categories.length).toBeGreaterThan(0);
    const { after, next_page } = first.body.pagination;
    expect(typeof after).toBe('string');
    expect(new URL(next_page?.url ?? '').searchParams.get('after')).toBe(after);

    // next_page.url is a working link to the next page.
    const second = await api<Catalogue>(s, token, (next_page?.url ?? '').slice(s.baseUrl.length));
    const third = await api<Catalogue>(
      s,
      token,
      `/marketplace/products?after=${second.body.pagination.after}`,
    );
    expect(third.body.products).toHaveLength(20);
    expect(third.body.pagination).toEqual({ after: null, next_page: null });
    const ids = [...first.body.products, ...second.body.products, ...third.body.products].map((p) => p.id);
    expect(ids).toEqual(s.data.products.all().map((p) => String(p.id)));
  });

  it('keeps the filters in next_page.url and filters on every page', async () => {
    const { s, token } = await start();
    const first = await api<Catalogue>(
      s,
      token,
      '/marketplace/products?ship_to_country_codes[]=GB&ship_to_country_codes[]=US&price_lte_usd=80',
    );
    const url = new URL(first.body.pagination.next_page?.url ?? '');
    expect(url.searchParams.getAll('ship_to_country_codes[]')).toEqual(['GB', 'US']);
    expect(url.searchParams.get('price_lte_usd')).toBe('80');
    const expected = s.data.products
      .all()
      .filter((p) => (p.ship_to_country_codes as string[]).some((c) => c === 'GB' || c === 'US'))
      .filter(
        (p) =>
          Math.min(
            ...(p.variants as { estimated_total_price: { price_per_unit: string } }[]).map((v) =>
              Number(v.estimated_total_price.price_per_unit),
            ),
          ) <= 80,
      )
      .map((p) => String(p.id));
    const second = await api<Catalogue>(s, token, url.pathname.slice('/api/v3'.length) + url.search);
    expect([...first.body.products, ...second.body.products].map((p) => p.id)).toEqual(
      expected.slice(0, 100),
    );
  });

  it('logs every value of repeated parameters', async () => {
    const { s, token } = await start();
    await api(s, token, '/marketplace/products?category_ids[]=11&category_ids[]=41&text_search=box');
    const logged = s.requests.find((r) => r.path === '/api/v3/marketplace/products');
    expect(logged?.queryAll).toEqual({ 'category_ids[]': ['11', '41'], text_search: ['box'] });
    expect(logged?.query).toEqual({ 'category_ids[]': '41', text_search: 'box' });
  });

  it('answers 400 for a cursor it did not issue and 422 for a price that is not a whole number', async () => {
    const { s, token } = await start();
    expect((await api(s, token, '/marketplace/products?after=garbage')).status).toBe(400);
    const price = await api(s, token, '/marketplace/products?price_lte_usd=9.5');
    expect(price.status).toBe(422);
    expect(price.body).toEqual({
      success: false,
      message: 'price_lte_usd must be a whole number of US dollars',
    });
  });

  it('serves products a test inserts, with string ids, and forgets removed ones', async () => {
    const { s, token } = await start({ seed: { products: [{ id: 'p-1', name: 'One', variants: [] }] } });
    const added = s.data.products.insert({ name: 'Two', variants: [] });
    s.data.products.remove('p-1');
    const page = await api<Catalogue>(s, token, '/marketplace/products');
    expect(page.body.products.map((p) => p.id)).toEqual([String(added.id)]);
  });
});

describe('sandbox: scopes and the per-minute limit', () => {
  it("answers 403 as Doorkeeper does for a token without the route's scope", async () => {
    sandbox = await createSandbox();
    const token = (await issueToken(sandbox, ['public'])).access_token;
    const reply = await api(sandbox, token, '/smartsend/recommendations?recipient_email=a@b.co');
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({
      success: false,
      message: 'Access to this resource requires scope "smartsend".',
    });
    expect(reply.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('answers 429 with X-Rate-Limit-Reset (Unix seconds) above its marketplace window, and only there', async () => {
    const { s, token } = await start({
      rateLimit: false,
      marketplaceRateLimit: { requests: 2, windowMs: 5_000 },
    });
    const before = Date.now();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api(s, token, '/marketplace/products')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await api(s, token, '/marketplace/products');
    expect(limited.body).toEqual({
      success: false,
      message: 'Rate limit exceeded: 2 requests per 5 seconds',
    });
    const reset = Number(limited.headers.get('x-rate-limit-reset'));
    expect(reset * 1000).toBeGreaterThanOrEqual(before + 5_000);
    expect(reset * 1000).toBeLessThan(Date.now() + 6_000);
    // The core API keeps its own limit only.
    expect((await api(s, token, '/me')).status).toBe(200);
    s.settings.marketplaceRateLimit = false;
    expect((await api(s, token, '/marketplace/products')).status).toBe(200);
  });

  it('refuses a malformed marketplaceRateLimit', async () => {
    await expect(createSandbox({ marketplaceRateLimit: { requests: 0, windowMs: 1000 } })).rejects.toThrow(
      RangeError,
    );
  });

  it('answers 405 with Allow for the wrong method', async () => {
    const { s, token } = await start();
    const reply = await api(s, token, '/marketplace/products/send');
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
  });
});
