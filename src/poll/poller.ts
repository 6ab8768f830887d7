import { AbortError } from '../errors.js';
import { retryDelay } from './backoff.js';
import { PollerStalledError, type PollHandlerError } from './errors.js';
import type { ChangeEvent } from './event.js';
import { EventQueue } from './event-queue.js';
import { type PollerEventMap, PollerListeners } from './listeners.js';
import { type PollerOptions, type ResolvedPollerOptions, resolvePollerOptions } from './options.js';
import { PassRunner, type PollResult } from './pass.js';
import type { PollSource } from './source.js';
import { stateKey } from './state.js';

/** A snapshot of the poller's health. */
export interface PollStatus {
  running: boolean;
  /** When the last pass (successful or not) finished, ISO-8601. */
  lastPassAt?: string;
  /** When the last fully acknowledged pass finished, ISO-8601. */
  lastSuccessAt?: string;
  consecutiveFailures: number;
  stalled: boolean;
  /** Passes finished, successful or not. */
  passes: number;
  /** The most recent error reported on 'error'. */
  lastError?: unknown;
}

/**
 * Polls one resource and turns the difference between complete listings into change events,
 * delivered at least once with stable ids. The guarantees are in the README, "Polling change events".
 */
export class Poller<T = Record<string, unknown>> implements AsyncIterable<ChangeEvent<T>> {
  readonly resource: string;
  /** The state key: resource, where and ignored fields. */
  readonly key: string;
  readonly #opts: ResolvedPollerOptions;
  readonly #listeners = new PollerListeners<T>();
  readonly #runner: PassRunner<T>;
  readonly #queues = new Set<EventQueue<ChangeEvent<T>>>();
  readonly #abort = new AbortController();
  readonly #status: PollStatus = { running: false, consecutiveFailures: 0, stalled: false, passes: 0 };
  #tail: Promise<unknown> = Promise.resolve();
  #queued: Promise<PollResult> | undefined;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #stallTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  #allowMassDelete = false;
  #warned = false;
  #generation = 0;

