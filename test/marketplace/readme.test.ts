/**
 * The README's Marketplace and SmartSend examples, run against the sandbox. test/readme.test.ts
 * checks that the README blocks are the regions below.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotFoundError, PermissionDeniedError, SendosoClient } from '../../src/index.js';
import { requestsTo, sandbox } from '../helpers.js';
import { knownRecipient, marketplaceClient } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function captureLog(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
    lines.push(values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' '));
  });
  return lines;
}

describe('README: Marketplace and SmartSend', () => {
  it('browses the catalogue and sends a product', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    const lines = captureLog();

    // #region readme marketplace-browse
    // The marketplace needs its own scopes: ask for them when the user signs in.
    const url = client.auth.authorizationUrl({ scopes: ['public', 'marketplace', 'smartsend'] });

    const page = await client.marketplace.products.list({
      text_search: 'coffee',
      price_lte_usd: 50,
      ship_to_country_codes: ['US'],
    });
    for (const { group_name, children } of page.categories) {
      console.log(group_name, children?.map((c) => c.name).join(', '));
    }

    // for await: every product of every page, each page read once (cursor paging).
    for await (const product of client.marketplace.products.list({ category_ids: ['11', '12'] })) {
      const [variant] = product.variants ?? [];
      console.log(product.name, variant?.estimated_total_price?.price_per_unit); // "25.00", as Sendoso sends it
    }
    // #endregion
    expect(new URL(url).searchParams.get('scope')).toBe('public marketplace smartsend');
    expect(page.items.every((p) => `${p.name} ${p.description}`.toLowerCase().includes('coffee'))).toBe(true);
    expect(lines[0]).toMatch(/^Food & Drink /);
    expect(lines.length).toBeGreaterThan(4 + 50);

    const variantId = page.items[0]?.variants?.[0]?.id ?? '';
    // #region readme marketplace-send
    // One POST, never retried: Sendoso does not deduplicate sends.
    const { send } = await client.marketplace.products.send({
      variant_ids: [variantId],
      recipient_email: 'ada@example.com',
      recipient_first_name: 'Ada',
      recipient_last_name: 'Lovelace',
      message: 'Thanks for your time today!',
    });
    console.log(`send ${send.id} is on its way`);
    // #endregion
    expect(requestsTo(s, '/api/v3/marketplace/products/send')).toHaveLength(1);
    expect(s.data.gifts.get(send.id)).toBeDefined();
  });

  it('asks SmartSend for recommendations and sends its pick', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    const lines = captureLog();
    const email = knownRecipient(s);

    // #region readme smartsend
    try {
      const picks = await client.smartSend.recommendations({ recipient_email: email, price_lte_usd: 75 });
      console.log(picks.map((p) => p.name));
      await client.smartSend.send({
        recipient_email: email,
        recipient_first_name: 'Grace',
        recipient_last_name: 'Hopper',
        price_lte_usd: 75,
      });
    } catch (err) {
      // Sendoso's own errors, typed; a missing scope's message names the scope to ask for.
      if (err instanceof NotFoundError) console.log('SmartSend knows nothing about', email);
      else if (err instanceof PermissionDeniedError) console.log(err.message);
      else throw err;
    }
    // #endregion
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[".+"\]$/);
    expect(requestsTo(s, '/api/v3/smartsend/recommendations/send')).toHaveLength(1);
  });

  it('limits, and polls the catalogue', async () => {
    const s = await sandbox({ seed: { products: 60 } });
    const { clientId, clientSecret, redirectUri, baseUrl, authBaseUrl } = s.clientOptions();
    const options = { clientId, clientSecret, redirectUri, baseUrl, authBaseUrl, logLevel: 'off' as const };
    const lines = captureLog();

    // #region readme marketplace-poll
    // 100 requests a minute per user, counted apart from the 10 a second (these are the defaults).
    const client = new SendosoClient({
      ...options,
      rateLimit: { requestsPerSecond: 10 },
      marketplaceRateLimit: { requests: 100, windowMs: 60_000 },
    });

    // The catalogue can be watched like any resource: a pass walks every cursor page once.
    const poller = client.poll(client.marketplace.products, { intervalMs: 3_600_000, autoStart: false });
    poller.on('created', (event) => console.log('new in the catalogue:', event.object?.name));
    // #endregion
    await client.auth.exchangeCode(await s.authorize({ scopes: ['marketplace'] }));
    await poller.pollOnce();
    s.data.products.insert({ name: 'Holiday Hamper', variants: [] });
    await poller.pollOnce();
    expect(lines).toEqual(['new in the catalogue: Holiday Hamper']);
    await poller.stop();
  });
});
