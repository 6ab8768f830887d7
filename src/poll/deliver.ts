/**
 * Delivery of one pass's changes: every handler of every listener is awaited, consumers of the async
 * iterator get each event through their bounded queue, and at most `concurrency` events are in flight
 * (one event per object per pass, so per-object order holds at any concurrency).
 *
 * One acknowledgement rule for both kinds of consumer: an event is acknowledged when every consumer
 * finished it without failing. A handler finishes when it resolves; a `for await` body when it asks
 * for the next event. A consumer that was attached when the pass began and left during it (an
 * exception or `break` out of its loop) still counts for the rest of the pass, so nothing of that
 * pass is acknowledged behind its back: it all comes again on the next pass.
 */
import type { Change } from './diff.js';
import { PollHandlerError } from './errors.js';
import type { ChangeEvent, ChangeType } from './event.js';
import type { EventQueue } from './event-queue.js';

export type ChangeHandler<T> = (event: ChangeEvent<T>) => unknown;

export interface DeliveryTarget<T> {
  /** The handlers for an event of `type`, in call order (taken when the event is delivered). */
  handlersFor(type: ChangeType): readonly ChangeHandler<T>[];
  /** The attached iterator consumers. */
  queues(): readonly EventQueue<ChangeEvent<T>>[];
  /** A handler threw; reported at once, not after the pass. */
  onHandlerError(error: PollHandlerError): void;
}

/**
 * Delivers `changes` and resolves, once every handler has settled and every consumer has finished
 * with its events, to the changes that were NOT acknowledged (a handler threw, a consumer's queue
 * closed first, or `signal` aborted, or `mayDeliver` said no, before delivery).
 */
export async function deliver<T>(
  changes: readonly Change<T>[],
  target: DeliveryTarget<T>,
  concurrency: number,
  signal: AbortSignal,
  mayDeliver: () => boolean = () => true,
): Promise<Change<T>[]> {
  const acked: Promise<boolean>[] = new Array(changes.length);
  const attached = target.queues();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < changes.length) {
      const index = next++;
      const change = changes[index]!;
      if (signal.aborted || !mayDeliver()) acked[index] = Promise.resolve(false);
      else acked[index] = (await deliverOne(change.event, target, attached)).acked;
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, changes.length)) }, worker);
  await Promise.all(workers);
  const results = await Promise.all(acked);
  return changes.filter((_, i) => !results[i]);
}

// Resolves once the handlers settled and the event sits in every queue (back-pressure holds the
// worker here); `acked` settles later, when every consumer is done with it.
async function deliverOne<T>(
  event: ChangeEvent<T>,
  target: DeliveryTarget<T>,
  attached: readonly EventQueue<ChangeEvent<T>>[],
): Promise<{ acked: Promise<boolean> }> {
  let ok = true;
  for (const handler of target.handlersFor(event.type)) {
    try {
      await handler(event);
    } catch (err) {
      ok = false;
      target.onHandlerError(new PollHandlerError(event as ChangeEvent<unknown>, err));
    }
  }
  const pending: Promise<boolean>[] = [];
  for (const queue of new Set([...attached, ...target.queues()]))
    pending.push((await queue.push(event)).acked);
  return { acked: Promise.all(pending).then((acks) => ok && acks.every(Boolean)) };
}
