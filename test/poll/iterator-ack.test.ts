/**
 * polling.md, guarantee 3, for `for await` consumers: an exception out of the loop body acknowledges
 * nothing the body had not finished. The event in hand and everything after it come again (same ids),
 * on the next pass and after a restart on FileStateStore.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChangeEvent, FileStateStore, type Touch } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'poll-ack-'));
  dirs.push(dir);
  return dir;
}

/** 20 touches, a baseline saved in `dir`, then all 20 renamed. */
async function twentyRenamed(dir: string) {
  const s = await sandbox({ seed: { touches: 20 }, rateLimit: false });
  const client = await authorizedClient(s, { rateLimit: false });
  const baseline = client.poll('touches', { autoStart: false, store: new FileStateStore(dir) });
  await baseline.pollOnce();
  await baseline.stop();
  for (const touch of s.data.touches.all()) s.data.touches.update(touch.id as number, { name: 'renamed' });
  return { s, client };
}

/** Consumes `poller` until the body throws on the `failOn`-th event; returns what the body saw. */
async function consumeUntilThrow(poller: AsyncIterable<ChangeEvent<Touch>>, failOn: number) {
  const seen: ChangeEvent<Touch>[] = [];
  const failure = await (async () => {
    for await (const event of poller) {
      seen.push(event);
      if (seen.length === failOn) throw new Error('downstream unavailable');
    }
  })().catch((err: unknown) => err);
  expect(failure).toMatchObject({ message: 'downstream unavailable' });
  return seen;
}

describe('for await: an exception out of the loop body', () => {
  it('acknowledges only the events the body finished; a restart on FileStateStore gets the other 18', async () => {
    const dir = await stateDir();
    const { client } = await twentyRenamed(dir);
    const poller = client.poll('touches', { store: new FileStateStore(dir), intervalMs: 60_000 });
    const seen = await consumeUntilThrow(poller, 3);
    await poller.stop(); // the process ends

    const restarted = client.poll('touches', { autoStart: false, store: new FileStateStore(dir) });
    const again: ChangeEvent<Touch>[] = [];
    restarted.on('change', (event) => {
      again.push(event);
    });
    expect(await restarted.pollOnce()).toEqual({ created: 0, updated: 18, deleted: 0 });
    expect(again.map((e) => e.type)).toEqual(Array(18).fill('updated'));
    // The failed one among them, with the same id.
    expect(again[0]!.id).toBe(seen[2]!.id);
    expect(again.map((e) => e.objectId)).not.toContain(seen[0]!.objectId);
    expect(again.map((e) => e.objectId)).not.toContain(seen[1]!.objectId);
    expect(new Set(again.map((e) => e.objectId)).size).toBe(18);
    expect(await restarted.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    await restarted.stop();
  });

  it('the next pass delivers the same 18 to a loop that comes back', async () => {
    const dir = await stateDir();
    const { client } = await twentyRenamed(dir);
    // A small buffer: most of the pass was not even handed to the loop when it threw.
    const poller = client.poll('touches', {
      autoStart: false,
      store: new FileStateStore(dir),
      bufferSize: 2,
    });
    const consumer = consumeUntilThrow(poller, 3);
    await poller.pollOnce();
    const seen = await consumer;

    const retried: string[] = [];
    const retry = (async () => {
      for await (const event of poller) {
        retried.push(event.id);
        if (retried.length === 18) break;
      }
    })();
    await poller.pollOnce();
    await retry;
    expect(retried[0]).toBe(seen[2]!.id);
    expect(new Set(retried).size).toBe(18);
    await poller.stop();
  });

  it('a handler that throws and a loop that throws follow one rule: what failed comes again', async () => {
    const dir = await stateDir();
    const { client } = await twentyRenamed(dir);
    const poller = client.poll('touches', { autoStart: false, store: new FileStateStore(dir) });
    poller.on('error', () => {});
    let calls = 0;
    poller.on('updated', () => {
      if (++calls === 5) throw new Error('handler failed');
    });
    const consumer = consumeUntilThrow(poller, 10);
    await poller.pollOnce().catch(() => {});
    await consumer;
    // The handler failed the 5th; the loop left on the 10th: both come again, and all after the 10th.
    const again: number[] = [];
    poller.on('updated', (e) => {
      again.push(Number(e.objectId));
    });
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 12, deleted: 0 });
    expect(again).toEqual([5, ...Array.from({ length: 11 }, (_, i) => i + 10)]);
    await poller.stop();
  });
});
