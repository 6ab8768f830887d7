import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CeqlSyntaxError, ceql, type Touch, ValidationError, where } from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

/** Walks every page of a filtered listing. */
async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const clauses = [
  // with pushdown (delivery_type = … is a top-level AND term)
  "delivery_type = 'mail'",
  "delivery_type = 'email' AND currency = 'EUR'",
  "delivery_type = 'mail' AND (name LIKE 'Touch 1%' OR name LIKE '%7')",
  // without pushdown
  "currency = 'USD'",
  "delivery_type = 'mail' OR currency = 'EUR'",
  "name LIKE 'touch 2_'",
  'id > 100 AND id <= 137',
  "status != 'Active'",
  "ship_to_countries IN ('CA', 'GB')",
  'hubspot_key IS NULL',
];

describe('list() with a where', () => {
  it.each(clauses)('gives the same records as filtering the full listing by hand: %s', async (clause) => {
    const s = await sandbox({ seed: { touches: 250 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const expected = s.data.touches.all().filter((t) => ceql.matches(clause, t));
    const got = await all(client.touches.list({ where: clause, pageSize: 30 }));
    expect(got.map((t) => t.id)).toEqual(expected.map((t) => t.id));
  });

  it('pushes delivery_type to Sendoso only when it is a top-level AND term', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const client = await authorizedClient(s);
    await client.touches.list({
      where: where('delivery_type').eq('mail').and(where('currency').eq('USD')),
      pageSize: 5,
    });
    await client.touches.list({
      where: where('delivery_type').eq('mail').or(where('currency').eq('USD')),
      pageSize: 5,
    });
    const queries = requestsTo(s, '/api/v3/touches').map((r) => r.query.delivery_type);
    expect(queries).toEqual(['mail', undefined]);
  });

  it("reports Sendoso's total only when the whole where was pushed down", async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const client = await authorizedClient(s);
    const pushed = await client.touches.list("delivery_type = 'mail'");
    expect(pushed.total).toBe(s.data.touches.all().filter((t) => t.delivery_type === 'mail').length);
    const local = await client.touches.list("delivery_type = 'mail' AND currency = 'USD'");
    expect(local.total).toBeUndefined();
  });

  it('fills result pages up to pageSize across provider pages', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const client = await authorizedClient(s);
    const page = await client.touches.list({ where: "currency = 'EUR'", pageSize: 40 });
    expect(page.items).toHaveLength(40);
    expect(page.items.every((t) => t.currency === 'EUR')).toBe(true);
  });

  it('resumes from a nextPage token mid-provider-page, losing and repeating nothing', async () => {
    const s = await sandbox({ seed: { touches: 250 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const clause = "name LIKE '%1%' OR currency = 'EUR'";
    const expected = s.data.touches
      .all()
      .filter((t) => ceql.matches(clause, t))
      .map((t) => t.id);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 70 }), async (pageSize) => {
        // Every page resumed from its token alone, as another process would.
        const ids: unknown[] = [];
        let token: string | undefined;
        do {
          const page: Awaited<ReturnType<typeof client.touches.list>> = await client.touches.list({
            where: clause,
            pageSize,
            ...(token ? { nextPage: token } : {}),
          });
          ids.push(...page.items.map((t: Touch) => t.id));
          token = page.nextPage;
        } while (token);
        expect(ids).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });

  it('accepts a Where, a CEQL string, or { where }', async () => {
    const s = await sandbox({ seed: { touches: 250 } });
    const client = await authorizedClient(s);
    const w = where({ currency: 'EUR', delivery_type: ['mail'] });
    const a = await client.touches.list(w);
    const b = await client.touches.list(String(w));
    const c = await client.touches.list({ where: w });
    expect(a.items.map((t) => t.id)).toEqual(b.items.map((t) => t.id));
    expect(c.items.map((t) => t.id)).toEqual(a.items.map((t) => t.id));
    expect(a.items.length).toBeGreaterThan(0);
  });

  it.each([
    ["name = 'unterminated", 7],
    ['name == 1', 5],
    ['id IN ()', 7],
    ["name = 'a' extra", 11],
    ['name =', 6],
    ["(name = 'a'", 11],
    ["name = 'a')", 10],
  ])('a bad string (%s) is a CeqlSyntaxError at position %i before any request', async (text, position) => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const err = await client.touches.list(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CeqlSyntaxError);
    expect((err as CeqlSyntaxError).position).toBe(position);
    await expect(
      (async () => {
        for await (const _ of client.touches.list({ where: text })) break;
      })(),
    ).rejects.toBeInstanceOf(CeqlSyntaxError);
    expect(s.requests).toEqual([]);
  });

  it('a where value is data, never CEQL text: an injection attempt matches only the literal', async () => {
    const s = await sandbox({ seed: { touches: 20 } });
    const evil = "x' OR '1'='1";
    s.data.touches.insert({ name: evil, delivery_type: 'mail' });
    const client = await authorizedClient(s);
    const got = await all(client.touches.list(where('name').eq(evil)));
    expect(got.map((t) => t.name)).toEqual([evil]);
  });

  it('rejects a non-Where, non-string query', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    await expect(client.touches.list({ where: 42 as never })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('page numbers, sorting and look-ahead', () => {
  it('page n is the n-th result page of pageSize items, with or without a local filter', async () => {
    const s = await sandbox({ seed: { touches: 250 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const all = s.data.touches.all();
    const usd = all.filter((t) => t.currency === 'USD');
    for (const [query, source] of [
      [{ pageSize: 10, page: 3 }, all],
      [{ pageSize: 150, page: 2 }, all],
      [{ where: "currency = 'USD'", pageSize: 10, page: 2 }, usd],
      [
        { where: "delivery_type = 'mail'", pageSize: 7, page: 4 },
        all.filter((t) => t.delivery_type === 'mail'),
      ],
    ] as const) {
      const page = await client.touches.list(query);
      const from = (query.page - 1) * query.pageSize;
      expect(page.items.map((t) => t.id)).toEqual(source.slice(from, from + query.pageSize).map((t) => t.id));
    }
    const beyond = await client.touches.list({ where: "currency = 'USD'", pageSize: 100, page: 50 });
    expect(beyond.items).toEqual([]);
    expect(beyond.hasNextPage()).toBe(false);
  });

  it('orderBy sorts the whole matching listing locally, with resumable tokens', async () => {
    const s = await sandbox({ seed: { touches: 120 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const expected = s.data.touches
      .all()
      .filter((t) => t.currency === 'EUR')
      .sort(
        (a, b) => String(b.created_at).localeCompare(String(a.created_at)) || Number(a.id) - Number(b.id),
      );
    const first = await client.touches.list({
      where: "currency = 'EUR'",
      orderBy: 'created_at desc, id',
      pageSize: 20,
    });
    expect(first.total).toBe(expected.length);
    const ids: unknown[] = [];
    for await (const t of first) ids.push(t.id);
    expect(ids).toEqual(expected.map((t) => t.id));
    const resumed = await client.touches.list({
      where: "currency = 'EUR'",
      orderBy: 'created_at desc, id',
      pageSize: 20,
      nextPage: first.nextPage,
    });
    expect(resumed.items.map((t) => t.id)).toEqual(expected.slice(20, 40).map((t) => t.id));
    await expect(client.touches.list({ orderBy: 'name sideways' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('has no next page when the last match ends the provider page', async () => {
    const s = await sandbox({ seed: { touches: 50 } });
    const client = await authorizedClient(s);
    const page = await client.touches.list({ where: 'id = 5', pageSize: 1 });
    expect(page.items.map((t) => t.id)).toEqual([5]);
    expect(page.hasNextPage()).toBe(false);
  });
});
