import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

const LIST = '/api/v3/touches';

describe('poller.trigger()', () => {
  it('runs a pass now and resolves to its counts', async () => {
    const s = await sandbox({ seed: { touches: 5 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll('touches', { autoStart: false });
    expect(await poller.trigger()).toEqual({ created: 0, updated: 0, deleted: 0 }); // the baseline
    s.data.touches.insert({ name: 'New' });
    expect(await poller.trigger()).toEqual({ created: 1, updated: 0, deleted: 0 });
    await poller.stop();
  });

  it('coalesces with the pass in flight: one more pass at most, shared by every caller', async () => {
    const s = await sandbox({ seed: { touches: 5 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll('touches', { autoStart: false });
    await poller.pollOnce();
    s.clearRequests();
    s.faults.next(1, { delayMs: 150, match: { method: 'GET', path: LIST } });
    const inFlight = poller.pollOnce();
    await vi.waitFor(() => expect(requestsTo(s, LIST)).toHaveLength(1));
    const triggers = [poller.trigger(), poller.trigger(), poller.trigger()];
    expect(triggers[1]).toBe(triggers[0]);
    expect(triggers[2]).toBe(triggers[0]);
    expect(triggers[0]).not.toBe(inFlight);
    await Promise.all([inFlight, ...triggers]);
    expect(requestsTo(s, LIST)).toHaveLength(2);
    expect(poller.status.passes).toBe(3);
    await poller.stop();
  });

  it('wakes a sleeping loop, which takes the pass as its own and waits a full interval after it', async () => {
    const intervalMs = 1_000;
    const s = await sandbox({ seed: { touches: 5 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll('touches', { intervalMs });
    await vi.waitFor(() => expect(poller.status.passes).toBe(1));
    await sleep(intervalMs / 2);
    s.data.touches.insert({ name: 'Announced by a webhook' });
    expect(await poller.trigger()).toEqual({ created: 1, updated: 0, deleted: 0 });
    const triggeredEnd = Date.now();
    await sleep(50);
    expect(poller.status.passes).toBe(2); // no second pass beside the triggered one
    // The loop's next pass counts its interval from the triggered pass, not from the first one.
    await vi.waitFor(() => expect(poller.status.passes).toBe(3), { timeout: 5_000 });
    const next = requestsTo(s, LIST).at(-1);
    expect(next?.at).toBeGreaterThanOrEqual(triggeredEnd + intervalMs - 10);
    await poller.stop();
  });
});
