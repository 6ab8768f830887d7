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

  it('surfaces Sendoso failures instead of half-sending', async () => {
    sandbox.faults.next(1, { status: 500, match: { method: 'POST', path: '/api/v3/send' } });
    await expect(
      thankNewCustomers(client, [{ name: 'Ada', email: 'ada@example.com' }], 'Thank You'),
    ).rejects.toThrow();
    // The failed POST was not retried: Sendoso would have sent two gifts.
    expect(sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/send')).toHaveLength(1);
  });
});
