/**
 * The model test behind polling.md's last guarantee: random insert/update/remove/fault sequences
 * against a reference model. `truth` is what the resource holds, `view` what a subscriber built from
 * the events it handled.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { expect } from 'vitest';
import { Poller } from '../../src/poll/index.js';
import type { PollHarness } from './guarantees.suite.js';

type Row = Record<string, unknown>;

export type Op =
  | { t: 'insert'; name: string }
  | { t: 'update'; pick: number; field: 'name' | 'description'; value: string }
  | { t: 'remove'; pick: number }
  | { t: 'pass' }
  | { t: 'faultyListing'; page: number }
  | { t: 'throwingHandler'; pick: number };

const word = fc.string({ minLength: 1, maxLength: 6 });
/** One step of the model test. */
export const modelOperation: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('insert' as const), name: word }),
  fc.record({
    t: fc.constant('update' as const),
    pick: fc.nat(),
    field: fc.constantFrom('name' as const, 'description' as const),
    value: word,
  }),
  fc.record({ t: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ t: fc.constant('pass' as const) }),
  fc.record({ t: fc.constant('faultyListing' as const), page: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ t: fc.constant('throwingHandler' as const), pick: fc.nat() }),
);

type Content = { name: unknown; description: unknown };
const contentOf = (row: Row | undefined): Content => ({ name: row?.name, description: row?.description });

// Reference model: `truth` is what the resource holds, `view` what a subscriber built from the events
// it handled. After every fault-free pass they must be equal (every net change was observed), and
// every event must be a real difference (nothing spurious, no delete of an id that exists).
export async function runModel(h: PollHarness, initial: number, ops: Op[]): Promise<void> {
  const truth = new Map<string, Content>();
  const insert = async (name: string) => {
    const content = { name, description: `about ${name}` };
    truth.set(await h.insert(content), content);
  };
  for (let i = 0; i < initial; i++) await insert(`seed ${i}`);
  const poller = new Poller(h.source, { autoStart: false, maxDeleteFraction: 1 });
  poller.on('error', () => {});
  const view = new Map(truth);
  const violations: string[] = [];
  let throwAt = -1;
  let delivered = 0;
  poller.on('change', (event) => {
    const index = delivered++;
    const id = event.objectId;
    if (event.type === 'deleted' && truth.has(id)) violations.push(`deleted ${id}, which exists`);
    if (event.type === 'created' && view.has(id)) violations.push(`created ${id}, already seen`);
    if (event.type === 'updated' && !view.has(id)) violations.push(`updated ${id}, never created`);
    if (event.type !== 'deleted' && isDeepStrictEqual(contentOf(event.object), view.get(id))) {
      violations.push(`${event.type} ${id} without a change`);
    }
    if (index === throwAt) throw new Error('handler fault');
    if (event.type === 'deleted') view.delete(id);
    else view.set(id, contentOf(event.object));
  });
  await poller.pollOnce(); // silent baseline
  // A quiet listing proves everything within `deleteLatency` passes.
  const cleanPass = async () => {
    for (let i = 0; i < h.deleteLatency; i++) {
      delivered = 0;
      await poller.pollOnce();
    }
    expect(violations).toEqual([]);
    expect(view).toEqual(truth);
  };
  for (const op of ops) {
    const ids = [...truth.keys()];
    const pick = (n: number) => ids[n % ids.length]!;
    if (op.t === 'insert') await insert(op.name);
    else if (op.t === 'update' && ids.length > 0) {
      const id = pick(op.pick);
      await h.update(id, { [op.field]: op.value });
      truth.set(id, { ...truth.get(id)!, [op.field]: op.value });
    } else if (op.t === 'remove' && ids.length > 0) {
      await h.remove(pick(op.pick));
      truth.delete(pick(op.pick));
    } else if (op.t === 'pass') await cleanPass();
    else if (op.t === 'faultyListing') {
      await h.failNextListingOnPage(op.page);
      const reached = op.page === 1 || (op.page - 1) * h.pageSize < truth.size;
      delivered = 0;
      const outcome = await poller.pollOnce().then(
        () => 'ok',
        () => 'failed',
      );
      expect(outcome).toBe(reached ? 'failed' : 'ok');
      if (reached) expect(delivered).toBe(0);
    } else if (op.t === 'throwingHandler') {
      delivered = 0;
      throwAt = op.pick % 4;
      await poller.pollOnce().catch(() => {});
      throwAt = -1;
    }
  }
  await cleanPass();
}
