import { describe, expect, it } from 'vitest';
import { AbortError, InternalServerError, ValidationError } from '../../src/errors.js';
import { type ChangeEvent, MemoryStateStore, Poller, PollerStalledError } from '../../src/poll/index.js';
import { FakeSource, type FakeTouch } from './fake-source.js';
import { pollerFactory, ticks, waitFor } from './helpers.js';

const make = pollerFactory();

describe('Poller', () => {
  it('starts a fresh baseline when the where changes, and passes the where to the listing', async () => {
    const source = new FakeSource();
    source.seed(3);
    const store = new MemoryStateStore();
    await make(source, { store, where: "status = 'Active'" }).pollOnce();
    source.insert();
    const other = make(source, { store, where: "status = 'Paused'", initial: 'emit' });
    expect(await other.pollOnce()).toEqual({ created: 4, updated: 0, deleted: 0 });
    expect(source.lastOptions?.where).toBe("status = 'Paused'");
    const same = make(source, { store, where: "status = 'Active'" });
    expect(await same.pollOnce()).toEqual({ created: 1, updated: 0, deleted: 0 });
  });

  it('never overlaps passes; a pollOnce during a pass waits for it, then shares one fresh pass', async () => {
    const source = new FakeSource({ pageSize: 1 });
    source.seed(5);
    const poller = make(source, { autoStart: true, intervalMs: 1 });
    const release = source.pause();
    await waitFor(() => source.listings === 1);
    const calls = [poller.pollOnce(), poller.pollOnce(), poller.pollOnce()];
    release();
    await Promise.all(calls);
    expect(calls[1]).toBe(calls[0]);
    await waitFor(() => source.listings >= 6);
    expect(source.maxInFlight).toBe(1);
  });

  it('stop() waits for the pass in flight, which completes and saves', async () => {
    const source = new FakeSource();
    source.seed(2);
    const poller = make(source, { autoStart: true, initial: 'emit' });
    const seen: string[] = [];
    poller.on('created', (e) => {
      seen.push(e.objectId);
    });
    const release = source.pause();
    await waitFor(() => source.listings === 1);
    let stopped = false;
    const stopping = poller.stop().then(() => {
      stopped = true;
    });
    await ticks();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(seen).toEqual(['1', '2']);
    expect(poller.status).toMatchObject({ running: false, passes: 1, consecutiveFailures: 0 });
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
  });

  it('aborts the listing in flight when the signal aborts, and refuses to poll afterwards', async () => {
    const source = new FakeSource();
    source.seed(2);
    const controller = new AbortController();
    const poller = make(source, { signal: controller.signal });
    const release = source.pause();
    const pass = poller.pollOnce();
    await waitFor(() => source.listings === 1);
    expect(source.lastOptions?.signal?.aborted).toBe(false);
    controller.abort();
    await expect(pass).rejects.toBeInstanceOf(AbortError);
    release();
    await expect(poller.pollOnce()).rejects.toBeInstanceOf(AbortError);
    await expect(poller.start()).rejects.toBeInstanceOf(AbortError);
  });

  it('reports a failed listing on error, never as an event, and retries with backoff', async () => {
    const source = new FakeSource();
    source.seed(2);
    source.failAlways(new InternalServerError({ status: 500 }));
    const poller = make(source, { autoStart: true, intervalMs: 20, initial: 'emit' });
    const events: ChangeEvent<FakeTouch>[] = [];
    const errors: unknown[] = [];
    poller.on('change', (e) => {
      events.push(e);
    });
    poller.on('error', (err) => errors.push(err));
    await waitFor(() => errors.length >= 3);
    expect(events).toEqual([]);
    expect(errors[0]).toBeInstanceOf(InternalServerError);
    expect(poller.status.consecutiveFailures).toBeGreaterThanOrEqual(3);
    source.failAlways(undefined);
    await waitFor(() => events.length === 2);
    expect(poller.status.consecutiveFailures).toBe(0);
  });

  it("signals 'stalled' once after stallAfterIntervals without a successful pass, and clears on success", async () => {
    const source = new FakeSource();
    source.failAlways(new InternalServerError({ status: 503 }));
    const poller = make(source, { autoStart: true, intervalMs: 20, stallAfterIntervals: 3 });
    poller.on('error', () => {});
    const stalls: PollerStalledError[] = [];
    poller.on('stalled', (info) => stalls.push(info));
    await waitFor(() => stalls.length === 1);
    expect(stalls[0]).toBeInstanceOf(PollerStalledError);
    expect(stalls[0]!.cause).toBeInstanceOf(InternalServerError);
    expect(poller.status.stalled).toBe(true);
    await ticks(150);
    expect(stalls).toHaveLength(1);
    source.failAlways(undefined);
    await waitFor(() => !poller.status.stalled);
    expect(poller.status.lastSuccessAt).toBeDefined();
  });

  it('redelivers the same events when saving the state fails after delivery', async () => {
    const source = new FakeSource();
    source.seed(2);
    const store = new MemoryStateStore();
    let failSave = false;
    const flaky = {
      load: (key: string) => store.load(key),
      save: async (key: string, state: Parameters<MemoryStateStore['save']>[1]) => {
        if (failSave) throw new Error('disk full');
        await store.save(key, state);
      },
    };
    const poller = make(source, { store: flaky });
    const ids: string[] = [];
    poller.on('change', (e) => {
      ids.push(e.id);
    });
    await poller.pollOnce();
    source.update('1', { name: 'renamed' });
    failSave = true;
    await expect(poller.pollOnce()).rejects.toThrow('disk full');
    failSave = false;
    await poller.pollOnce();
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  it('still delivers (to nobody) and saves state when no one listens', async () => {
    const source = new FakeSource();
    source.seed(3);
    const poller = make(source, { initial: 'emit' });
    expect(await poller.pollOnce()).toEqual({ created: 3, updated: 0, deleted: 0 });
    const late: string[] = [];
    poller.on('change', (e) => {
      late.push(e.id);
    });
    await poller.pollOnce();
    expect(late).toEqual([]);
  });

  it('calls every handler of every listener even when one throws, type listeners before change', async () => {
    const source = new FakeSource();
    source.seed(1);
    const poller = make(source, { initial: 'emit' });
    const calls: string[] = [];
    poller.on('created', () => {
      calls.push('created 1');
      throw new Error('first fails');
    });
    poller.on('created', async () => {
      calls.push('created 2');
    });
    poller.once('change', () => {
      calls.push('change once');
    });
    poller.on('error', () => calls.push('error'));
    // The pass still resolves: the throwing handler's event comes again next pass, its error went to 'error'.
    expect(await poller.pollOnce()).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(calls).toEqual(['created 1', 'error', 'created 2', 'change once']);
  });

  it('keeps at most `concurrency` handlers in flight, in listing order at 1', async () => {
    for (const concurrency of [1, 3]) {
      const source = new FakeSource();
      source.seed(9);
      const poller = make(source, { initial: 'emit', concurrency });
      let inFlight = 0;
      let most = 0;
      const order: string[] = [];
      poller.on('created', async (e) => {
        order.push(e.objectId);
        most = Math.max(most, ++inFlight);
        await ticks(3);
        inFlight--;
      });
      await poller.pollOnce();
      expect(most).toBe(concurrency);
      if (concurrency === 1) expect(order).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    }
  });

  it('rejects invalid options with every problem listed', () => {
    const source = new FakeSource();
    expect(() => new Poller(source, { intervalMs: 0, concurrency: 1.5, maxDeleteFraction: 2 })).toThrow(
      ValidationError,
    );
  });
});
