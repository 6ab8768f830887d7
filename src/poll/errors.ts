import { SendosoError } from '../errors.js';
import type { ChangeEvent } from './event.js';

/**
 * A complete listing lost more than `maxDeleteFraction` of the known records. Nothing was deleted
 * (the missing ids stay in state); creations and updates of the same pass were still delivered.
 * If the deletions are real, call `poller.allowNextMassDelete()` or raise `maxDeleteFraction`.
 */
export class MassDeleteError extends SendosoError {
  readonly resource: string;
  /** Records known before the pass. */
  readonly known: number;
  /** Known records the listing no longer held. */
  readonly missing: number;
  readonly maxDeleteFraction: number;

  constructor(resource: string, known: number, missing: number, maxDeleteFraction: number) {
    super(
      `Polling ${resource}: the listing lost ${missing} of ${known} known records (more than ` +
        `${maxDeleteFraction * 100}%); treated as suspicious, nothing was deleted. If the deletions are ` +
        'real, call poller.allowNextMassDelete() or raise maxDeleteFraction.',
    );
    this.resource = resource;
    this.known = known;
    this.missing = missing;
    this.maxDeleteFraction = maxDeleteFraction;
  }
}

/** A change handler threw or rejected; the event was not acknowledged and comes again next pass. */
export class PollHandlerError extends SendosoError {
  readonly event: ChangeEvent<unknown>;
  override readonly cause: unknown;

  constructor(event: ChangeEvent<unknown>, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `A handler failed on ${event.type} ${event.resource}/${event.objectId} (event ${event.id}): ${why}`,
    );
    this.event = event;
    this.cause = cause;
  }
}

/**
 * No pass has succeeded for `stallAfterIntervals` intervals and at least one pass failed since the
 * last success (the payload of 'stalled'). A pass that is merely slow (a busy consumer, retries still
 * under way) is not a stall.
 */
export class PollerStalledError extends SendosoError {
  readonly resource: string;
  /** When the last successful pass finished (or the poller started, if none has), ISO-8601. */
  readonly since: string;
  /** Passes that failed in a row, at least 1. */
  readonly consecutiveFailures: number;
  /** The most recent pass error, if any. */
  override readonly cause: unknown;

  constructor(resource: string, since: string, consecutiveFailures: number, cause: unknown) {
    const passes = consecutiveFailures === 1 ? 'pass' : 'passes';
    super(
      `Polling ${resource} has not completed a pass since ${since} (${consecutiveFailures} failed ${passes} in a row)` +
        (cause instanceof Error ? `; last error: ${cause.message}` : ''),
    );
    this.resource = resource;
    this.since = since;
    this.consecutiveFailures = consecutiveFailures;
    this.cause = cause;
  }
}

/**
 * Poll state cannot be read or written. A corrupt or foreign file: delete it to start a fresh
 * baseline. A file-system failure (`code` such as `ENOTDIR`, `EACCES`, `ENOSPC`): the message says
 * what to fix, and `cause` holds the original error.
 */
export class PollStateError extends SendosoError {
  /** The file, for FileStateStore. */
  readonly path: string | undefined;
  /** The file-system error code, when the failure came from the file system. */
  readonly code: string | undefined;

  constructor(message: string, path?: string, options?: { code?: string | undefined; cause?: unknown }) {
    const where = path ? ` (${path})` : '';
    const hint = options?.code ? '' : path ? '; delete it to start a fresh baseline' : '';
    super(`${message}${where}${hint}`, options && 'cause' in options ? { cause: options.cause } : undefined);
    this.path = path;
    this.code = options?.code;
  }
}

/** Who holds a watched key's lock. */
export type PollLockHolder = { pid: number; hostname: string; since: string };

/**
 * Another poller already polls this watched key on the same durable state (FileStateStore's lock
 * file). Two pollers on one state would both deliver every event, so this one is refused. Stop the
 * other poller, or give this one another state directory (or another `where`). A lock left by a
 * process that died is taken over on its own once that process is gone.
 */
export class PollStateLockedError extends SendosoError {
  /** The watched key (resource, where and ignored fields). */
  readonly key: string;
  /** The lock file. */
  readonly path: string;
  readonly holder: PollLockHolder | undefined;

  constructor(key: string, path: string, holder: PollLockHolder | undefined) {
    const who = holder
      ? `process ${holder.pid} on ${holder.hostname}, since ${holder.since}`
      : 'another process';
    super(
      `Another poller (${who}) already polls this key with the same state (${path}); two pollers ` +
        'on one state would both deliver every event. Stop the other poller, or give this one its own ' +
        'FileStateStore directory. A lock left by a process that died is taken over automatically.',
    );
    this.key = key;
    this.path = path;
    this.holder = holder;
  }
}

/**
 * Another poller holds the lease on this watched key. With the poller's `lease` option this is not
 * an error: the poller follows (`status.leader` false, a `'follower'` event) and asks again when the
 * lease would expire (`retryInMs`). A lease store throws it from `acquire`.
 */
export class PollLeaseHeldError extends SendosoError {
  /** The watched key (resource, where and ignored fields). */
  readonly key: string;
  /** Who holds it, as the store names it (host:pid:…), when known. */
  readonly holder: string | undefined;
  /** When the current lease runs out unless it is renewed, ms. */
  readonly retryInMs: number;

  constructor(key: string, retryInMs: number, holder?: string) {
    super(
      `Another poller${holder ? ` (${holder})` : ''} holds the lease on this watched key; this one follows and ` +
        `takes over if that lease is not renewed within ${Math.ceil(retryInMs)} ms`,
    );
    this.key = key;
    this.holder = holder;
    this.retryInMs = retryInMs;
  }
}

/**
 * This poller's lease on the watched key is over: it was not renewed in time (the process was paused
 * or cut off from the store) and another poller may lead now. Its state write was refused (fencing),
 * so nothing of the pass was acknowledged and the leader delivers those changes again; this poller
 * follows until it wins the lease back.
 */
export class PollLeaseLostError extends SendosoError {
  /** The watched key (resource, where and ignored fields). */
  readonly key: string;
  /** The epoch of the lease that is over. */
  readonly epoch: number;

  constructor(key: string, epoch: number, why = 'its lease expired and another poller may lead now') {
    super(
      `This poller's lease (epoch ${epoch}) on the watched key is over: ${why}; its state was not written`,
    );
    this.key = key;
    this.epoch = epoch;
  }
}
