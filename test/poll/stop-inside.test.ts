import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sendoso-stop-'));
  dirs.push(dir);
  return dir;
}

describe('stopping a poller', () => {
  it('from inside one of its own async handlers returns instead of waiting for itself', async () => {
    const s = await sandbox({ seed: { touches: 3 } });
    const client = await authorizedClient(s);
    const poller = client.poll('touches', { intervalMs: 50, initial: 'emit' });
    let stopped = false;
    let handled = 0;
    poller.on('created', async () => {
      handled++;
      if (handled === 1) {
        await poller.stop();
        stopped = true;
      }
    });
    await expect.poll(() => stopped, { timeout: 5_000 }).toBe(true);
    // The pass still finished its delivery, and a later stop() from outside returns too.
    await poller.stop();
    expect(poller.status.running).toBe(false);
    expect(handled).toBe(3);
  });

  it('releases the key after a pass that a late trigger ran after stop()', async () => {
    const s = await sandbox({ seed: { touches: 3 } });
    const client = await authorizedClient(s);
    const dir = await tempDir();
    const first = client.poll('touches', { autoStart: false, store: new FileStateStore(dir) });
    await first.pollOnce();
    await first.stop();
    await first.trigger(); // e.g. a webhook handler still holding the poller
    const second = client.poll('touches', { autoStart: false, store: new FileStateStore(dir) });
    expect(await second.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    await second.stop();
  });
});
