import { ValidationError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  checkOptions,
  hasMethods,
  isBoolean,
  isNumber,
  isOneOf,
  isPlainObject,
  isString,
  isStringArray,
  type OptionCheck,
  type OptionTable,
} from '../option-checks.js';
import { MemoryStateStore, type PollStateStore } from './state.js';

/** Options of a {@link Poller}. Every one has a documented default. */
export interface PollerOptions {
  /** Time from the end of one pass to the start of the next, ms. Default 60_000. */
  intervalMs?: number | undefined;
  /** Canonical CEQL: only matching records are watched. Part of the state key. */
  where?: string | undefined;
  /** Where state lives. Default a new MemoryStateStore (a restart starts a fresh baseline). */
  store?: PollStateStore | undefined;
  /** First pass under a key: 'baseline' (default) records state silently; 'emit' emits `created` per record. */
  initial?: 'baseline' | 'emit' | undefined;
  /** Top-level fields whose changes are not updates (e.g. a `last_seen_at`). Part of the state key. */
  ignoreFields?: readonly string[] | undefined;
  /**
   * Emit `deleted`, each with positive evidence: the record's own route answered 404 (one GET per
   * missing record), or, for sources that cannot look one up, two consecutive consistent listings
   * without it. Default true. With false, vanished records leave the state silently after two
   * consecutive consistent listings, and nothing is looked up.
   */
  deletes?: boolean | undefined;
  /** Start polling on construction. Default true. */
  autoStart?: boolean | undefined;
  /**
   * Default 0.5: a pass in which more than this fraction of ≥ 10 known records go missing at once
   * deletes nothing (and looks nothing up); `MassDeleteError` goes to 'error'.
   */
  maxDeleteFraction?: number | undefined;
  /** Keep each record in state so updated/deleted events carry `previous`. Default false (state stays small). */
  includePrevious?: boolean | undefined;
  /** Events whose handlers may run at once. Default 1 (in listing order); per object, order always holds. */
  concurrency?: number | undefined;
  /** Aborting it stops the poller and aborts the listing in flight. */
  signal?: AbortSignal | undefined;
  /** 'stalled' fires after this many intervals without a successful pass. Default 3. */
  stallAfterIntervals?: number | undefined;
  /** Events buffered per `for await` consumer before delivery waits for it. Default 100. */
  bufferSize?: number | undefined;
  /**
   * Sendoso pages a pass requests ahead of the one it reads (default: the listing's, 3; `0` reads
   * one page at a time; at most 20). Pages in flight are what lets a pass reach Sendoso's 10
   * requests a second; `stop()` aborts them.
   */
  prefetch?: number | undefined;
  /**
   * Where pass start and end lines go, at debug level (counts and timings only: no record contents).
   * `client.poll()` passes the client's logger; default none.
   */
  logger?: Logger | undefined;
  /**
   * Many processes, one leader: the poller holds its watched key as a lease of `ttlMs` in a store
   * that can lease one (RedisStateStore), renewed every third of it. Only the holder polls; the
   * others follow (`status.leader` false) and take over within `ttlMs` when it dies, redelivering
   * what it had not acknowledged. Its state writes are fenced by the lease's epoch.
   */
  lease?: { ttlMs: number } | undefined;
}

export type ResolvedPollerOptions = Required<Omit<PollerOptions, 'where' | 'signal' | 'prefetch' | 'lease'>> &
  Pick<PollerOptions, 'where' | 'signal' | 'prefetch' | 'lease'>;

const quiet = (): void => {};
const silent: Logger = { error: quiet, warn: quiet, info: quiet, debug: quiet };

const positive: OptionCheck = (v) =>
  typeof v === 'number' && v > 0 && Number.isFinite(v) ? undefined : 'must be a positive number';
const positiveInteger: OptionCheck = (v) =>
  Number.isSafeInteger(v) && (v as number) > 0 ? undefined : 'must be a positive integer';
const leaseTtl: OptionCheck = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 30 ? undefined : 'must be a number of ms >= 30';
const isSignal: OptionCheck = (v) => (v instanceof AbortSignal ? undefined : 'must be an AbortSignal');

/** Every poller option, and how a given value is checked. */
const pollerOptionChecks: OptionTable<PollerOptions> = {
  intervalMs: positive,
  where: isString,
  store: hasMethods('a PollStateStore', ['load', 'save']),
  initial: isOneOf(['baseline', 'emit']),
  ignoreFields: isStringArray,
  deletes: isBoolean,
  autoStart: isBoolean,
  maxDeleteFraction: isNumber(0, { max: 1 }),
  includePrevious: isBoolean,
  concurrency: positiveInteger,
  signal: isSignal,
  stallAfterIntervals: positive,
  bufferSize: positiveInteger,
  // The same bounds as `list()`'s (its MAX_PREFETCH); polling sits below pagination, so not imported.
  prefetch: isNumber(0, { integer: true, max: 20 }),
  logger: hasMethods('a Logger', ['error', 'warn', 'info', 'debug']),
  lease: (v) =>
    checkOptions(v, { ttlMs: leaseTtl }, '', 'lease').concat(
      isPlainObject(v) && v.ttlMs === undefined ? [{ path: 'ttlMs', message: 'is required' }] : [],
    ),
};

/**
 * Checks every option (unknown keys and wrong shapes are one `ValidationError` naming each path,
 * with the likely intended name for a typo), then applies defaults.
 */
export function resolvePollerOptions(options: PollerOptions): ResolvedPollerOptions {
  const issues = checkOptions(options, pollerOptionChecks, '', 'poller options');
  if (options.lease !== undefined && typeof options.store?.acquire !== 'function') {
    issues.push({
      path: 'lease',
      message: 'needs a store that can lease a watched key (RedisStateStore from sendoso-element/redis)',
    });
  }
  if (issues.length > 0) throw new ValidationError('Invalid poller options', issues);
  return {
    intervalMs: options.intervalMs ?? 60_000,
    where: options.where,
    store: options.store ?? new MemoryStateStore(),
    initial: options.initial ?? 'baseline',
    ignoreFields: options.ignoreFields ?? [],
    deletes: options.deletes ?? true,
    autoStart: options.autoStart ?? true,
    maxDeleteFraction: options.maxDeleteFraction ?? 0.5,
    includePrevious: options.includePrevious ?? false,
    concurrency: options.concurrency ?? 1,
    signal: options.signal,
    stallAfterIntervals: options.stallAfterIntervals ?? 3,
    bufferSize: options.bufferSize ?? 100,
    prefetch: options.prefetch,
    logger: options.logger ?? silent,
    lease: options.lease,
  };
}
