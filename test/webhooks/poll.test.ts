import { performance } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { type ChangeEvent, createWebhookHandler, type Gift, type WebhookEvent } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { listen, newSecret } from './helpers.js';

describe('webhooks drive polls', () => {
  it('a status change reaches a 60 s poller as `updated` with status in changedFields in under a second', async () => {
    const s = await sandbox({ seed: { gifts: 5 } });
    const client = await authorizedClient(s);
    const poller = client.poll('gifts', { intervalMs: 60_000 });
    const updates: ChangeEvent<Gift>[] = [];
    const waiting = new Promise<ChangeEvent<Gift>>((resolve) =>
      poller.on('updated', (event) => {
        updates.push(event);
        resolve(event);
      }),
    );
    await vi.waitFor(() => expect(poller.status.passes).toBe(1)); // the silent baseline
    const secret = newSecret();
    const webhooks: WebhookEvent[] = [];
    const { url } = await listen(
      createWebhookHandler({ secret, poller, onEvent: (e) => void webhooks.push(e) }),
    );
    s.webhooks.add({ url, secret });
    const gift = s.data.gifts.all()[1] ?? {};

    const started = performance.now();
    s.data.gifts.update(gift.id as number, { status: 'Refunded' });
    const event = await waiting;
    const elapsedMs = performance.now() - started;

    expect(elapsedMs).toBeLessThan(1_000);
    expect(event.objectId).toBe(String(gift.id));
    expect(event.changedFields).toContain('status');
    expect(event.object?.status).toBe('Refunded');
    expect(webhooks.map((w) => w.sendGid)).toEqual([gift.send_gid]);
    await vi.waitFor(() => expect(poller.status.passes).toBe(2)); // the triggered pass, no other
    await vi.waitFor(() => expect(s.webhooks.deliveries.map((d) => d.status)).toEqual([204]));
    await poller.stop();
  });

  it('the interval pass still catches a change no webhook announced', async () => {
    const s = await sandbox({ seed: { gifts: 5 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll('gifts', { intervalMs: 300 });
    const updated: string[] = [];
    poller.on('updated', (event) => void updated.push(event.objectId));
    await vi.waitFor(() => expect(poller.status.passes).toBe(1));
    const gift = s.data.gifts.all()[2] ?? {};
    s.data.gifts.update(gift.id as number, { status: 'Refunded' }); // no endpoint: nobody is told
    await vi.waitFor(() => expect(updated).toEqual([String(gift.id)]), { timeout: 5_000 });
    await poller.stop();
  });
});
