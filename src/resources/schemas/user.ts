import { z } from 'zod';
import { bodyObject, partialBody } from './body.js';
import { Id, Money, maybe } from './common.js';

export const User = z.looseObject({
  id: Id,
  first_name: maybe(z.string()),
  last_name: maybe(z.string()),
  email: maybe(z.string()),
  team_group_id: maybe(Id),
});
export type User = z.infer<typeof User>;

/** `POST /users` invites a user by email. */
const userFields = {
  first_name: z.string().min(1),
  last_name: z.string().min(1),
  email: z.email(),
  role: z.enum(['regular', 'manager']),
  team_group_id: Id,
};
export const UserCreate = bodyObject(userFields);
export type UserCreate = z.input<typeof UserCreate>;
export const UserUpdate = partialBody(userFields);
export type UserUpdate = z.input<typeof UserUpdate>;

/** What `POST /users` answers: an invitation, not the user. */
export const UserInvitation = z.looseObject({
  success: maybe(z.boolean()),
  message: maybe(z.string()),
  receiver_email: maybe(z.string()),
  team_group_id: maybe(Id),
  user_role: maybe(z.string()),
  invitation_status: maybe(z.string()),
  expires_at: maybe(z.string()),
});
export type UserInvitation = z.infer<typeof UserInvitation>;

/** `GET /me`: the user the token belongs to. */
export const Me = z.looseObject({
  id: Id,
  first_name: maybe(z.string()),
  last_name: maybe(z.string()),
  email: maybe(z.string()),
  role: maybe(z.string()),
  balance: maybe(Money),
  team_balance: maybe(Money),
});
export type Me = z.infer<typeof Me>;
