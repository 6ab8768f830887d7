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

/** No pass completed successfully for `stallAfterIntervals` intervals (the payload of 'stalled'). */
export class PollerStalledError extends SendosoError {
  readonly resource: string;
  /** When the last successful pass finished (or the poller started, if none has), ISO-8601. */
  readonly since: string;
  readonly consecutiveFailures: number;
  /** The most recent pass error, if any. */
  override readonly cause: unknown;

  constructor(resource: string, since: string, consecutiveFailures: number, cause: unknown) {
    super(
      `Polling ${resource} has not completed a pass since ${since} (${consecutiveFailures} failures in a row)` +
        (cause instanceof Error ? `; last error: ${cause.message}` : ''),
    );
    this.resource = resource;
    this.since = since;
    this.consecutiveFailures = consecutiveFailures;
    this.cause = cause;
  }
}

/** Stored poll state cannot be read; delete it (e.g. the file) to start a fresh baseline. */
export class PollStateError extends SendosoError {
  /** The file, for FileStateStore. */
  readonly path: string | undefined;

  constructor(message: string, path?: string) {
    super(path ? `${message} (${path}); delete it to start a fresh baseline` : message);
    this.path = path;
  }
}
