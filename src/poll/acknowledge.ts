import type { Change, SnapshotDiff } from './diff.js';
import { buildState, StateBuilder } from './record-table.js';
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
  // Most records stand as the diff left them: copy the runs between the reverted ones whole.
  const reverted: number[] = [];
  for (const id of revert.keys()) {
    const at = ids.indexOf(id);
    if (at >= 0) reverted.push(at);
  }
  reverted.sort((a, b) => a - b);
  const builder = new StateBuilder(ids.size + revert.size);
  let from = 0;
  for (const at of reverted) {
    builder.copyRange(diff.next, from, at, true);
    const id = ids.at(at);
    const before = revert.get(id);
    if (before) builder.pushState(id, before);
    revert.delete(id);
    from = at + 1;
  }
  builder.copyRange(diff.next, from, records.size, true);
  for (const [id, before] of revert) if (before) builder.pushState(id, before); // unacknowledged deletes
  return buildState(builder, diff.next.shapes, { pending: [...pending], announced: [...announced] });
}
