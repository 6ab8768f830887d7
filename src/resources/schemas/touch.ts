import { z } from 'zod';
import { bodyObject, partialBody } from './body.js';
import { DateTime, Id, Money, maybe } from './common.js';

/** A touch: one of the team's active campaigns (the gift that a send delivers). */
export const Touch = z.looseObject({
  id: Id,
  name: z.string(),
  start_date: maybe(z.string()),
  end_date: maybe(z.string()),
  description: maybe(z.string()),
  created_at: maybe(DateTime),
  user_id: maybe(Id),
  gift_id: maybe(Id),
  starting_egift_price: maybe(Money),
  ending_egift_price: maybe(Money),
  status: maybe(z.string()),
  is_default_price: maybe(z.boolean()),
  delivery_type: maybe(z.string()),
  hubspot_key: maybe(z.string()),
  ship_to_countries: maybe(z.array(z.string())),
  currency: maybe(z.string()),
});
export type Touch = z.infer<typeof Touch>;

const touchFields = {
  name: z.string().min(1),
  description: z.string().optional(),
  delivery_type: z.enum(['mail', 'email']).optional(),
  start_date: z.string().optional(),
  end_date: z.string().optional(),
  currency: z.string().length(3).optional(),
  ship_to_countries: z.array(z.string()).optional(),
};
export const TouchCreate = bodyObject(touchFields);
export type TouchCreate = z.input<typeof TouchCreate>;
export const TouchUpdate = partialBody(touchFields);
export type TouchUpdate = z.input<typeof TouchUpdate>;
