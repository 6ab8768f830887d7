import { AsyncLocalStorage } from 'node:async_hooks';
import { AbortError } from '../errors.js';
import { retryDelay } from './backoff.js';
import { PollerStalledError, type PollHandlerError, PollLeaseLostError } from './errors.js';
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
  /**
   * This poller holds its watched key. With `lease`: it holds the lease and polls (false while it
   * follows another process). Without: from its first pass (which takes the store's lock) to `stop()`.
   */
  leader: boolean;
}

/**
 * Polls one resource and turns the difference between complete listings into change events,
 * delivered at least once with stable ids:
 * - `deleted` needs positive evidence: the record's own route answered 404 (one GET per missing
 *   record, only for records a listing did not hold), or, for a source without a lookup, two
 *   consecutive consistent listings without it. A sudden mass disappearance is held back before
 *   anything is looked up (`maxDeleteFraction`).
 * - One acknowledgement rule for handlers and `for await` loops: an event is acknowledged once every
 *   consumer finished it (a handler resolved; a loop body came back for the next event). A throwing
 *   handler, or leaving a loop by exception, `break` or `return`, acknowledges nothing unfinished:
 *   that event and the rest of the pass come again, same ids.
 * - One poller per watched key on a durable store: FileStateStore refuses a second one
 *   (`PollStateLockedError`) until the first stops; with `lease` (RedisStateStore), the others follow
 *   the one that holds the lease and take over when it dies.
 * The README's "Polling change events" section says more.
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
  readonly #status: Omit<PollStatus, 'leader'> = {
    running: false,
    consecutiveFailures: 0,
    stalled: false,
    passes: 0,
  };
  #tail: Promise<unknown> = Promise.resolve();
  #queued: Promise<PollResult> | undefined;
  #loop: Promise<void> | undefined;
  #wake: ((triggered?: Promise<PollResult>) => void) | undefined;
  #stallTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  #allowMassDelete = false;
  #warned = false;
  #generation = 0;
  /** The stall window passed without a success, but no pass had failed yet: stall at the first failure. */
  #stallDue = false;
  #stallSince = new Date().toISOString();

  constructor(source: PollSource<T>, options: PollerOptions = {}) {
    this.#opts = resolvePollerOptions(options);
    this.resource = source.resource;
    this.key = stateKey({ resource: source.resource, ...this.#opts });
    this.#runner = new PassRunner(source, this.#opts, this.key, {
      handlersFor: (type) => this.#listeners.handlersFor(type).map((handler) => asHandlerOf(this, handler)),
      queues: () => [...this.#queues],
      onHandlerError: (err: PollHandlerError) => this.#report(err),
      leadership: (leader, change) => this.#listeners.emit(leader ? 'leader' : 'follower', change),
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
    return { ...this.#status, leader: this.#runner.holds };
  }

  /**
   * Runs one pass and resolves to the events it delivered. Passes never overlap: called while one
   * runs, it waits for it and then runs a fresh pass (shared by every caller that waited). Rejects
   * if the listing failed (nothing delivered). A handler that throws does not reject it: the error
   * goes to 'error', and that event (same id) comes again on the next pass.
   */
  pollOnce(): Promise<PollResult> {
    if (this.#queued) return this.#queued;
    const pass = this.#tail.then(async () => {
      this.#queued = undefined;
      try {
        return await this.#pass();
      } finally {
        // A pass after stop() (a late webhook's trigger) must not keep the key locked for good.
        if (this.#stopped) await this.#runner.release().catch((err: unknown) => this.#report(err));
      }
    });
    this.#queued = pass;
    this.#tail = pass.catch(() => {});
    return pass;
  }

  /**
   * Runs a pass now (a webhook said something changed) instead of an interval later. Coalesces like
   * `pollOnce()`: one pass in flight, at most one queued, shared by every caller. A sleeping loop
   * takes this pass as its own, so passes never overlap and the next one comes a full interval later.
   */
  trigger(): Promise<PollResult> {
    const pass = this.pollOnce();
    this.#wake?.(pass);
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

  /**
   * Stops the loop, waits for the pass in flight, and releases the store's lock on the key.
   * `for await` consumers end after their buffer.
   */
  async stop(): Promise<void> {
    this.#status.running = false;
    this.#stopped = true;
    clearTimeout(this.#stallTimer);
    this.#stallDue = false;
    this.#wake?.();
    for (const queue of this.#queues) queue.close();
    // Called by a handler of this poller: the pass in flight waits for that handler, so waiting for
    // the pass here would wait forever. The pass finishes once the handler returns, and releases the
    // key then (see pollOnce).
    if (insideHandlerOf(this)) return;
    await this.#loop;
    await this.#tail;
    await this.#runner.release().catch((err: unknown) => this.#report(err));
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
    const log = this.#opts.logger;
    const number = status.passes + 1;
    const started = Date.now();
    log.debug('poll pass start', { resource: this.resource, pass: number });
    let handlerError: PollHandlerError | undefined;
    let following = false;
    try {
      // With a lease, only the leader polls; a follower's pass is a quiet check for the lease.
      if (this.#opts.lease && !(await this.#runner.lead())) {
        following = true;
        status.consecutiveFailures = 0;
        this.#armStallTimer();
        return { created: 0, updated: 0, deleted: 0 };
      }
      const outcome = await this.#runner.run(signal, allowMassDelete);
      if (allowMassDelete) this.#allowMassDelete = false;
      if (outcome.pagingError) this.#report(outcome.pagingError);
      if (outcome.massDelete) this.#report(outcome.massDelete);
      log.debug('poll pass end', {
        resource: this.resource,
        pass: number,
        ...outcome.result,
        ...outcome.report,
        unacknowledged: outcome.unacknowledged,
        ms: Date.now() - started,
      });
      handlerError = outcome.handlerErrors[0];
      if (handlerError) {
        // Reported on 'error' as it happened; the events come again, so the pass counts as failed
        // (backoff, stall), but the listing and every acknowledged event stand: no rejection.
        status.consecutiveFailures++;
        if (this.#stallDue) this.#stall();
        return outcome.result;
      }
      status.consecutiveFailures = 0;
      status.lastSuccessAt = new Date().toISOString();
      status.stalled = false;
      this.#armStallTimer();
      return outcome.result;
    } catch (err) {
      status.consecutiveFailures++;
      if (err !== handlerError) {
        const name = err instanceof Error ? err.name : typeof err;
        log.debug('poll pass failed', {
          resource: this.resource,
          pass: number,
          error: name,
          ms: Date.now() - started,
        });
      }
      // Handler errors were reported as they happened; an abort is the caller's own doing.
      if (err !== handlerError && !signal.aborted) this.#report(err);
      if (this.#stallDue) this.#stall();
      throw err;
    } finally {
      if (!following) {
        status.passes++;
        status.lastPassAt = new Date().toISOString();
      }
    }
  }

  async #run(): Promise<void> {
    // A start() right after a stop() must not leave the old loop running beside the new one.
    const generation = ++this.#generation;
    const current = () => this.#status.running && generation === this.#generation;
    let delay = 0;
    while (current()) {
      // Wrapped, so resolving with a triggered pass does not wait for (or throw from) that pass here.
      const woken = await new Promise<{ triggered?: Promise<PollResult> }>((resolve) => {
        const timer = setTimeout(() => resolve({}), delay);
        this.#wake = (triggered) => {
          clearTimeout(timer);
          resolve({ triggered });
        };
      });
      if (!current()) break;
      try {
        await (woken.triggered ?? this.pollOnce());
        await this.#tail; // a pass triggered meanwhile: the interval counts from its end
        // A pass whose handlers failed comes back sooner, with backoff, to redeliver.
        const failures = this.#status.consecutiveFailures;
        delay =
          failures > 0
            ? retryDelay(failures, this.#opts.intervalMs, this.#status.lastError)
            : this.#opts.intervalMs;
        // A follower asks for the lease again when the leader's would run out.
        delay = this.#runner.retryInMs ?? delay;
      } catch (err) {
        this.#warnIfUnobserved(err);
        delay = retryDelay(this.#status.consecutiveFailures, this.#opts.intervalMs, err);
        // A leader that lost its lease asks again at once: it leads again, or learns when to ask next.
        if (err instanceof PollLeaseLostError) delay = 0;
      }
    }
  }

  // Fires once per stall: re-armed only by a successful pass (or a restart). A window without a
  // success but also without a failure (the first pass still retrying, a busy consumer) is not a
  // stall yet: it becomes one at the first failure.
  #armStallTimer(): void {
    clearTimeout(this.#stallTimer);
    this.#stallDue = false;
    if (!this.#status.running) return;
    this.#stallSince = this.#status.lastSuccessAt ?? new Date().toISOString();
    this.#stallTimer = setTimeout(() => {
      if (this.#status.consecutiveFailures > 0) this.#stall();
      else this.#stallDue = true;
    }, this.#opts.stallAfterIntervals * this.#opts.intervalMs);
    this.#stallTimer.unref();
  }

  #stall(): void {
    const { running, stalled, consecutiveFailures, lastError } = this.#status;
    this.#stallDue = false;
    if (!running || stalled) return;
    this.#status.stalled = true;
    this.#listeners.emit(
      'stalled',
      new PollerStalledError(this.resource, this.#stallSince, consecutiveFailures, lastError),
    );
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

  // An aborted pass saves nothing (it checks the signal before saving), so the lock can go at once,
  // even while a handler of the aborted pass still runs.
  #abortNow(reason: unknown): void {
    this.#abort.abort(reason);
    void this.#runner.release().catch(() => {});
    void this.stop().catch(() => {});
  }
}

/** The poller whose handler is running, through everything that handler awaits. */
const handlerScope = new AsyncLocalStorage<object>();

function asHandlerOf<H extends (...args: never[]) => unknown>(poller: object, handler: H): H {
  return ((...args: Parameters<H>) => handlerScope.run(poller, () => handler(...args))) as H;
}

function insideHandlerOf(poller: object): boolean {
  return handlerScope.getStore() === poller;
}
