/**
 * Application code an SDK user might write: thank every new customer with the team's "Thank You"
 * eGift, once. Its test (thank-you.test.ts) runs it against the sandbox, no mocks.
 */
import { type SendosoClient, where } from 'sendoso-element';

export type Customer = { name: string; email: string };

/**
 * Mail providers treat `Ada@Example.com` and `ada@example.com` as one mailbox, and every send is a
 * paid gift: addresses are compared trimmed and lower-cased, never as typed.
 */
const mailbox = (email: string): string => email.trim().toLowerCase();

/** Sends the touch named `touchName` to each customer who has not received a gift yet; returns who got one. */
export async function thankNewCustomers(
  client: SendosoClient,
  customers: Customer[],
  touchName: string,
): Promise<string[]> {
  const touch = (await client.touches.list(where('name').eq(touchName))).items[0];
  if (!touch) throw new Error(`No touch named ${touchName}`);

  // Sendoso cannot filter sends server-side, so the listing is walked whole either way; one set of
  // normalised addresses then answers "already thanked?" for any spelling of an address.
  const alreadyThanked = new Set<string>();
  for await (const gift of client.gifts.list(client.gifts.where('recipient.email').isNotNull())) {
    if (gift.recipient?.email) alreadyThanked.add(mailbox(gift.recipient.email));
  }

  const thanked: string[] = [];
  for (const customer of customers) {
    const address = mailbox(customer.email);
    if (alreadyThanked.has(address)) continue;
    // Before the send: a customer listed twice in one batch (in any case) still gets one gift.
    alreadyThanked.add(address);
    await client.gifts.create({
      touch_id: touch.id,
      via: 'single_email_address',
      via_from: 'thank-you-app',
      email: customer.email,
      name: customer.name,
    });
    thanked.push(customer.email);
  }
  return thanked;
}
