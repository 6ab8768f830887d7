/**
 * Application code an SDK user might write: thank every new customer with the team's "Thank You"
 * eGift, once. Its test (thank-you.test.ts) runs it against the sandbox, no mocks.
 */
import { type SendosoClient, where } from 'sendoso-element';

export type Customer = { name: string; email: string };

/** Sends the touch named `touchName` to each customer who has not received a gift yet; returns who got one. */
export async function thankNewCustomers(
  client: SendosoClient,
  customers: Customer[],
  touchName: string,
): Promise<string[]> {
  const touch = (await client.touches.list(where('name').eq(touchName))).items[0];
  if (!touch) throw new Error(`No touch named ${touchName}`);

  // Sendoso cannot filter sends server-side: the SDK filters the listing locally.
  const alreadyThanked = new Set<string>();
  const emails = customers.map((c) => c.email);
  for await (const gift of client.gifts.list(where('recipient.email').in(emails))) {
    if (gift.recipient?.email) alreadyThanked.add(gift.recipient.email.toLowerCase());
  }

  const thanked: string[] = [];
  for (const customer of customers) {
    if (alreadyThanked.has(customer.email.toLowerCase())) continue;
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
