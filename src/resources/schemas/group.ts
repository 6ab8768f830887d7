import { z } from 'zod';
import { bodyObject, partialBody } from './body.js';
import { DateTime, Id, Money, maybe } from './common.js';

/** A team group: a budget holder that users belong to. */
export const Group = z.looseObject({
  id: Id,
  name: z.string(),
  budget: maybe(Money),
  monthly_budget: maybe(Money),
  one_time_budget: maybe(Money),
  rollover: maybe(z.boolean()),
  team_id: maybe(Id),
  created_at: maybe(DateTime),
  updated_at: maybe(DateTime),
});
export type Group = z.infer<typeof Group>;

const groupFields = {
  name: z.string().min(1),
  budget: Money.optional(),
  monthly_budget: Money.optional(),
  one_time_budget: Money.optional(),
  rollover: z.boolean().optional(),
};
export const GroupCreate = bodyObject(groupFields);
export type GroupCreate = z.input<typeof GroupCreate>;
export const GroupUpdate = partialBody(groupFields);
export type GroupUpdate = z.input<typeof GroupUpdate>;

/** A member of a group (`GET /groups/{id}/members`). */
export const GroupMember = z.looseObject({
  id: Id,
  first_name: maybe(z.string()),
  last_name: maybe(z.string()),
  email: maybe(z.string()),
  balance: maybe(Money),
  sandbox: maybe(z.boolean()),
  team_group_id: maybe(Id),
  team_id: maybe(Id),
  key: maybe(z.string()),
});
export type GroupMember = z.infer<typeof GroupMember>;
