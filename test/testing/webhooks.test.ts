import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'svix';
import { describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../../src/testing/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { listen } from '../webhooks/helpers.js';

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
  at: number;
}

/** An endpoint that records each request and answers the next status of `statuses` (the last one repeats). */
async function endpoint(statuses: number[] = [204]) {
  const received: Received[] = [];
  const { url } = await listen(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers, at: Date.now() });
    const status = statuses[Math.min(received.length, statuses.length) - 1] ?? 204;
    res.writeHead(status).end();
  });
  return { url, received };
}

/** The ids of the seeded sends (they start at 900001). */
const sendIds = (s: Sandbox) => s.data.gifts.all().map((g) => g.id as number);

const svixHeadersOf = (r: Received) => ({
  'svix-id': String(r.headers['svix-id']),
  'svix-timestamp': String(r.headers['svix-timestamp']),
  'svix-signature': String(r.headers['svix-signature']),
});

describe('sandbox webhooks', () => {
  it("signs a send's status change as Svix does: svix's own Webhook.verify accepts it", async () => {
    const s = await sandbox({ seed: { gifts: 3 } });
    const target = await endpoint();
    const { secret } = s.webhooks.add({ url: target.url });
    const gift = s.data.gifts.all()[0] ?? {};
    const updated = s.data.gifts.update(gift.id as number, { status: 'Refunded' });
    await vi.waitFor(() => expect(target.received).toHaveLength(1));
    const [delivery] = target.received;
    if (!delivery) throw new Error('no delivery');
    expect(new Webhook(secret).verify(delivery.body, svixHeadersOf(delivery))).toEqual({
      send_gid: gift.send_gid,
      status_changed_at: updated?.updated_at,
    });
    expect(delivery.headers['svix-id']).toMatch(/^msg_[0-9A-Za-z]{27}$/);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    // Another secret does not verify it.
    const other = s.webhooks.add({ url: target.url });
    expect(() => new Webhook(other.secret).verify(delivery.body, svixHeadersOf(delivery))).toThrow();
  });

  it('delivers each change to every endpoint under one message id, and logs every attempt', async () => {
    const s = await sandbox({ seed: { gifts: 2 } });
    const a = await endpoint();
    const b = await endpoint();
    const first = s.webhooks.add({ url: a.url, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
    const second = s.webhooks.add({ url: b.url });
    expect(first.secret).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    s.data.gifts.update(sendIds(s)[0] ?? 0, { status: 'Shipped' });
    await vi.waitFor(() => expect(s.webhooks.deliveries).toHaveLength(2));
    const deliveries = s.webhooks.deliveries;
    expect(new Set(deliveries.map((d) => d.endpointId))).toEqual(new Set([first.id, second.id]));
    expect(deliveries.map((d) => d.messageId)).toEqual([deliveries[0]?.messageId, deliveries[0]?.messageId]);
    for (const d of deliveries) {
      expect(d).toMatchObject({ attempt: 1, status: 204, ok: true });
      expect(d.durationMs).toBeGreaterThanOrEqual(0);
      expect(d.sentAt).toBeGreaterThan(0);
    }
    expect(a.received[0]?.body).toBe(b.received[0]?.body);
  });

  it('sends nothing for a change that leaves the status alone', async () => {
    const s = await sandbox({ seed: { gifts: 2 } });
    const target = await endpoint();
    s.webhooks.add({ url: target.url });
    const status = s.data.gifts.get(sendIds(s)[0] ?? 0)?.status;
    s.data.gifts.update(sendIds(s)[0] ?? 0, { current_total_cost: '9.0' });
    s.data.gifts.update(sendIds(s)[0] ?? 0, { status });
    s.data.touches.update(s.data.touches.all()[0]?.id as number, { status: 'Inactive' });
    await sleep(100);
    expect(target.received).toHaveLength(0);
  });

  it('delivers a status change made through the API (PATCH /send/{id})', async () => {
    const s = await sandbox({ seed: { gifts: 2 }, rateLimit: false });
    const target = await endpoint();
    s.webhooks.add({ url: target.url });
    const client = await authorizedClient(s);
    const id = sendIds(s)[1] ?? 0;
    await client.gifts.update(id, { status: 'Canceled' });
    await vi.waitFor(() => expect(target.received).toHaveLength(1));
    expect(JSON.parse(target.received[0]?.body ?? '{}').send_gid).toBe(s.data.gifts.get(id)?.send_gid);
  });

  it('retries a failing endpoint after each delay of webhookRetryDelaysMs, re-signed, then gives up', async () => {
    const s = await sandbox({ seed: { gifts: 1 }, webhookRetryDelaysMs: [0, 40, 80] });
    const target = await endpoint([503]);
    const { secret } = s.webhooks.add({ url: target.url });
    s.data.gifts.update(sendIds(s)[0] ?? 0, { status: 'Failed' });
    await vi.waitFor(() => expect(s.webhooks.deliveries).toHaveLength(3));
    await sleep(200);
    const deliveries = s.webhooks.deliveries;
    expect(deliveries.map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 503, false],
      [2, 503, false],
      [3, 503, false],
    ]);
    expect(new Set(deliveries.map((d) => d.messageId)).size).toBe(1);
    const [one, two, three] = target.received.map((r) => r.at);
    expect((two ?? 0) - (one ?? 0)).toBeGreaterThanOrEqual(39);
    expect((three ?? 0) - (two ?? 0)).toBeGreaterThanOrEqual(79);
    // Every attempt carries a signature that verifies on its own.
    for (const r of target.received)
      expect(new Webhook(secret).verify(r.body, svixHeadersOf(r))).toBeDefined();
  });

  it('stops retrying once an attempt gets a 2xx', async () => {
    const s = await sandbox({ seed: { gifts: 1 }, webhookRetryDelaysMs: [0, 10, 10, 10] });
    const target = await endpoint([500, 200]);
    s.webhooks.add({ url: target.url });
    s.data.gifts.update(sendIds(s)[0] ?? 0, { status: 'Refunded' });
    await vi.waitFor(() => expect(s.webhooks.deliveries).toHaveLength(2));
    await sleep(100);
    expect(s.webhooks.deliveries.map((d) => d.status)).toEqual([500, 200]);
  });

  it('counts an attempt not answered within webhookTimeoutMs as failed (status 0, timeout)', async () => {
    const s = await sandbox({ seed: { gifts: 1 }, webhookRetryDelaysMs: [0], webhookTimeoutMs: 100 });
    const { url } = await listen(() => {}); // never answers
    s.webhooks.add({ url });
    s.data.gifts.update(sendIds(s)[0] ?? 0, { status: 'Expired' });
    await vi.waitFor(() => expect(s.webhooks.deliveries).toHaveLength(1));
    expect(s.webhooks.deliveries[0]).toMatchObject({ status: 0, ok: false, error: 'timeout' });
    expect(s.webhooks.deliveries[0]?.durationMs).toBeGreaterThanOrEqual(99);
  });

  it('remove() cancels an endpoint’s pending retries; close() cancels every one', async () => {
    const s = await sandbox({ seed: { gifts: 2 }, webhookRetryDelaysMs: [0, 150] });
    const a = await endpoint([500]);
    const b = await endpoint([500]);
    const first = s.webhooks.add({ url: a.url });
    s.webhooks.add({ url: b.url });
    s.data.gifts.update(sendIds(s)[0] ?? 0, { status: 'Bounced' });
    await vi.waitFor(() => expect(s.webhooks.deliveries).toHaveLength(2));
    expect(s.webhooks.remove(first.id)).toBe(true);
    expect(s.webhooks.remove(first.id)).toBe(false);
    await vi.waitFor(() => expect(b.received).toHaveLength(2));
    s.data.gifts.update(sendIds(s)[1] ?? 0, { status: 'Bounced' });
    await vi.waitFor(() => expect(b.received).toHaveLength(3));
    await s.close();
    await sleep(300);
    expect(a.received).toHaveLength(1);
    expect(b.received).toHaveLength(3);
  });

  it('close() leaves no retry timer behind, even hours away', async () => {
    // Watch the timers set for the hour-long retry; counting every active timer in the process
    // would also count (and miss) unrelated ones that come and go meanwhile.
    const hourLong = new Set<unknown>();
    const cleared = new Set<unknown>();
    const realSet = globalThis.setTimeout as (
      fn: () => void,
      ms?: number,
      ...args: unknown[]
    ) => NodeJS.Timeout;
    const realClear = globalThis.clearTimeout;
    const setSpy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      fn: () => void,
      ms?: number,
      ...args: unknown[]
    ) => {
      const timer = realSet(fn, ms, ...args);
      if ((ms ?? 0) >= 3_600_000) hourLong.add(timer);
      return timer;
    }) as typeof setTimeout);
    const clearSpy = vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((timer?: NodeJS.Timeout) => {
      cleared.add(timer);
      realClear(timer);
    }) as typeof clearTimeout);
    try {
      const s = await sandbox({ seed: { gifts: 1 }, webhookRetryDelaysMs: [0, 3_600_000] });
      const target = await endpoint([500]);
      s.webhooks.add({ url: target.url });
      s.data.gifts.update(sendIds(s)[0] ?? 0, { status: 'Refunded' });
      await vi.waitFor(() => expect(s.webhooks.deliveries).toHaveLength(1));
      await vi.waitFor(() => expect(hourLong.size).toBe(1)); // the retry, an hour from now
      await s.close();
      for (const timer of hourLong) expect(cleared.has(timer)).toBe(true);
    } finally {
      setSpy.mockRestore();
      clearSpy.mockRestore();
    }
  });

  it('advance() moves a send through Sent and Delivered on its own, one webhook per step', async () => {
    const s = await sandbox({ seed: { gifts: 0, touches: 1 }, rateLimit: false });
    const target = await endpoint();
    s.webhooks.add({ url: target.url });
    const send = s.data.gifts.insert({ status: 'Pending', send_gid: 'Z2lkOi8vc2VuZG9zby9TZW5kLzE=' });
    const done = await s.webhooks.advance(send.id as number, { everyMs: 20 });
    expect(done.status).toBe('Delivered');
    expect((done.status_updates as Array<{ status: string }>).map((u) => u.status)).toEqual([
      'Sent',
      'Delivered',
    ]);
    await vi.waitFor(() => expect(target.received).toHaveLength(2));
    const bodies = target.received.map(
      (r) => JSON.parse(r.body) as { send_gid: string; status_changed_at: string },
    );
    expect(bodies.map((b) => b.send_gid)).toEqual([
      'Z2lkOi8vc2VuZG9zby9TZW5kLzE=',
      'Z2lkOi8vc2VuZG9zby9TZW5kLzE=',
    ]);
    expect(bodies[1]?.status_changed_at).toBe(done.updated_at);
    await expect(s.webhooks.advance(999)).rejects.toThrow(/no send with id 999/);
  });

  it('delivers only to loopback http URLs and checks its options', async () => {
    const s = await sandbox({ seed: { gifts: 0 } });
    for (const url of [
      'https://example.com/hooks',
      'http://10.0.0.1/hooks',
      'ftp://127.0.0.1/',
      'not a url',
    ]) {
      expect(() => s.webhooks.add({ url })).toThrow(TypeError);
    }
    expect(() => s.webhooks.add({ url: 'http://localhost:1/x', secret: 'plain' })).toThrow(/whsec_/);
    expect(s.webhooks.add({ url: 'http://[::1]:1/x' }).id).toMatch(/^ep_/);
    await expect(sandbox({ webhookRetryDelaysMs: [] })).rejects.toThrow(RangeError);
    await expect(sandbox({ webhookRetryDelaysMs: [0, -1] })).rejects.toThrow(RangeError);
    await expect(sandbox({ webhookTimeoutMs: 0 })).rejects.toThrow(RangeError);
    // Past 2^31 - 1 ms Node would fire the timer at once: 30 days would mean no wait at all.
    const month = 30 * 86_400_000;
    await expect(sandbox({ webhookRetryDelaysMs: [0, month] })).rejects.toThrow(RangeError);
    await expect(sandbox({ webhookTimeoutMs: month })).rejects.toThrow(RangeError);
    await expect(s.webhooks.advance(1, { everyMs: month })).rejects.toThrow(RangeError);
  });
});
