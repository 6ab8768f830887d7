import { describe, expect, expectTypeOf, it } from 'vitest';
import { Page, PagePromise, where } from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';
import { contactOf, contacts } from './contact.js';

const setup = async () => {
  const s = await sandbox({ rateLimit: false });
  const client = await authorizedClient(s, { rateLimit: false });
  return { s, client, contacts: contacts(client) };
};

describe('a contact VDR over gifts', () => {
  it('lists mapped objects filtered by VDR fields, equal to a hand-mapped filtering of every send', async () => {
    const { s, contacts } = await setup();
    const since = new Date('2022-09-13T00:00:00Z');
    const query = where('company').eq('Globex').and(where('sentAt').gte(since));
    const found = [];
    for await (const contact of contacts.list({ where: query, pageSize: 10 })) found.push(contact);

    const expected = s.data.gifts
      .all()
      .map(contactOf)
      .filter((c) => c.company === 'Globex' && (c.sentAt as Date) >= since);
    expect(expected.length).toBeGreaterThan(10); // more than one result page
    expect(expected.length).toBeLessThan(s.data.gifts.size / 6);
    expect(found).toEqual(expected);
    expect(found[0]?.sentAt).toBeInstanceOf(Date);
    expectTypeOf(found[0]!.email).toEqualTypeOf<string>();
  });

  it('pages map the resource pages: same tokens and totals, and a token resumes the listing', async () => {
    const { s, contacts } = await setup();
    const listing = contacts.list({ pageSize: 100 });
    expect(listing).toBeInstanceOf(PagePromise);
    expect(requestsTo(s, '/api/v3/send')).toHaveLength(0); // lazy, like a resource listing
    const first = await listing;
    expect(first).toBeInstanceOf(Page);
    expect(first.total).toBe(250);
    expect(first.items).toEqual(s.data.gifts.all().slice(0, 100).map(contactOf));
    const second = await first.getNextPage();
    const resumed = await contacts.list({ pageSize: 100, nextPage: first.nextPage });
    expect(resumed.items).toEqual(second.items);
    expect(second.items[0]).toEqual(contactOf(s.data.gifts.all()[100]!));
    expect(second.hasNextPage()).toBe(true);
    expect((await second.getNextPage()).hasNextPage()).toBe(false);
  });

  it('walks every send with for await, and get() reads one', async () => {
    const { s, contacts } = await setup();
    const emails: unknown[] = [];
    for await (const contact of contacts.list()) emails.push(contact.email);
    const sends = s.data.gifts.all();
    expect(emails).toEqual(sends.map((g) => (g.recipient as { email: string }).email));
    const one = sends[17]!;
    expect(await contacts.get(one.id as number)).toEqual(contactOf(one));
  });

  it('a create goes through the mapping and toVendor, and the new send reads back as the same contact', async () => {
    const { s, contacts } = await setup();
    const created = await contacts.create({
      email: 'ada@analytical.example',
      company: 'Engines Ltd',
      name: 'Ada',
    });
    expect(requestsTo(s, '/api/v3/send', 'POST').map((r) => r.body)).toEqual([
      {
        send: {
          name: 'Ada',
          email: 'ada@analytical.example',
          company_name: 'Engines Ltd',
          touch_id: 1,
          via: 'single_email_address',
          via_from: 'vdr-test',
        },
      },
    ]);
    // Sendoso answers { success, message, tracking_code }: none of it is mapped, pass-through carries it.
    expect(created).toMatchObject({ success: true, tracking_code: expect.any(String) });

    const page = await contacts.list(where('email').eq('ada@analytical.example'));
    expect(page.items).toHaveLength(1);
    const contact = page.items[0]!;
    expect(contact).toMatchObject({
      email: 'ada@analytical.example',
      company: 'Engines Ltd',
      recipient: { name: 'Ada' },
      status: 'Pending',
    });
    expect(Math.abs(contact.sentAt!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(contact).toEqual(contactOf(s.data.gifts.all().at(-1)!));
  });

  it('idOf is the vendor id carried through; a CEQL string in VDR names works too', async () => {
    const { s, contacts } = await setup();
    const page = await contacts.list("company = 'Initech' AND email LIKE 'dana%'");
    const expected = s.data.gifts
      .all()
      .map(contactOf)
      .filter((c) => c.company === 'Initech' && String(c.email).startsWith('dana'));
    expect(page.items).toEqual(expected);
    expect(page.items.map((c) => contacts.idOf(c))).toEqual(expected.map((c) => String(c.id)));
  });
});
