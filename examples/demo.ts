/**
 * `npm run demo`: the SDK's main job, end to end, on the embedded sandbox. No credentials needed.
 * OAuth code flow → filtered listing → pagination → a gift send → a poller printing change events.
 */
import { type ChangeEvent, SendosoClient, type Touch, where } from 'sendoso-element';
import { createSandbox } from 'sendoso-element/testing';

const step = (text: string) => console.log(`\n▸ ${text}`);

const sandbox = await createSandbox({ seed: { touches: 120, gifts: 180 } });
console.log(`Sandbox listening at ${sandbox.baseUrl}`);

const client = new SendosoClient({
  ...sandbox.clientOptions(),
});

try {
  step('OAuth 2.0 authorization-code flow');
  const authorizationUrl = client.auth.authorizationUrl({ state: 'demo-state' });
  console.log(`  1. send the user to ${authorizationUrl.replace(/client_id=[^&]+/, 'client_id=…')}`);
  // The sandbox consents at once and redirects back with a code, as Sendoso does after a login.
  const consent = await fetch(authorizationUrl, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location') ?? '');
  console.log(
    `  2. Sendoso redirects to ${callback.origin}${callback.pathname}?code=…&state=${callback.searchParams.get('state')}`,
  );
  const token = await client.auth.exchangeCode(callback.searchParams.get('code') ?? '');
  console.log(`  3. code exchanged: bearer token valid until ${new Date(token.expiresAt).toISOString()}`);
  const me = await client.me();
  console.log(`  signed in as ${me.first_name} ${me.last_name} <${me.email}>, balance ${me.balance}`);

  step("Touches where delivery_type = 'email' AND name LIKE 'Touch 1%'");
  const emailTouches = where('delivery_type').eq('email').and(where('name').like('Touch 1%'));
  const page = await client.touches.list({ where: emailTouches, pageSize: 5 });
  for (const touch of page.items)
    console.log(`  #${touch.id} ${touch.name} (${touch.delivery_type}, ${touch.currency})`);
  console.log(`  … first page of ${page.items.length}; more pages: ${page.hasNextPage()}`);

  step('Every gift, page after page, with for await');
  let count = 0;
  let spent = 0;
  for await (const gift of client.gifts.list()) {
    count++;
    spent += Number(gift.current_total_cost ?? 0);
  }
  console.log(`  ${count} gifts, ${spent.toFixed(2)} spent in total`);

  step('Send an eGift (POST /send, never retried automatically)');
  const sent = await client.gifts.create({
    touch_id: page.items[0]?.id ?? 1,
    via: 'single_email_address',
    via_from: 'sendoso-element demo',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
  });
  console.log(`  ${sent.message}: tracking code ${sent.tracking_code}`);

  step('Poll touches for changes (every 250 ms)');
  const poller = client.poll('touches', { intervalMs: 250 });
  const seen = new Set<string>();
  const done = new Promise<void>((resolve) => {
    const print = (event: ChangeEvent<Touch>) => {
      const fields = event.changedFields ? ` [${event.changedFields.join(', ')}]` : '';
      const name = event.object?.name ? ` "${event.object.name}"` : '';
      console.log(`  ${event.type.padEnd(7)} touch #${event.objectId}${name}${fields}`);
      seen.add(event.type);
      if (seen.size === 3) resolve();
    };
    poller.on('change', print);
  });
  poller.on('error', (err) => console.error(`  poll error: ${String(err)}`));
  await poller.pollOnce(); // the silent baseline
  const added = sandbox.data.touches.insert({
    ...sandbox.data.touches.get(1),
    id: undefined,
    name: 'Holiday Cookies',
  });
  sandbox.data.touches.update(2, { name: 'Q1 Coffee (renamed)', status: 'Paused' });
  sandbox.data.touches.remove(3);
  console.log(`  (sandbox: inserted #${added.id}, updated #2, removed #3)`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no change events within 10 s')), 10_000);
  });
  await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
  await poller.stop();
  step('Done');
} finally {
  await sandbox.close();
}
