import type { Change, SnapshotDiff } from './diff.js';
import type { PollState, RecordState } from './state.js';

/**
 * The state to save when some changes were not acknowledged: those records keep their previous
 * state (a created one stays unknown), so the next pass finds the same change again, same event id.
 * An unacknowledged delete stays pending: it was proven once, and comes again while the record is
 * still missing.
 */
export function acknowledge<T>(diff: SnapshotDiff<T>, unacknowledged: Iterable<Change<T>>): PollState {
  const revert = new Map<string, RecordState | undefined>();
  const pending = new Set(diff.next.pending);
  for (const { event, before } of unacknowledged) {
    revert.set(event.objectId, before);
    if (event.type === 'deleted') pending.add(event.objectId);
  }
  const { ids, records } = diff.next;
  const next = { ...diff.next, ids: [] as string[], records: [] as RecordState[] };
  const keep = (id: string, state: RecordState | undefined) => {
    if (!state) return;
    next.ids.push(id);
    next.records.push(state);
  };
  ids.forEach((id, i) => {
    keep(id, revert.has(id) ? revert.get(id) : records[i]);
    revert.delete(id);
  });
  for (const [id, before] of revert) keep(id, before); // unacknowledged deletes
  return pending.size > 0 ? { ...next, pending: [...pending] } : next;
}
