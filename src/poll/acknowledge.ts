import type { Change, SnapshotDiff } from './diff.js';
import type { PollState, RecordState } from './state.js';

/**
 * The state to save when some changes were not acknowledged, so the next pass finds the same
 * changes again, with the same event ids:
 * - an updated record keeps its previous state;
 * - a deleted one is restored, and stays pending (it was proven gone once);
 * - a created one is kept, but as announced: handed out, not acknowledged. The next pass announces
 *   it again if it is still there, and reports it deleted if it is gone, so a consumer that handled
 *   the `created` before failing is never left with a record that no longer exists.
 * `acknowledge(diff, diff.changes)` is the state to save BEFORE delivering a pass (nothing
 * acknowledged yet), so a crash mid-delivery forgets no created record.
 */
export function acknowledge<T>(diff: SnapshotDiff<T>, unacknowledged: Iterable<Change<T>>): PollState {
  const revert = new Map<string, RecordState | undefined>();
  const pending = new Set(diff.next.pending);
  const announced = new Set(diff.next.announced);
  for (const { event, before, announced: wasAnnounced } of unacknowledged) {
    if (event.type === 'created' || wasAnnounced) announced.add(event.objectId);
    if (event.type === 'created') continue;
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
  const { pending: _p, announced: _a, ...rest } = next;
  return {
    ...rest,
    ...(pending.size > 0 ? { pending: [...pending] } : {}),
    ...(announced.size > 0 ? { announced: [...announced] } : {}),
  };
}
