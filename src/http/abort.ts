import { AbortError } from '../errors.js';

type Listener = () => void;

/**
 * One listener per signal, fanned out here. An app that passes one signal to many concurrent calls
 * would otherwise stack a listener per call on it and get MaxListenersExceededWarning.
 */
const hubs = new WeakMap<AbortSignal, Set<Listener>>();

/** Calls `listener` once when `signal` aborts; returns the function that unsubscribes it. */
export function onAbort(signal: AbortSignal, listener: Listener): () => void {
  let listeners = hubs.get(signal);
  if (!listeners) {
    const set = new Set<Listener>();
    listeners = set;
    hubs.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        for (const fn of [...set]) fn();
        set.clear();
      },
      { once: true },
    );
  }
  const set = listeners;
  set.add(listener);
  return () => set.delete(listener);
}

/** Waits `ms`, or rejects with `AbortError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AbortError());
  return new Promise((resolve, reject) => {
    const off = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(new AbortError());
        })
      : undefined;
    const timer = setTimeout(() => {
      off?.();
      resolve();
    }, ms);
  });
}

/** Settles like `promise`, unless `signal` aborts first (then rejects with `AbortError`). */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AbortError());
  return new Promise<T>((resolve, reject) => {
    const off = onAbort(signal, () => reject(new AbortError()));
    promise.then(resolve, reject).finally(off);
  });
}
