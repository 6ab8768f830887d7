// Not `crypto.hash`: it exists only from Node 20.12, and engines says >= 20.
import { digest } from './hash.js';

/** What happened to a record between two passes. */
export type ChangeType = 'created' | 'updated' | 'deleted';

/** One net change of one record, delivered at least once. */
export type ChangeEvent<T = Record<string, unknown>> = {
  /** Same on every redelivery of the same change: deduplicate on it. */
  id: string;
  type: ChangeType;
  resource: string;
  objectId: string;
  /** The record as listed (created, updated); absent for deleted. */
  object?: T;
  /** The record as last seen with a different content, when `includePrevious` is on (updated, deleted). */
  previous?: T;
  /** Top-level fields added, removed or changed (updated only), sorted. */
  changedFields?: string[];
  /** When the pass that found the change started, ISO-8601 (a redelivery has a later one). */
  observedAt: string;
};

/**
 * A stable event id: a hash of resource, object id, type and content version (the new content hash
 * for created/updated, the last known one for deleted). A redelivery has the same inputs, hence the
 * same id. 128 bits, base64url.
 */
export function changeEventId(resource: string, objectId: string, type: ChangeType, version: string): string {
  const id = digest('sha256', `${resource}\u0000${objectId}\u0000${type}\u0000${version}`, 'base64url');
  return id.slice(0, 22);
}
