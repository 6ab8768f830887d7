/**
 * One holder at a time, in this process: callers queue in arrival order. Token refreshes are short
 * and rare, so a promise chain is all it takes.
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` once every earlier holder has finished, whatever their outcome. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Mutexes keyed by something shared, so separate objects that guard the same thing (two clients on
 * one store object, two `FileTokenStore`s on one path) queue behind each other.
 */
export class MutexMap<K> {
  readonly #mutexes = new Map<K, { mutex: Mutex; users: number }>();

  async run<T>(key: K, fn: () => Promise<T>): Promise<T> {
    let entry = this.#mutexes.get(key);
    if (!entry) {
      entry = { mutex: new Mutex(), users: 0 };
      this.#mutexes.set(key, entry);
    }
    const held = entry;
    held.users++;
    try {
      return await held.mutex.run(fn);
    } finally {
      // Forget idle keys, so a long-lived process watching many files does not keep them all.
      if (--held.users === 0) this.#mutexes.delete(key);
    }
  }
}
