import { describe, expect, it } from 'vitest';
import {
  AbortError,
  RateLimitError,
  type RetryEvent,
  SendosoClient,
  ValidationError,
} from '../../src/index.js';
import { requestsTo, sandbox } from '../helpers.js';
import { knownRecipient, marketplaceClient } from './helpers.js';

const RECOMMENDATIONS = '/api/v3/smartsend/recommendations';
const oneSecond = { requests: 100, windowMs: 1_000 };

describe('the marketplace rate limit (100 requests a minute per user)', () => {
  it('holds a 101st request within the window in the client instead of letting it get a 429', async () => {
    // The window is a second here so the test does not take a minute; the default is Sendoso's 60 s.
    const s = await sandbox({ rateLimit: false, marketplaceRateLimit: oneSecond });
    const client = await marketplaceClient(s, { rateLimit: false, marketplaceRateLimit: oneSecond });
    const email = knownRecipient(s);
    s.clearRequests();
    const answers = await Promise.all(
      Array.from({ length: 101 }, () => client.smartSend.recommendations({ recipient_email: email })),
    );
    expect(answers).toHaveLength(101);
    const arrivals = requestsTo(s, RECOMMENDATIONS);
    expect(arrivals).toHaveLength(101);
    expect(arrivals.filter((r) => r.status === 429 || r.rateLimited)).toEqual([]);
    const times = arrivals.map((r) => r.at).sort((a, b) => a - b);
    expect((times[100] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1_000);
  }, 20_000);

  it("by default lets 100 requests through at once and holds the 101st for Sendoso's minute", async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await marketplaceClient(s, { rateLimit: false });
    const email = knownRecipient(s);
    await Promise.all(
      Array.from({ length: 100 }, () => client.smartSend.recommendations({ recipient_email: email })),
    );
    expect(requestsTo(s, RECOMMENDATIONS)).toHaveLength(100);
    const controller = new AbortController();
    const held = client.smartSend
      .recommendations({ recipient_email: email }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requestsTo(s, RECOMMENDATIONS)).toHaveLength(100);
    controller.abort();
    expect(await held).toBeInstanceOf(AbortError);
    expect(s.requests.filter((r) => r.rateLimited)).toEqual([]);
  }, 20_000);

  it('refuses a malformed marketplaceRateLimit option, naming each field', () => {
    const err = (() => {
      try {
        return new SendosoClient({ marketplaceRateLimit: { requests: 1.5, windowMs: 0 } });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual([
      'marketplaceRateLimit.requests',
      'marketplaceRateLimit.windowMs',
    ]);
  });

  it('does not slow the core API: a full marketplace window leaves other calls alone', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await marketplaceClient(s, { marketplaceRateLimit: { requests: 2, windowMs: 60_000 } });
    const email = knownRecipient(s);
    await client.smartSend.recommendations({ recipient_email: email });
    await client.smartSend.recommendations({ recipient_email: email });
    const controller = new AbortController();
    const third = client.smartSend
      .recommendations({ recipient_email: email }, { signal: controller.signal })
      .catch((e: unknown) => e);
    const touch = await client.touches.get(1);
    expect(touch.id).toBe(1);
    // The third marketplace call is still waiting for its window: it never reached the sandbox.
    expect(requestsTo(s, RECOMMENDATIONS)).toHaveLength(2);
    controller.abort();
    expect(await third).toBeInstanceOf(AbortError);
  });

  const formats: [string, (resetAtMs: number) => string][] = [
    ['Unix seconds', (at) => String(Math.ceil(at / 1000))],
    ['Unix milliseconds', (at) => String(at)],
    ['an HTTP date', (at) => new Date(Math.ceil(at / 1000) * 1000).toUTCString()],
  ];
  it.each(formats)(
    'waits until X-Rate-Limit-Reset given as %s, then retries a catalogue read',
    async (_, format) => {
      const s = await sandbox();
      const client = await marketplaceClient(s);
      const header = format(Date.now() + 1_200);
      const resetAt = Number.isNaN(Number(header))
        ? Date.parse(header)
        : Number(header) > 1e12
          ? Number(header)
          : Number(header) * 1000;
      s.faults.next(1, {
        status: 429,
        headers: { 'X-Rate-Limit-Reset': header },
        match: { path: '/api/v3/marketplace/products' },
      });
      const page = await client.marketplace.products.list();
      expect(page.items.length).toBeGreaterThan(0);
      const [limited, retried] = requestsTo(s, '/api/v3/marketplace/products');
      expect(limited?.status).toBe(429);
      expect(retried?.status).toBe(200);
      // Same machine, same clock: the retry arrives no earlier than the reset (a few ms of timer slack).
      expect(retried?.at ?? 0).toBeGreaterThanOrEqual(resetAt - 5);
    },
    10_000,
  );

  it('a send answered 429 is not retried, and the next marketplace call waits for the reset', async () => {
    const s = await sandbox();
    const client = await marketplaceClient(s);
    const resetAt = Math.ceil((Date.now() + 1_200) / 1000) * 1000;
    s.faults.next(1, {
      status: 429,
      headers: { 'x-rate-limit-reset': String(resetAt / 1000) },
      match: { path: '/api/v3/marketplace/products/send' },
    });
    const err = await client.marketplace.products
      .send({
        variant_ids: ['50001-1'],
        recipient_email: 'ada@example.com',
        recipient_first_name: 'Ada',
        recipient_last_name: 'Lovelace',
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBeGreaterThan(0);
    expect(requestsTo(s, '/api/v3/marketplace/products/send')).toHaveLength(1);

    await client.marketplace.products.list();
    const [list] = requestsTo(s, '/api/v3/marketplace/products');
    expect(list?.at ?? 0).toBeGreaterThanOrEqual(resetAt - 5);
    // The core API was not paused by the marketplace's 429.
    expect(s.data.gifts.size).toBe(250);
  }, 10_000);

  it("honours the sandbox's own 429 when the client's marketplace limiter is off", async () => {
    const s = await sandbox({ marketplaceRateLimit: { requests: 3, windowMs: 1_000 } });
    const client = await marketplaceClient(s, { marketplaceRateLimit: false });
    const retries: RetryEvent[] = [];
    client.on('retry', (e) => retries.push(e));
    const email = knownRecipient(s);
    for (let i = 0; i < 4; i++) await client.smartSend.recommendations({ recipient_email: email });
    const calls = requestsTo(s, RECOMMENDATIONS);
    expect(calls.map((r) => r.status)).toEqual([200, 200, 200, 429, 200]);
    expect(calls[3]?.rateLimited).toBe(true);
    expect(retries.map((r) => r.status)).toEqual([429]);
    expect(retries[0]?.delayMs).toBeGreaterThan(0);
    // The retry came once the window let the first request go.
    expect((calls[4]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000 - 5);
  }, 10_000);
});
