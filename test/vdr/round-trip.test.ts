import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SendosoClient } from '../../src/index.js';

// No request is made: fromVendor/toVendor are the mapping alone.
const client = new SendosoClient({ baseUrl: 'http://127.0.0.1:9', logLevel: 'off' });
const contacts = client.vdr('contact', {
  resource: 'gifts',
  fields: {
    email: 'recipient.email',
    company: 'recipient.company_name',
    sentAt: { path: 'created_at', type: 'date' },
    firstStatus: 'status_updates[0].status',
    cost: { path: 'current_total_cost', type: 'number' },
  },
});

const taken = new Set(['email', 'company', 'sentAt', 'firstStatus', 'cost', '__proto__']);
const isoDate = fc
  .date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString());

const send = fc.record(
  {
    id: fc.nat(),
    recipient: fc.record(
      { email: fc.string(), company_name: fc.string(), name: fc.string() },
      { requiredKeys: ['email', 'company_name'] },
    ),
    created_at: isoDate,
    current_total_cost: fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .map((n) => (Object.is(n, -0) ? 0 : n)),
    status_updates: fc.array(
      fc.record({ status: fc.string(), occurred_at: isoDate }, { requiredKeys: ['status'] }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    extra: fc.dictionary(
      fc.string().filter((k) => !taken.has(k)),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: ['id', 'recipient', 'created_at', 'status_updates'] },
);

describe('the mapping', () => {
  it('toVendor(fromVendor(record)) gives back the vendor record, and never mutates it', () => {
    fc.assert(
      fc.property(send, ({ extra, ...fields }) => {
        const record = { ...extra, ...fields };
        const before = structuredClone(record);
        const contact = contacts.fromVendor(record);
        expect(contact.sentAt).toEqual(new Date(record.created_at));
        expect(contact.firstStatus).toBe(record.status_updates[0]?.status);
        expect(contacts.toVendor(contact)).toEqual(record);
        expect(record).toEqual(before);
      }),
    );
  });

  it('fromVendor(toVendor(contact)) gives back the contact', () => {
    fc.assert(
      fc.property(
        fc.record({
          email: fc.string(),
          company: fc.string(),
          sentAt: fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('2999-01-01') }),
          note: fc.string(),
        }),
        (contact) => {
          expect(contacts.fromVendor(contacts.toVendor(contact))).toEqual(contact);
        },
      ),
    );
  });
});
