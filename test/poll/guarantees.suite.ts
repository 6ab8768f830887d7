/**
 * The tests that prove docs/polling.md's guarantees, written once against a PollHarness so they run
 * on the in-memory fake (guarantees.test.ts) and, later, on the sandbox over real HTTP.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ChangeEvent,
  FileStateStore,
  MassDeleteError,
  Poller,
  type PollerOptions,
  type PollSource,
} from '../../src/poll/index.js';
import { modelOperation, runModel } from './model.js';

type Row = Record<string, unknown>;
type Editable = { name?: string; description?: string };

/** A resource the suite can change and break. Records must have `name` and `description` fields. */
export interface PollHarness {
  readonly source: PollSource<Row>;
  /** Records per page of a listing. */
  readonly pageSize: number;
  /**
   * Quiet passes a real delete takes to be reported: 1 when the source can look records up
   * (`confirmGone`), 2 when it cannot (two consecutive consistent listings).
   */
  readonly deleteLatency: 1 | 2;
  insert(fields?: Editable): Promise<string>;
  update(id: string, patch: Editable): Promise<void>;
  remove(id: string): Promise<void>;
  /** The next listing fails (HTTP 500) if it reaches page `page`; the fault then clears. */
  failNextListingOnPage(page: number): Promise<void>;
  dispose?(): Promise<void>;
}

export interface SuiteOptions {
  /** fast-check runs of the model test. Default 60. */
  modelRuns?: number;
}

/** A poller that records every event (type listeners are covered by the 'change' order). */
export function recorded(source: PollSource<Row>, options: PollerOptions = {}) {
  const poller = new Poller(source, { autoStart: false, ...options });
  const events: ChangeEvent<Row>[] = [];
  const errors: unknown[] = [];
  poller.on('change', (event) => {
    events.push(event);
  });
  poller.on('error', (err) => errors.push(err));
  /** Runs one pass and returns the events it delivered. */
  const pass = async () => {
    const from = events.length;
    await poller.pollOnce();
    return events.slice(from);
  };
  /** Runs `n` passes and returns the events they delivered. */
  const passes = async (n: number) => {
    const from = events.length;
    for (let i = 0; i < n; i++) await poller.pollOnce();
    return events.slice(from);
  };
  return { poller, events, errors, pass, passes };
}

async function seed(h: PollHarness, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await h.insert());
  return ids;
}

