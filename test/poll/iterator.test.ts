import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../src/poll/index.js';
import { FakeSource } from './fake-source.js';
import { pollerFactory, ticks } from './helpers.js';

const make = pollerFactory();

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

  it('detaches a consumer that breaks; the event it broke on and the rest of the pass come again', async () => {
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
    // Only '1' was finished (its body asked for the next event); 2–5 and the new one come again.
    const again: string[] = [];
    poller.on('created', (e) => {
      again.push(e.objectId);
    });
    expect(await poller.pollOnce()).toEqual({ created: 5, updated: 0, deleted: 0 });
    expect(again).toEqual(['2', '3', '4', '5', '6']);
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
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
