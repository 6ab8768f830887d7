import { SendosoClient } from 'sendoso-element';
import { createSandbox, type Sandbox } from 'sendoso-element/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { thankNewCustomers } from './thank-you.js';

describe('thankNewCustomers', () => {
  let sandbox: Sandbox;
  let client: SendosoClient;

  beforeEach(async () => {
    sandbox = await createSandbox({ seed: { touches: 5, gifts: 0 } });
    sandbox.data.touches.insert({ name: 'Thank You', delivery_type: 'email', status: 'Active' });
    client = new SendosoClient({
      ...sandbox.clientOptions(),
    });
    await client.auth.exchangeCode(await sandbox.authorize());
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('sends one eGift per new customer and none twice', async () => {
    const customers = [
      { name: 'Ada', email: 'ada@example.com' },
      { name: 'Grace', email: 'grace@example.com' },
    ];
    expect(await thankNewCustomers(client, customers, 'Thank You')).toEqual([
      'ada@example.com',
      'grace@example.com',
    ]);
    expect(
      await thankNewCustomers(
        client,
        [...customers, { name: 'Alan', email: 'alan@example.com' }],
        'Thank You',
      ),
    ).toEqual(['alan@example.com']);
    const sends = sandbox.data.gifts.all();
    expect(sends.map((s) => (s.recipient as { email: string }).email)).toEqual([
      'ada@example.com',
      'grace@example.com',
      'alan@example.com',
    ]);
  });

  it('never sends twice to an address that differs only in case, stored or in the batch', async () => {
    const posts = () => sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/send');
    expect(await thankNewCustomers(client, [{ name: 'Ada', email: 'ada@example.com' }], 'Thank You')).toEqual(
      ['ada@example.com'],
    );
    expect(
      await thankNewCustomers(client, [{ name: 'Ada', email: ' Ada@Example.com' }], 'Thank You'),
    ).toEqual([]);
    // A send made elsewhere, stored with capitals, counts too; so does a repeat within one batch.
    const touch = sandbox.data.touches.all().find((t) => t.name === 'Thank You');
    sandbox.data.gifts.insert({ touch: { id: touch?.id }, recipient: { email: 'Grace@Example.COM' } });
    const batch = [
      { name: 'Grace', email: 'grace@example.com' },
      { name: 'Alan', email: 'Alan@example.com' },
      { name: 'Alan', email: 'alan@EXAMPLE.com' },
    ];
    expect(await thankNewCustomers(client, batch, 'Thank You')).toEqual(['Alan@example.com']);
    expect(posts().map((r) => (r.body as { send: { email: string } }).send.email)).toEqual([
      'ada@example.com',
      'Alan@example.com',
    ]);
  });

  it('surfaces Sendoso failures instead of half-sending', async () => {
    sandbox.faults.next(1, { status: 500, match: { method: 'POST', path: '/api/v3/send' } });
    await expect(
      thankNewCustomers(client, [{ name: 'Ada', email: 'ada@example.com' }], 'Thank You'),
    ).rejects.toThrow();
    // The failed POST was not retried: Sendoso would have sent two gifts.
    expect(sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/send')).toHaveLength(1);
  });
});
