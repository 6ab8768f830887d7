import { describe, expect, it } from 'vitest';
import {
  InternalServerError,
  NotFoundError,
  type ProductSend,
  TimeoutError,
  ValidationError,
} from '../../src/index.js';
import { requestsTo, sandbox } from '../helpers.js';
import { knownRecipient, marketplaceClient } from './helpers.js';

const SEND = '/api/v3/marketplace/products/send';
const SMART_SEND = '/api/v3/smartsend/recommendations/send';
const body: ProductSend = {
  variant_ids: ['50002-2'],
  recipient_email: 'ada@example.com',
  recipient_first_name: 'Ada',
  recipient_last_name: 'Lovelace',
  message: 'Thanks for the demo!',
};

describe('client.marketplace.products.send()', () => {
  it('is one POST of the body as Sendoso documents it, answered { products, send: { id } }', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    const before = s.data.gifts.size;
    const result = await client.marketplace.products.send(body);
    expect(result).toEqual({ products: [{ variant_id: '50002-2' }], send: { id: expect.any(String) } });
    const [request, ...more] = requestsTo(s, SEND);
    expect(more).toEqual([]);
    expect(request?.method).toBe('POST');
    expect(request?.body).toEqual(body);
    // The sandbox recorded it as a send, under the id it answered.
    expect(s.data.gifts.size).toBe(before + 1);
    expect(s.data.gifts.get(result.send.id)?.recipient).toMatchObject({ email: 'ada@example.com' });
  });

  it('is never retried on a 500: one request, the error, and no second gift', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s, { maxRetries: 5 });
    s.faults.next(1, { status: 500, match: { path: SEND } });
    const err = await client.marketplace.products.send(body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(requestsTo(s, SEND)).toHaveLength(1);
    // A catalogue read that fails the same way is retried: only sends are held back.
    s.faults.next(1, { status: 500, match: { path: '/api/v3/marketplace/products' } });
    await client.marketplace.products.list();
    expect(requestsTo(s, '/api/v3/marketplace/products').map((r) => r.status)).toEqual([500, 200]);
  });

  it('is never retried after a timeout either (it may have reached Sendoso)', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s, { maxRetries: 3 });
    // Margins a loaded machine cannot eat: the send surely reached the sandbox before it timed out.
    s.faults.next(1, { delayMs: 4_000, match: { path: SMART_SEND } });
    const err = await client.smartSend
      .send(
        { recipient_email: knownRecipient(s), recipient_first_name: 'A', recipient_last_name: 'B' },
        { timeoutMs: 1_000 },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(requestsTo(s, SMART_SEND)).toHaveLength(1);
  });

  it('refuses a body without the required fields, listing them, and sends nothing', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    s.clearRequests();
    const err = await client.marketplace.products
      .send({ variant_ids: [], recipient_email: 'not-an-email' } as unknown as ProductSend)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path).sort()).toEqual([
      'recipient_email',
      'recipient_first_name',
      'recipient_last_name',
      'variant_ids',
    ]);
    expect(s.requests).toEqual([]);
  });

  it("gives Sendoso's 404 for a variant it does not have", async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    const err = await client.marketplace.products
      .send({ ...body, variant_ids: ['nope'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).message).toBe('Variant not found');
  });
});

describe('client.smartSend', () => {
  it('recommends products for a known recipient within the limits, asked as Sendoso names them', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    const email = knownRecipient(s);
    const products = await client.smartSend.recommendations({
      recipient_email: email,
      price_lte_usd: 120,
      ship_to_country_code: 'US',
    });
    expect(products.length).toBeGreaterThan(0);
    for (const product of products) {
      expect(typeof product.id).toBe('string');
      expect(product.interests?.length).toBeGreaterThan(0);
      const cheapest = Math.min(
        ...(product.variants ?? []).map((v) => Number(v.estimated_total_price?.price_per_unit)),
      );
      expect(cheapest).toBeLessThanOrEqual(120);
    }
    const [request] = requestsTo(s, '/api/v3/smartsend/recommendations');
    expect(request?.queryAll).toEqual({
      recipient_email: [email],
      price_lte_usd: ['120'],
      ship_to_country_code: ['US'],
    });
  });

  it("gives Sendoso's error for an email it knows nothing about, as a NotFoundError", async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    const err = await client.smartSend
      .recommendations({ recipient_email: 'stranger@nowhere.example' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({
      status: 404,
      message: 'Recipient not found',
      body: { success: false, message: 'Recipient not found' },
    });
    expect(typeof (err as NotFoundError).requestId).toBe('string');
  });

  it('refuses a malformed query before sending anything', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    s.clearRequests();
    const err = await client.smartSend
      .recommendations({ recipient_email: 'x', ship_to_country_code: 'United States' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path).sort()).toEqual([
      'recipient_email',
      'ship_to_country_code',
    ]);
    expect(s.requests).toEqual([]);
  });

  it("sends SmartSend's pick for the recipient: one POST, answered like a product send", async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    const email = knownRecipient(s);
    const [pick] = await client.smartSend.recommendations({ recipient_email: email, price_lte_usd: 150 });
    const result = await client.smartSend.send({
      recipient_email: email,
      recipient_first_name: 'Grace',
      recipient_last_name: 'Hopper',
      price_lte_usd: 150,
    });
    expect(result.products).toEqual([{ variant_id: pick?.variants?.[0]?.id }]);
    expect(requestsTo(s, SMART_SEND)).toHaveLength(1);
    expect(s.data.gifts.get(result.send.id)).toMatchObject({ recipient: { email } });
  });
});
