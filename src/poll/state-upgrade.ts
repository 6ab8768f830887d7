import { PollStateError } from './errors.js';
import { buildState, StateBuilder } from './record-table.js';
import type { PollState, PollStateV1 } from './state.js';

/**
 * The state in this version's form. A store written for version 1 (ids and an object per record)
 * may hand one back: it is converted with the same hashes, so a restart re-emits nothing that was
 * acknowledged. Anything else is a `PollStateError`, never a silent fresh baseline.
 */
export function upgradeState(state: PollState | PollStateV1 | undefined): PollState | undefined {
  if (state === undefined) return undefined;
  if (state.version === 2) return state;
  if (state.version === 1 && Array.isArray(state.ids) && Array.isArray(state.records)) {
    const builder = new StateBuilder(state.ids.length);
    state.ids.forEach((id, i) => {
      const record = state.records[i];
      if (record) builder.pushState(id, record);
    });
    return buildState(builder, state.shapes, state);
  }
  throw new PollStateError(
    `Unknown poll state version ${String((state as { version?: unknown }).version)}; was it written by a newer sendoso-element?`,
  );
}
