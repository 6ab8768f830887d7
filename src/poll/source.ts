/**
 * What the poller needs from a resource: one complete listing and a way to name each record, and,
 * where the resource can read one record, a way to prove that records are gone.
 * The resource layer implements it for every listable resource; tests implement it with a fake.
 */
export interface PollSource<T = Record<string, unknown>> {
  /** Resource name used in events and in the state key, e.g. 'touches'. */
  readonly resource: string;
  /**
   * Yields every record of one COMPLETE listing (all pages), or throws if any page fails. Honours
   * signal. Throwing `ListingChangedError` after the last record says the listing shifted while it was
   * paged: what it yielded is real, but it cannot prove that a missing record is gone.
   */
  list(options: {
    where?: string | undefined;
    signal?: AbortSignal | undefined;
    /** Pages to request ahead (the poller's `prefetch`); a source may ignore it. */
    prefetch?: number | undefined;
  }): AsyncIterable<T>;
  /** The record's id as a string. */
  idOf(record: T): string;
  /**
   * Optional positive evidence of deletes: resolves to the ids among `ids` that are gone (the
   * record's own route answered 404, or it no longer matches `where`); the others still exist.
   * Resolving `undefined` (or leaving this out) means no evidence is available: the poller then
   * reports a delete only after two consecutive consistent listings without the record.
   */
  confirmGone?(
    ids: readonly string[],
    options: { where?: string | undefined; signal?: AbortSignal | undefined },
  ): Promise<readonly string[] | undefined>;
}
