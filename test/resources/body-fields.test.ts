import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

async function refusal(attempt: () => Promise<unknown>): Promise<ValidationError> {
  const err = await attempt().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return err as ValidationError;
}

describe('create and update bodies know their fields', () => {
  it('refuses an unknown key with the field it was probably meant to be, and sends nothing', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const err = await refusal(() =>
      // @ts-expect-error delivery_tpye is not a field of a touch: the typo fails to compile too
      client.touches.create({ name: 'Q4 thank-you', delivery_tpye: 'mail' }),
    );
    expect(err.issues).toEqual([
      { path: 'delivery_tpye', message: 'is not a known field; did you mean "delivery_type"?' },
    ]);
    expect(err.message).toContain('Invalid touches.create body');
    expect(s.requests).toEqual([]);
  });

  it('reports unknown keys together with every other issue of the body', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const err = await refusal(() =>
      client.gifts.create({
        touch_id: 1,
        via: 'single_email_address',
        via_from: 'tests',
        emial: 'ada@example.com',
        customMessage: 'Thanks!',
        colour: 'red',
      } as never),
    );
    expect(err.issues).toEqual([
      { path: 'email', message: expect.any(String) },
      { path: 'emial', message: 'is not a known field; did you mean "email"?' },
      { path: 'customMessage', message: 'is not a known field; did you mean "custom_message"?' },
      { path: 'colour', message: 'is not a known field' },
    ]);
    expect(s.requests).toEqual([]);
  });

  it('checks updates and nested bodies the same way', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const update = await refusal(() => client.groups.update(1, { nmae: 'EMEA' } as never));
    expect(update.issues).toEqual([{ path: 'nmae', message: 'is not a known field; did you mean "name"?' }]);
    const links = await refusal(() =>
      client.gifts.generateEgiftLinks({
        touch_id: 1,
        via_from: 'tests',
        recipient_users: [{ email: 'ada@example.com', emali: 'x' } as never],
      }),
    );
    expect(links.issues).toEqual([
      { path: 'recipient_users.0.emali', message: 'is not a known field; did you mean "email"?' },
    ]);
    expect(s.requests).toEqual([]);
  });

  it('keeps the send fields Sendoso accepts beyond its reference: amount, address1, company_name', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const egift = {
      touch_id: 1,
      via: 'single_email_address',
      via_from: 'tests',
      email: 'ada@example.com',
      company_name: 'Engines Ltd',
      amount: 50,
    } as const;
    const physical = {
      touch_id: 1,
      via: 'single_person_or_company',
      via_from: 'tests',
      name: 'Grace',
      address: '1 Main St',
      address1: 'Floor 3',
      city: 'Arlington',
      zip: '22201',
      country: 'US',
      mobile_no: 1234567890,
    } as const;
    const collection = {
      touch_id: 1,
      via: 'single_person_or_company',
      via_from: 'tests',
      email: 'alan@example.com',
      no_address: true,
      confirm_address: true,
      address_confirmation_via: 'link',
      expire_after_days: 3,
      resume_with_unconfirmed_address: false,
      hide_product_info: true,
      address_confirmation_custom_message: 'Where should it go?',
    } as const;
    for (const send of [egift, physical, collection]) await client.gifts.create(send);
    expect(requestsTo(s, '/api/v3/send', 'POST').map((r) => r.body)).toEqual([
      { send: egift },
      { send: physical },
      { send: collection },
    ]);
  });

  it('takes any field on objects(name), which has no schema to check against', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const widget = await client.objects('widgets').create({ name: 'sprocket', any_thing: 1 });
    expect(widget).toMatchObject({ name: 'sprocket', any_thing: 1 });
  });
});
