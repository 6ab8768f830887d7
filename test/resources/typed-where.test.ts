/**
 * `client.<resource>.where(field)`: the field names of the resource's records, checked by the compiler.
 * The `@ts-expect-error` lines are the type tests: `npm run typecheck` fails if a typo compiles.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SendosoClient, type WhereField, where } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

describe('typed where on resources', () => {
  it('builds the same condition as where(), and lists with it', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const typed = client.touches
      .where('currency')
      .eq('USD')
      .and(client.touches.where('name').like('Touch 1%'));
    expect(typed.equals(where('currency').eq('USD').and(where('name').like('Touch 1%')))).toBe(true);
    const { items } = await client.touches.list({ where: typed, pageSize: 100 });
    const expected = s.data.touches
      .all()
      .filter((t) => t.currency === 'USD' && String(t.name).startsWith('Touch 1'));
    expect(items.map((t) => t.id)).toEqual(expected.slice(0, 100).map((t) => t.id));
  });

  it('accepts declared fields and dotted paths into nested objects and arrays', () => {
    const client = new SendosoClient({ baseUrl: 'http://127.0.0.1:9', logLevel: 'off' });
    const fields = [
      client.touches.where('delivery_type'),
      client.touches.where('ship_to_countries.0'),
      client.gifts.where('recipient.email'),
      client.gifts.where('status_updates.0.status'),
      client.groups.where('monthly_budget'),
      client.bulkJobs.where('object_name'),
      client.objects('widgets').where('anything.at.all'),
      client.objects('widgets').children(1, 'parts').where('whatever'),
    ];
    expectTypeOf(fields).toEqualTypeOf<WhereField[]>();
    expect(fields.map((f) => f.field)).toEqual([
      'delivery_type',
      'ship_to_countries.0',
      'recipient.email',
      'status_updates.0.status',
      'monthly_budget',
      'object_name',
      'anything.at.all',
      'whatever',
    ]);
    expectTypeOf<'name'>().toExtend<Parameters<typeof client.touches.where>[0]>();
    expectTypeOf<'nmae'>().not.toExtend<Parameters<typeof client.touches.where>[0]>();
    expectTypeOf<'recipient.emial'>().not.toExtend<Parameters<typeof client.gifts.where>[0]>();
  });

  it('refuses a misspelt field at compile time; plain where() stays open for undeclared fields', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    // @ts-expect-error nmae is not a field of a touch
    const typo = () => client.touches.where('nmae');
    // @ts-expect-error recipient.emial is not a field of a send
    const nested = () => client.gifts.where('recipient.emial');
    expect([typo, nested].every((f) => typeof f === 'function')).toBe(true);
    // Sendoso sends fields its reference does not list; the untyped builder reaches them.
    s.data.touches.update(1, { region: 'EMEA' });
    const { items } = await client.touches.list(where('region').eq('EMEA'));
    expect(items.map((t) => t.id)).toEqual([1]);
  });
});
