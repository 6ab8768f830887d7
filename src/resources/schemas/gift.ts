import { z } from 'zod';
import { bodyObject } from './body.js';
import { DateTime, Id, Money, maybe } from './common.js';

/** A send ("gift"): one touch sent to one recipient (`GET /send`). */
export const Gift = z.looseObject({
  id: Id,
  send_gid: maybe(z.string()),
  type: maybe(z.string()),
  subtype: maybe(z.string()),
  currency: maybe(z.string()),
  current_total_cost: maybe(Money),
  status: maybe(z.string()),
  created_at: maybe(DateTime),
  touch: maybe(z.looseObject({ id: maybe(Id), name: maybe(z.string()) })),
  recipient: maybe(
    z.looseObject({ name: maybe(z.string()), email: maybe(z.string()), company_name: maybe(z.string()) }),
  ),
  sender: maybe(
    z.looseObject({
      id: maybe(Id),
      name: maybe(z.string()),
      email: maybe(z.string()),
      team_id: maybe(Id),
      team_name: maybe(z.string()),
    }),
  ),
  sent_via: maybe(z.string()),
  status_updates: maybe(z.array(z.looseObject({ status: maybe(z.string()), occurred_at: maybe(DateTime) }))),
});
export type Gift = z.infer<typeof Gift>;

/**
 * Fields every send takes. Besides the documented ones, Sendoso is known to accept `amount` (the eGift
 * value, for touches whose price is a range) and `company_name` (the recipient's company, read back
 * as `recipient.company_name`); neither is in Sendoso's reference, so the schema keeps them on purpose.
 */
const sendBase = {
  touch_id: Id,
  /** Names the calling app, as Sendoso asks. */
  via_from: z.string().min(1),
  custom_message: z.string().optional(),
  company_name: z.string().optional(),
  amount: Money.unwrap().optional(),
};

/** A physical gift to a known address. `mobile_no` is required outside the US. */
export const PhysicalGiftWithAddress = bodyObject({
  ...sendBase,
  via: z.literal('single_person_or_company'),
  no_address: z.literal(false).optional(),
  confirm_address: z.literal(false).optional(),
  name: z.string().min(1),
  email: z.email().optional(),
  address: z.string().min(1),
  /** A second address line: undocumented, but sent by existing Sendoso integrations and accepted. */
  address1: z.string().optional(),
  city: z.string().min(1),
  state: z.string().optional(),
  zip: z.string().min(1),
  country: z.string().min(2),
  // Sendoso's own example sends the number bare (`"mobile_no": 1234567890`).
  mobile_no: z.union([z.string(), z.number()]).optional(),
}).refine((send) => /^(us|usa|united states)$/i.test(send.country) || Boolean(send.mobile_no), {
  path: ['mobile_no'],
  message: 'is required when the country is not the US',
});

/** A physical gift whose recipient is asked for their address by email or link. */
export const PhysicalGiftWithAddressCollection = bodyObject({
  ...sendBase,
  via: z.literal('single_person_or_company'),
  no_address: z.literal(true),
  confirm_address: z.literal(true),
  address_confirmation_via: z.enum(['email', 'link']),
  expire_after_days: z.number().int().min(2).max(7),
  resume_with_unconfirmed_address: z.boolean().optional(),
  hide_product_info: z.boolean().optional(),
  address_confirmation_custom_message: z.string().optional(),
  name: z.string().optional(),
  email: z.email(),
});

/** An eGift delivered by email. */
export const EGift = bodyObject({
  ...sendBase,
  via: z.literal('single_email_address'),
  email: z.email(),
  name: z.string().optional(),
});

/** `gifts.create(body)`: chosen by `via` (and `no_address` for physical gifts). */
export const GiftCreate = z.discriminatedUnion('via', [
  EGift,
  z.discriminatedUnion('no_address', [PhysicalGiftWithAddress, PhysicalGiftWithAddressCollection]),
]);
export type GiftCreate = z.input<typeof GiftCreate>;

/**
 * `gifts.update(id, patch)`: Sendoso documents no way to change a send; this is the element's
 * conventional `PATCH /send/{id}`, limited to what a send carries that a caller could set.
 */
export const GiftUpdate = bodyObject({
  status: z.string().optional(),
  custom_message: z.string().optional(),
});
export type GiftUpdate = z.input<typeof GiftUpdate>;

/** What `POST /send` answers. */
export const GiftSendResult = z.looseObject({
  success: maybe(z.boolean()),
  message: maybe(z.string()),
  tracking_code: maybe(z.string()),
  tracking_url: maybe(z.string()),
});
export type GiftSendResult = z.infer<typeof GiftSendResult>;

/** `gifts.generateEgiftLinks(body)`; the SDK sets `via: 'generate_egift_links'`. */
export const EgiftLinksCreate = bodyObject({
  touch_id: Id,
  via_from: z.string().min(1),
  /** Set by the SDK; accepted so a body written for the raw endpoint still passes. */
  via: z.literal('generate_egift_links').optional(),
  recipient_users: z.array(bodyObject({ email: z.email() })).min(1),
});
export type EgiftLinksCreate = z.input<typeof EgiftLinksCreate>;

export const EgiftLinksResult = z.looseObject({
  success: maybe(z.boolean()),
  message: maybe(z.string()),
  egift_links: z.array(
    z.looseObject({ egift_link: z.string(), recipient_email_or_phone_number: maybe(z.string()) }),
  ),
  expiration_days: maybe(z.number()),
});
export type EgiftLinksResult = z.infer<typeof EgiftLinksResult>;
