/**
 * One `for await` consumer of a poller: a bounded buffer with back-pressure and acknowledgement.
 * `push` waits while the buffer is full; the item's `acked` promise settles true once the consumer
 * has finished with it, which is when it asks for the next item: the loop body ran to its end for
 * that one. Leaving the loop (`break`, `return`, or an exception: the runtime calls `return()` for
 * all three, and they cannot be told apart) finishes nothing: the item in hand, the buffered ones and
 * any pushed later settle false and come again on the next pass. Closing (the poller stopped)
 * settles every open ack false too.
 */

type Ack = (ok: boolean) => void;

/** Settles true when the consumer is done with the item, false if the queue closed first. */
export interface Pushed {
  readonly acked: Promise<boolean>;
}

export class EventQueue<E> implements AsyncIterableIterator<E> {
  readonly #capacity: number;
  readonly #onLeave: () => void;
  readonly #buffer: { item: E; ack: Ack }[] = [];
  #inHand: Ack | undefined;
  #puller: ((result: IteratorResult<E>) => void) | undefined;
  #roomWaiters: (() => void)[] = [];
  /** 'detached': the consumer left the loop; 'closed': the poller stopped. Nothing more is acknowledged. */
  #ended: 'detached' | 'closed' | undefined;

  /** `onLeave` runs once when the consumer leaves or the queue closes. */
  constructor(capacity: number, onLeave: () => void = () => {}) {
    this.#capacity = Math.max(1, capacity);
    this.#onLeave = onLeave;
  }

  get closed(): boolean {
    return this.#ended !== undefined;
  }

  /** Adds an item, waiting while the buffer is full. */
  async push(item: E): Promise<Pushed> {
    while (!this.#ended && this.#buffer.length >= this.#capacity) {
      await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
    }
    if (this.#ended) return { acked: Promise.resolve(false) };
    let ack: Ack = () => {};
    const acked = new Promise<boolean>((resolve) => {
      ack = resolve;
    });
    const puller = this.#puller;
    if (puller) {
      this.#puller = undefined;
      this.#inHand = ack;
      puller({ value: item, done: false });
    } else {
      this.#buffer.push({ item, ack });
    }
    return { acked };
  }

  async next(): Promise<IteratorResult<E>> {
    this.#inHand?.(true);
    this.#inHand = undefined;
    const entry = this.#buffer.shift();
    if (entry) {
      this.#inHand = entry.ack;
      this.#roomWaiters.shift()?.();
      return { value: entry.item, done: false };
    }
    if (this.#ended) return { value: undefined, done: true };
    return new Promise((resolve) => {
      this.#puller = resolve;
    });
  }

  /**
   * The consumer left the loop (break, return or throw): it is detached. The item in its hand did not
   * finish its loop body, and the buffered ones never reached it, so none is acknowledged: they come
   * again (same ids) on the next pass. An exception out of the body therefore loses nothing, and a
   * `break` is redelivered the event it broke on (at-least-once: deduplicate on `event.id`).
   */
  async return(): Promise<IteratorResult<E>> {
    this.#inHand?.(false);
    this.#inHand = undefined;
    for (const entry of this.#buffer.splice(0)) entry.ack(false);
    this.#end('detached');
    return { value: undefined, done: true };
  }

  /**
   * The poller stopped: no more items. Buffered items can still be read, but every open ack settles
   * false now, so a pass never waits on a consumer that may itself be waiting for `stop()`.
   */
  close(): void {
    this.#inHand?.(false);
    this.#inHand = undefined;
    for (const entry of this.#buffer) entry.ack(false);
    this.#end('closed');
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #end(how: 'detached' | 'closed'): void {
    if (this.#ended) return;
    this.#ended = how;
    for (const wake of this.#roomWaiters.splice(0)) wake();
    this.#puller?.({ value: undefined, done: true });
    this.#puller = undefined;
    this.#onLeave();
  }
}