  constructor(source: PollSource<T>, options: PollerOptions = {}) {
    this.#opts = resolvePollerOptions(options);
    this.resource = source.resource;
    this.key = stateKey({ resource: source.resource, ...this.#opts });
    this.#runner = new PassRunner(source, this.#opts, this.key, {
      handlersFor: (type) => this.#listeners.handlersFor(type),
      queues: () => [...this.#queues],
      onHandlerError: (err: PollHandlerError) => this.#report(err),
    });
    const signal = this.#opts.signal;
    if (signal?.aborted) this.#abortNow(signal.reason);
    signal?.addEventListener('abort', () => this.#abortNow(signal.reason), { once: true });
    if (this.#opts.autoStart && !this.#abort.signal.aborted) void this.start();
  }

  on<K extends keyof PollerEventMap<T>>(event: K, listener: PollerEventMap<T>[K]): this {
    this.#listeners.on(event, listener);
    return this;
  }

  once<K extends keyof PollerEventMap<T>>(event: K, listener: PollerEventMap<T>[K]): this {
    this.#listeners.once(event, listener);
    return this;
  }

  off<K extends keyof PollerEventMap<T>>(event: K, listener: PollerEventMap<T>[K]): this {
    this.#listeners.off(event, listener);
    return this;
  }

  get status(): PollStatus {
    return { ...this.#status };
  }

  /**
   * Runs one pass and resolves to the events it delivered. Passes never overlap: called while one
   * runs, it waits for it and then runs a fresh pass (shared by every caller that waited). Rejects
   * if the listing failed (nothing delivered) or a handler threw (those events come again).
   */
  pollOnce(): Promise<PollResult> {
    if (this.#queued) return this.#queued;
    const pass = this.#tail.then(() => {
      this.#queued = undefined;
      return this.#pass();
    });
    this.#queued = pass;
    this.#tail = pass.catch(() => {});
    return pass;
  }

  /** Starts the loop (first pass at once). Resolves immediately; results go to the listeners. */
  async start(): Promise<void> {
    if (this.#abort.signal.aborted) throw new AbortError('The poller was aborted');
    if (this.#status.running) return;
    this.#status.running = true;
    this.#stopped = false;
    this.#armStallTimer();
    this.#loop = this.#run();
  }

  /** Stops the loop and waits for the pass in flight. `for await` consumers end after their buffer. */
  async stop(): Promise<void> {
    this.#status.running = false;
    this.#stopped = true;
    clearTimeout(this.#stallTimer);
    this.#wake?.();
    for (const queue of this.#queues) queue.close();
    await this.#loop;
    await this.#tail;
  }

  /** Lets the next pass delete any fraction of the known records (after a MassDeleteError you checked). */
  allowNextMassDelete(): void {
    this.#allowMassDelete = true;
  }

  /** A `for await` consumer with its own bounded buffer: delivery waits while it is full. */
  events(options: { bufferSize?: number } = {}): AsyncIterableIterator<ChangeEvent<T>> {
    const size = options.bufferSize ?? this.#opts.bufferSize;
    const queue: EventQueue<ChangeEvent<T>> = new EventQueue(size, () => this.#queues.delete(queue));
    if (this.#stopped || this.#abort.signal.aborted) queue.close();
    else this.#queues.add(queue);
    return queue;
  }

  [Symbol.asyncIterator](): AsyncIterator<ChangeEvent<T>> {
    return this.events();
  }

  async #pass(): Promise<PollResult> {
    const signal = this.#abort.signal;
    if (signal.aborted) throw new AbortError('The poller was aborted');
    const status = this.#status;
    const allowMassDelete = this.#allowMassDelete;
    let handlerError: PollHandlerError | undefined;
    try {
      const outcome = await this.#runner.run(signal, allowMassDelete);
      if (allowMassDelete) this.#allowMassDelete = false;
      if (outcome.massDelete) this.#report(outcome.massDelete);
      handlerError = outcome.handlerErrors[0];
      if (handlerError) throw handlerError;
      status.consecutiveFailures = 0;
      status.lastSuccessAt = new Date().toISOString();
      status.stalled = false;
      this.#armStallTimer();
      return outcome.result;
    } catch (err) {
      status.consecutiveFailures++;
      // Handler errors were reported as they happened; an abort is the caller's own doing.
      if (err !== handlerError && !signal.aborted) this.#report(err);
      throw err;
    } finally {
      status.passes++;
      status.lastPassAt = new Date().toISOString();
    }
  }

  async #run(): Promise<void> {
    // A start() right after a stop() must not leave the old loop running beside the new one.
    const generation = ++this.#generation;
    const current = () => this.#status.running && generation === this.#generation;
    let delay = 0;
    while (current()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (!current()) break;
      try {
        await this.pollOnce();
        delay = this.#opts.intervalMs;
      } catch (err) {
        this.#warnIfUnobserved(err);
        delay = retryDelay(this.#status.consecutiveFailures, this.#opts.intervalMs, err);
      }
    }
  }

  // Fires once per stall: re-armed only by a successful pass (or a restart).
  #armStallTimer(): void {
    clearTimeout(this.#stallTimer);
    if (!this.#status.running) return;
    const since = this.#status.lastSuccessAt ?? new Date().toISOString();
    this.#stallTimer = setTimeout(() => {
      const { running, stalled, consecutiveFailures, lastError } = this.#status;
      if (!running || stalled) return;
      this.#status.stalled = true;
      this.#listeners.emit(
        'stalled',
        new PollerStalledError(this.resource, since, consecutiveFailures, lastError),
      );
    }, this.#opts.stallAfterIntervals * this.#opts.intervalMs);
    this.#stallTimer.unref();
  }

  #report(err: unknown): void {
    this.#status.lastError = err;
    this.#listeners.emit('error', err);
  }

  // Background failures with nobody listening on 'error' would be silent: say so once.
  #warnIfUnobserved(err: unknown): void {
    if (this.#warned || this.#listeners.has('error')) return;
    this.#warned = true;
    process.emitWarning(
      `Polling ${this.resource} failed and no 'error' listener is attached: ${String(err)}`,
    );
  }

  #abortNow(reason: unknown): void {
    this.#abort.abort(reason);
    void this.stop();
  }
}
