import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, InternalServerError, ValidationError } from '../../src/errors.js';
import {
  type ChangeEvent,
  MemoryStateStore,
  Poller,
  type PollerOptions,
  PollerStalledError,
} from '../../src/poll/index.js';
import { FakeSource, type FakeTouch } from './fake-source.js';

const pollers: Poller<FakeTouch>[] = [];
afterEach(async () => {
  for (const poller of pollers.splice(0)) await poller.stop();
});

function make(source: FakeSource, options: PollerOptions = {}): Poller<FakeTouch> {
  const poller = new Poller(source, { autoStart: false, ...options });
  pollers.push(poller);
  return poller;
}

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const ticks = (n = 20) => new Promise((resolve) => setTimeout(resolve, n));

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
    await expect(poller.pollOnce()).rejects.toThrow('first fails');
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

describe('Poller as an async iterator', () => {
  it('applies back-pressure: delivery waits for the consumer beyond the buffer', async () => {
    const source = new FakeSource();
    source.seed(10);
    const poller = make(source, { initial: 'emit', bufferSize: 2 });
    let handled = 0;
    poller.on('created', () => {
      handled++;
    });
    const events = poller.events();
    let done = false;
    const pass = poller.pollOnce().then(() => {
      done = true;
    });
    const first = await events.next();
    expect(first.value?.objectId).toBe('1');
    await ticks();
    // One in the consumer's hand, two buffered, one waiting for room.
    expect(handled).toBe(4);
    expect(done).toBe(false);
    const rest: string[] = [];
    for (let i = 0; i < 9; i++) rest.push((await events.next()).value!.objectId);
    await ticks();
    expect(done).toBe(false); // the last event is still in the consumer's hand
    const nextPass = events.next();
    await pass;
    expect(rest).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10']);
    await events.return?.();
    expect(await nextPass).toEqual({ value: undefined, done: true });
  });

  it('detaches a consumer that breaks out of its loop', async () => {
    const source = new FakeSource();
    source.seed(5);
    const poller = make(source, { initial: 'emit', bufferSize: 1 });
    const consumed: string[] = [];
    const consumer = (async () => {
      for await (const event of poller) {
        consumed.push(event.objectId);
        if (consumed.length === 2) break;
      }
    })();
    await poller.pollOnce();
    await consumer;
    expect(consumed).toEqual(['1', '2']);
    source.insert();
    expect(await poller.pollOnce()).toEqual({ created: 1, updated: 0, deleted: 0 });
  });

  it('ends the loop when the poller stops; events not finished by then come again', async () => {
    const source = new FakeSource();
    source.seed(3);
    const store = new MemoryStateStore();
    const poller = make(source, { initial: 'emit', store, bufferSize: 10 });
    const consumed: string[] = [];
    const consumer = (async () => {
      for await (const event of poller) {
        consumed.push(event.id);
        if (consumed.length === 2) await poller.stop();
      }
    })();
    await poller.pollOnce();
    await consumer;
    expect(consumed).toHaveLength(3); // what was already buffered is still handed out
    const again = make(source, { initial: 'emit', store });
    const ids: string[] = [];
    again.on('created', (e) => {
      ids.push(e.id);
    });
    await again.pollOnce();
    // The first was finished (the consumer asked for more); the one in hand and the buffered one were not.
    expect(ids).toEqual(consumed.slice(1));
  });
});
