import { randomBytes } from 'node:crypto';
import sendFixture from '../../fixtures/send.json' with { type: 'json' };
import { isoWithOffset, now } from './clock.js';
import { missingParam, unwrap } from './crud-routes.js';
import { Answer, answer, type Exchange, failure, isRecord } from './http-io.js';
import { RESOURCES } from './resource-table.js';
import type { Store } from './store.js';
import type { SandboxRecord } from './types.js';

/** The documented creates: `POST /send`, `POST /send/generate_egift_links`, `POST /users`. */

const SEND_VIAS = new Set(['single_person_or_company', 'single_email_address']);
const INVITE_DAYS = 7;
const EGIFT_LINK_DAYS = 30;

/** `POST /send`: validates like Sendoso, records a Pending send, answers with a tracking code. */
export function createSend(ex: Exchange, store: Store): Answer {
  const send = unwrap(ex.body, 'send');
  if (!send) return missingParam('send');
  const touch = touchFor(store, send);
  if (touch instanceof Answer) return touch;
  const via = send.via;
  if (typeof via !== 'string' || !SEND_VIAS.has(via)) return failure(422, 'Invalid via');

  const gifts = store.collection(RESOURCES.gifts.path);
  const id = gifts.peekNextId();
  const trackingCode = randomBytes(20).toString('hex');
  const createdAt = isoWithOffset(now());
  gifts.insert({
    id,
    send_gid: Buffer.from(`gid://sendoso/Send/${id}`).toString('base64'),
    type: via === 'single_email_address' ? 'egift' : 'physical',
    subtype: via,
    currency: touch.currency ?? 'USD',
    current_total_cost: '0.0',
    status: 'Pending',
    created_at: createdAt,
    touch: { id: touch.id, name: touch.name },
    recipient: {
      name: send.name ?? null,
      email: send.email ?? null,
      company_name: send.company_name ?? null,
    },
    sender: { ...sendFixture.sender },
    sent_via: via,
    via_from: send.via_from ?? null,
    tracking_code: trackingCode,
    status_updates: [{ status: 'Pending', occurred_at: createdAt }],
  });
  return answer(200, {
    success: true,
    message: 'Gift send Successfully',
    tracking_code: trackingCode,
    tracking_url: `https://app.sendoso.com/tracking/${trackingCode}`,
  });
}

/** `POST /send/generate_egift_links`: one link per recipient. */
export function generateEgiftLinks(ex: Exchange, store: Store): Answer {
  const send = unwrap(ex.body, 'send');
  if (!send) return missingParam('send');
  const touch = touchFor(store, send);
  if (touch instanceof Answer) return touch;
  if (send.via !== 'generate_egift_links') return failure(422, 'Invalid via');
  const recipients = Array.isArray(send.recipient_users) ? send.recipient_users : [];
  const contacts = recipients.map((r) => (isRecord(r) ? (r.email ?? r.phone_number) : undefined));
  if (contacts.length === 0 || contacts.some((c) => typeof c !== 'string' || c === '')) {
    return missingParam('recipient_users');
  }
  return answer(200, {
    success: true,
    message: 'eGift links generated successfully',
    egift_links: contacts.map((contact) => ({
      egift_link: `https://app.sendoso.com/egift/${randomBytes(8).toString('hex')}`,
      recipient_email_or_phone_number: contact,
    })),
    expiration_days: EGIFT_LINK_DAYS,
  });
}

/** `POST /users`: an invitation; the invited user joins the users list at once. */
export function inviteUser(ex: Exchange, store: Store): Answer {
  const user = unwrap(ex.body, 'user');
  if (!user) return missingParam('user');
  const { first_name = null, last_name = null, email = null, team_group_id = null } = user;
  store.collection(RESOURCES.users.path).insert({ first_name, last_name, email, team_group_id });
  return answer(200, {
    success: true,
    message: 'Invitation sent successfully',
    receiver_email: email,
    team_group_id,
    user_role: user.role ?? 'regular',
    invitation_status: 'pending',
    expires_at: isoWithOffset(now() + INVITE_DAYS * 86_400_000),
  });
}

function touchFor(store: Store, send: SandboxRecord): SandboxRecord | Answer {
  const touchId = send.touch_id;
  if (touchId === undefined || touchId === null || touchId === '') return missingParam('touch_id');
  return (
    store.collection(RESOURCES.touches.path).get(String(touchId)) ?? answer(404, RESOURCES.touches.notFound)
  );
}