export function describePollingGuarantees(
  label: string,
  makeHarness: () => Promise<PollHarness>,
  options: SuiteOptions = {},
): void {
  describe(label, () => {
    const cleanups: (() => Promise<void>)[] = [];
    const harness = async () => {
      const h = await makeHarness();
      if (h.dispose) cleanups.push(h.dispose.bind(h));
      return h;
    };
    const tempDir = async () => {
      const dir = await mkdtemp(join(tmpdir(), 'poll-state-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return dir;
    };
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it('records a silent baseline, then one insert gives exactly one created', async () => {
      const h = await harness();
      await seed(h, 5);
      const { pass } = recorded(h.source);
      expect(await pass()).toEqual([]);
      const id = await h.insert({ name: 'new one' });
      const events = await pass();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'created', objectId: id, object: { name: 'new one' } });
      expect(await pass()).toEqual([]);
    });

    it("with initial: 'emit' gives one created per existing record", async () => {
      const h = await harness();
      const ids = await seed(h, 7);
      const { pass } = recorded(h.source, { initial: 'emit' });
      const events = await pass();
      expect(events.map((e) => e.type)).toEqual(Array(7).fill('created'));
      expect(events.map((e) => e.objectId).sort()).toEqual([...ids].sort());
      expect(new Set(events.map((e) => e.id)).size).toBe(7);
    });

    it('gives one updated with the right changedFields for an update, and nothing on the next pass', async () => {
      const h = await harness();
      const [id] = await seed(h, 3);
      const { pass } = recorded(h.source);
      await pass();
      await h.update(id!, { name: 'renamed' });
      const events = await pass();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'updated', objectId: id, changedFields: ['name'] });
      expect(events[0]!.object).toMatchObject({ name: 'renamed' });
      expect(await pass()).toEqual([]);
    });

    it('gives nothing when only an ignored field changes', async () => {
      const h = await harness();
      const [id] = await seed(h, 3);
      const { pass } = recorded(h.source, { ignoreFields: ['description'] });
      await pass();
      await h.update(id!, { description: 'touched by a sync job' });
      expect(await pass()).toEqual([]);
      await h.update(id!, { name: 'a real change' });
      expect((await pass()).map((e) => e.changedFields)).toEqual([['name']]);
    });

    it('gives three deleted for three removals, within two quiet passes', async () => {
      const h = await harness();
      const ids = await seed(h, 10);
      const { pass } = recorded(h.source);
      await pass();
      const gone = [ids[1]!, ids[4]!, ids[8]!];
      for (const id of gone) await h.remove(id);
      if (h.deleteLatency === 2) expect(await pass()).toEqual([]); // missing once is not proof
      const events = await pass();
      expect(events.map((e) => e.type)).toEqual(['deleted', 'deleted', 'deleted']);
      expect(events.map((e) => e.objectId).sort()).toEqual([...gone].sort());
      expect(await pass()).toEqual([]);
    });

    it('emits no deletes (no events at all) when page 3 of 5 fails, and the next good pass is correct', async () => {
      const h = await harness();
      const ids = await seed(h, h.pageSize * 4 + 1);
      const { pass, passes, errors } = recorded(h.source);
      await pass();
      await h.remove(ids[0]!);
      const added = await h.insert();
      await h.failNextListingOnPage(3);
      await expect(pass()).rejects.toThrow();
      expect(errors).toHaveLength(1);
      const events = await passes(h.deleteLatency);
      expect(events.map((e) => [e.type, e.objectId])).toEqual([
        ['created', added],
        ['deleted', ids[0]],
      ]);
    });

    it('trips the mass-delete guard on an empty listing after 100 records', async () => {
      const h = await harness();
      const ids = await seed(h, 100);
      const { poller, pass, passes, errors } = recorded(h.source);
      await pass();
      for (const id of ids) await h.remove(id);
      expect(await pass()).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(MassDeleteError);
      expect(errors[0]).toMatchObject({ known: 100, missing: 100 });
      expect(await pass()).toEqual([]); // still withheld: nothing was saved for those ids
      poller.allowNextMassDelete();
      // Without lookups the allowed pass marks them missing, and the next one (not guarded again) deletes.
      expect(await passes(h.deleteLatency)).toHaveLength(100);
    });

    it('gives a throwing handler the same event id on the next pass', async () => {
      const h = await harness();
      await seed(h, 3);
      const { poller, pass, errors } = recorded(h.source);
      await pass();
      await h.insert();
      let fail = true;
      const seen: string[] = [];
      poller.on('created', (event) => {
        seen.push(event.id);
        if (fail) throw new Error('downstream unavailable');
      });
      // The pass resolves (the listing stood); the handler's error went to 'error'.
      expect((await pass()).map((e) => e.id)).toEqual(seen);
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toContain('downstream unavailable');
      fail = false;
      await pass();
      expect(seen).toHaveLength(2);
      expect(seen[1]).toBe(seen[0]);
      expect(await pass()).toEqual([]);
    });

    it('on FileStateStore, emits nothing new after a restart that follows an acknowledged pass', async () => {
      const h = await harness();
      await seed(h, 4);
      const dir = await tempDir();
      const first = recorded(h.source, { store: new FileStateStore(dir) });
      await first.pass();
      await h.insert();
      expect(await first.pass()).toHaveLength(1);
      await first.poller.stop(); // the process ends: its lock on the state goes with it
      const restarted = recorded(h.source, { store: new FileStateStore(dir) });
      expect(await restarted.pass()).toEqual([]);
    });

    it('on FileStateStore, re-emits the same ids after a crash before acknowledgement', async () => {
      const h = await harness();
      const ids = await seed(h, 4);
      const dir = await tempDir();
      const baseline = recorded(h.source, { store: new FileStateStore(dir) });
      await baseline.pass();
      await baseline.poller.stop();
      await h.insert();
      await h.update(ids[0]!, { name: 'changed before the crash' });
      // The "process" dies while its handler still holds both events: the pass never acknowledges.
      // (Aborting stands in for the death: nothing is saved after it, and its lock is released.)
      const death = new AbortController();
      const doomed = new Poller(h.source, {
        autoStart: false,
        concurrency: 2,
        store: new FileStateStore(dir),
        signal: death.signal,
      });
      doomed.on('error', () => {});
      const held: string[] = [];
      let handed: () => void = () => {};
      const twoHeld = new Promise<void>((resolve) => {
        handed = resolve;
      });
      doomed.on('change', (event) => {
        held.push(event.id);
        if (held.length === 2) handed();
        return new Promise(() => {});
      });
      void doomed.pollOnce().catch(() => {});
      await twoHeld;
      death.abort();
      const lockFile = new FileStateStore(dir).lockPathFor(doomed.key);
      for (let i = 0; i < 500 && existsSync(lockFile); i++) await new Promise((r) => setTimeout(r, 5));
      const restarted = recorded(h.source, { store: new FileStateStore(dir) });
      const events = await restarted.pass();
      expect(events.map((e) => e.id).sort()).toEqual(held.sort());
      expect(await restarted.pass()).toEqual([]);
    });

    it('observes every net change at least once and never deletes an existing id (model test)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 12 }),
          fc.array(modelOperation, { maxLength: 25 }),
          async (n, ops) => {
            const h = await makeHarness();
            try {
              await runModel(h, n, ops);
            } finally {
              await h.dispose?.();
            }
          },
        ),
        { numRuns: options.modelRuns ?? 60 },
      );
    });
  });
}
