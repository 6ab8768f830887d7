/**
 * The README's VDR example, run against the sandbox. test/readme.test.ts checks that the README block
 * is the region named `vdr` below.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError, where } from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

describe('README: virtual data resources', () => {
  it('maps contacts onto gifts for list, create, JSON config and polling', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const seen: string[] = [];
    const log = (...values: unknown[]) => seen.push(values.map(String).join(' '));

    // #region readme vdr
    const contacts = client.vdr('contact', {
      resource: 'gifts',
      schema: z.looseObject({
        email: z.email(),
        company: z.string().optional(),
        sentAt: z.date().optional(),
      }),
      fields: {
        email: 'recipient.email',
        company: 'recipient.company_name',
        sentAt: { path: 'created_at', type: 'date' }, // ISO text ↔ Date
      },
      transform: {
        // Sends are read with a `recipient` object, but POST /send takes the recipient flat.
        toVendor: (body, _contact, { operation }) => {
          if (operation !== 'create') return body;
          const { recipient, ...rest } = body as { recipient?: Record<string, unknown> };
          return { ...rest, ...recipient, touch_id: 1, via: 'single_email_address', via_from: 'my-app' };
        },
      },
    });

    // `where` in your field names, checked against the schema (contact.sentAt is a Date).
    const recent = contacts
      .where('company')
      .eq('Globex')
      .and(contacts.where('sentAt').gte(new Date('2022-09-13')));
    for await (const contact of contacts.list(recent)) {
      log(contact.email, contact.sentAt?.toISOString());
    }

    // Writes map back: this POSTs { send: { email, company_name, name, touch_id, via, via_from } }.
    await contacts.create({ email: 'ada@example.com', company: 'Engines Ltd', name: 'Ada' });

    // A definition can live in config (JSON has no transforms); it is checked here, at definition time.
    const config = '{ "resource": "gifts", "passThrough": false, "fields": { "email": "recipient.email" } }';
    const emails = client.vdr('email-only', JSON.parse(config));
    try {
      client.vdr('broken', {
        resource: 'gifts',
        fields: { sentAt: { path: 'created_at', type: 'datetime' } },
      } as never);
    } catch (error) {
      if (error instanceof ValidationError) log(error.issues[0]?.path); // fields.sentAt.type
    }

    // Poll events carry mapped objects, and changedFields in your names (['company']).
    const poller = client.poll(contacts, { ignoreFields: ['updated_at'] });
    poller.on('updated', async (event) => log(event.objectId, event.changedFields));
    // #endregion
    await poller.stop();

    const globex = s.data.gifts
      .all()
      .filter((g) => (g.recipient as { company_name: string }).company_name === 'Globex')
      .filter((g) => Date.parse(String(g.created_at)) >= Date.parse('2022-09-13'));
    expect(globex.length).toBeGreaterThan(0);
    expect(seen.slice(0, globex.length)).toEqual(
      globex.map(
        (g) => `${(g.recipient as { email: string }).email} ${new Date(String(g.created_at)).toISOString()}`,
      ),
    );
    expect(seen.at(-1)).toBe('fields.sentAt.type');
    expect(requestsTo(s, '/api/v3/send', 'POST')[0]?.body).toEqual({
      send: {
        name: 'Ada',
        email: 'ada@example.com',
        company_name: 'Engines Ltd',
        touch_id: 1,
        via: 'single_email_address',
        via_from: 'my-app',
      },
    });
    expect(await emails.list(where('email').eq('ada@example.com'))).toMatchObject({
      items: [{ email: 'ada@example.com' }],
    });
    expect(Object.keys((await emails.get(900_001)) as object)).toEqual(['email']);
  });
});
