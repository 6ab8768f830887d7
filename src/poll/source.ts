/**
 * What the poller needs from a resource: one complete listing and a way to name each record.
 * The resource layer implements it for every listable resource; tests implement it with a fake.
 */
export interface PollSource<T = Record<string, unknown>> {
  /** Resource name used in events and in the state key, e.g. 'touches'. */
  readonly resource: string;
  /** Yields every record of one COMPLETE listing (all pages), or throws if any page fails. Honours signal. */
  list(options: { where?: string | undefined; signal?: AbortSignal | undefined }): AsyncIterable<T>;
  /** The record's id as a string. */
  idOf(record: T): string;
}
