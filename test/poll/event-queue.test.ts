import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/poll/event-queue.js';

const settled = async <T>(promise: Promise<T>) => {
  const marker = Symbol('pending');
  return Promise.race([
    promise,
    new Promise<typeof marker>((resolve) => setTimeout(() => resolve(marker), 5)),
  ]).then((value) => (value === marker ? 'pending' : value));
};

describe('EventQueue', () => {
  it('makes push wait while the buffer is full, and acks an item when the consumer asks for the next', async () => {
    const queue = new EventQueue<number>(1);
    const first = await queue.push(1);
    const second = queue.push(2);
    expect(await settled(second)).toBe('pending');
    expect(await queue.next()).toEqual({ value: 1, done: false });
    expect(await settled(first.acked)).toBe('pending'); // still in the consumer's hand
    const pushed = await second;
    const next = queue.next();
    expect(await settled(first.acked)).toBe(true);
    expect(await next).toEqual({ value: 2, done: false });
    expect(await settled(pushed.acked)).toBe('pending');
  });

  it('acknowledges nothing a consumer that leaves had in hand or buffered, nor later pushes', async () => {
    const queue = new EventQueue<number>(1);
    const a = await queue.push(1);
    await queue.next();
    const b = await queue.push(2);
    const c = queue.push(3);
    await queue.return();
    expect(await a.acked).toBe(false); // in hand: its loop body never came back for the next one
    expect(await b.acked).toBe(false);
    expect(await (await c).acked).toBe(false);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('on close, settles open acks false but still hands out what was buffered, then ends', async () => {
    let left = 0;
    const queue = new EventQueue<number>(5, () => left++);
    const a = await queue.push(1);
    const b = await queue.push(2);
    await queue.next();
    queue.close();
    expect(await a.acked).toBe(false);
    expect(await b.acked).toBe(false);
    expect(await (await queue.push(3)).acked).toBe(false);
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(left).toBe(1);
  });

  it('ends a waiting consumer when closed', async () => {
    const queue = new EventQueue<number>(1);
    const waiting = queue.next();
    queue.close();
    expect(await waiting).toEqual({ value: undefined, done: true });
  });
});
