import { EventEmitter } from 'node:events';

/** A node:events emitter whose event names and payloads are checked by the compiler. */
export class TypedEmitter<Events extends { [K in keyof Events]: unknown[] }> {
  readonly #emitter = new EventEmitter();

  on<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.#emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.#emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  protected emit<K extends keyof Events & string>(event: K, ...args: Events[K]): void {
    // A listener's exception must not break the request that emitted the event.
    for (const listener of this.#emitter.listeners(event)) {
      try {
        (listener as (...a: Events[K]) => void)(...args);
      } catch {
        // ignored on purpose: observability hooks are best-effort
      }
    }
  }
}
