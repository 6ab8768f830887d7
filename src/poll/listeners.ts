import { EventEmitter } from 'node:events';
import type { ChangeHandler } from './deliver.js';
import type { PollerStalledError } from './errors.js';
import type { ChangeType } from './event.js';

/** Listener signatures, by event name. */
export interface PollerEventMap<T> {
  created: ChangeHandler<T>;
  updated: ChangeHandler<T>;
  deleted: ChangeHandler<T>;
  /** Every change, after the type's own listeners. */
  change: ChangeHandler<T>;
  /** A failed pass, a throwing handler (PollHandlerError) or a withheld mass delete (MassDeleteError). */
  error: (error: unknown) => void;
  /** No successful pass for `stallAfterIntervals` intervals; fires once until a pass succeeds. */
  stalled: (info: PollerStalledError) => void;
  /** With `lease`: this poller won the lease on its watched key and polls from now on. */
  leader: (info: LeaseChange) => void;
  /** With `lease`: another poller leads (or this one lost its lease); this one waits to take over. */
  follower: (info: LeaseChange) => void;
}

/** The payload of 'leader' and 'follower'. */
export interface LeaseChange {
  /** The watched key. */
  key: string;
  /** 'leader': the epoch of the lease won. 'follower': the epoch of the lease lost, if this poller had one. */
  epoch?: number;
}

type AnyListener = (...args: unknown[]) => unknown;

/**
 * A typed face on node:events. Change handlers are not emitted but called (and awaited) by delivery,
 * so `handlersFor` hands them out; 'error' and 'stalled' are plain synchronous emits.
 */
export class PollerListeners<T> {
  readonly #emitter = new EventEmitter();

  on<K extends keyof PollerEventMap<T>>(event: K, listener: PollerEventMap<T>[K]): void {
    this.#emitter.on(event, listener as AnyListener);
  }

  once<K extends keyof PollerEventMap<T>>(event: K, listener: PollerEventMap<T>[K]): void {
    this.#emitter.once(event, listener as AnyListener);
  }

  off<K extends keyof PollerEventMap<T>>(event: K, listener: PollerEventMap<T>[K]): void {
    this.#emitter.off(event, listener as AnyListener);
  }

  has(event: keyof PollerEventMap<T>): boolean {
    return this.#emitter.listenerCount(event) > 0;
  }

  /** The type's listeners, then the 'change' listeners; `once` wrappers remove themselves when called. */
  handlersFor(type: ChangeType): ChangeHandler<T>[] {
    return [
      ...this.#emitter.rawListeners(type),
      ...this.#emitter.rawListeners('change'),
    ] as ChangeHandler<T>[];
  }

  /** Emits if anyone listens. A throwing listener must not break the pass bookkeeping: it becomes a warning. */
  emit(event: 'error' | 'stalled' | 'leader' | 'follower', payload: unknown): void {
    if (!this.has(event)) return;
    try {
      this.#emitter.emit(event, payload);
    } catch (err) {
      process.emitWarning(`A poller '${event}' listener threw: ${String(err)}`);
    }
  }
}
