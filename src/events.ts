import { EventEmitter } from 'node:events';
import type { Logger } from './logger.js';

/**
 * A node:events emitter whose event names and payloads are checked by the compiler. A listener that
 * throws, or whose promise rejects, never breaks the call that emitted the event and never becomes
 * an unhandled rejection: it is logged at `error` level, naming the event and the error (its name and
 * message, nothing of the payload, which may be a token). Listeners may be async.
 */
export class TypedEmitter<Events extends { [K in keyof Events]: unknown[] }> {
  #emitter = new EventEmitter();
  #logger: Pick<Logger, 'error'> = console;

  on<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => unknown): this {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => unknown): this {
    this.#emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => unknown): this {
    this.#emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /**
   * From now on, listeners added to either emitter hear the events of both (clients made by
   * `withOptions()` share their parent's listeners, so `'token'` handlers set once see every refresh).
   * @internal
   */
  protected shareListenersWith(source: TypedEmitter<Events>): void {
    this.#emitter = source.#emitter;
  }

  /** Where listener failures are reported (default `console`). */
  protected reportListenerErrorsTo(logger: Pick<Logger, 'error'>): void {
    this.#logger = logger;
  }

  protected emit<K extends keyof Events & string>(event: K, ...args: Events[K]): void {
    // rawListeners: `once` wrappers remove themselves when called.
    for (const listener of this.#emitter.rawListeners(event)) {
      try {
        const result: unknown = (listener as (...a: Events[K]) => unknown)(...args);
        if (isThenable(result)) result.then(undefined, (err: unknown) => this.#report(event, err));
      } catch (err) {
        this.#report(event, err);
      }
    }
  }

  #report(event: string, err: unknown): void {
    const error = err instanceof Error ? err.name : typeof err;
    const message = err instanceof Error ? err.message : undefined;
    try {
      this.#logger.error(`a '${event}' listener failed`, { event, error, message });
    } catch {
      // A logger that throws has nowhere left to report to.
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
