import { describe, expect, it } from 'vitest';
import { type ListQuery, ValidationError, where } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

describe('list() options from plain JavaScript', () => {
  it('unknown keys and wrong shapes are one ValidationError naming each, and nothing is sent', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const refusal = async (query: unknown) => {
      const error = await client.touches.list(query as ListQuery).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).issues;
    };
    expect(await refusal({ limit: 5 })).toEqual([
      {
        path: 'limit',
        message: 'unknown option; known options are where, pageSize, page, nextPage, orderBy, prefetch',
      },
    ]);
    expect(await refusal({ pagesize: 5, wher: "name = 'x'" })).toEqual([
      { path: 'pagesize', message: 'unknown option; did you mean "pageSize"?' },
      { path: 'wher', message: 'unknown option; did you mean "where"?' },
    ]);
    expect(
      (await refusal({ where: 5, pageSize: 0, page: 1.5, orderBy: ['name'], nextPage: 7, prefetch: -1 })).map(
        (i) => i.path,
      ),
    ).toEqual(['where', 'pageSize', 'page', 'orderBy', 'nextPage', 'prefetch']);
    expect(await refusal({ prefetch: 21 })).toEqual([
      { path: 'prefetch', message: 'must be an integer from 0 to 20' },
    ]);
    for (const query of [null, 42, true, [], new Date(), { __proto__: { pageSize: 5 } }]) {
      expect(await refusal(query)).toEqual([
        {
          path: '',
          message: 'a list query (a Where, a CEQL string or options) must be a plain object ({ ... })',
        },
      ]);
    }
    expect(s.requests).toEqual([]);
  });

  it('a page token that is not from this query is refused before any page is read, sorted or not', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const token = (await client.touches.list({ pageSize: 5 })).nextPage;
    s.clearRequests();
    for (const query of [
      { nextPage: ' ', orderBy: 'created_at desc' },
      { nextPage: token, orderBy: 'name' },
      { nextPage: token, pageSize: 6 },
      { nextPage: 'not-a-token' },
    ]) {
      const error = await client.touches.list(query).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe('nextPage');
    }
    expect(s.requests).toEqual([]);
  });

  it('known options still work, and undefined ones are left out', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const page = await client.touches.list({
      where: where('delivery_type').eq('mail'),
      pageSize: 3,
      page: undefined,
    });
    expect(page.items).toHaveLength(3);
  });
});
