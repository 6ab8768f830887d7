/** The delays waiting on each sandbox's closing signal, woken together when it aborts. */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Waits `ms`, or less if `closing` aborts first (then resolves true). A test may hold dozens of delayed
 * answers at once: they share one abort listener per sandbox, since a listener each would make Node
 * warn about a leak (MaxListenersExceededWarning) past ten.
 */
export function closedWhileWaiting(ms: number, closing: AbortSignal): Promise<boolean> {
  if (closing.aborted) return Promise.resolve(true);
  let delays = waiting.get(closing);
  if (!delays) {
    const wakeAll = new Set<() => void>();
    closing.addEventListener(
      'abort',
      () => {
        for (const wake of wakeAll) wake();
      },
      { once: true },
    );
    waiting.set(closing, wakeAll);
    delays = wakeAll;
  }
  const own = delays;
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      own.delete(wake);
      resolve(true);
    };
    const timer = setTimeout(() => {
      own.delete(wake);
      resolve(false);
    }, ms);
    own.add(wake);
  });
}
