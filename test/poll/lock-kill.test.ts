/**
 * A process killed with SIGKILL while it takes a lock file must never leave a lock that blocks the
 * next process: the lock is in place with its holder's name at once or not at all, and a lock
 * naming a dead process is taken over on the spot. A child takes and releases FileStateStore's and
 * FileTokenStore's locks in a tight loop and is killed at random moments; after each kill this
 * process takes both locks at once (a torn, nameless lock would hold them for its whole stale age).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStateStore, FileTokenStore } from '../../src/index.js';
import { spawnReadyChild, stopChildren } from '../children.js';

const dirs: string[] = [];
afterEach(async () => {
  await stopChildren();
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with what `work` gave, or rejects once `ms` passed. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still blocked after ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

describe('kill -9 while taking a lock file', () => {
  it('never leaves a lock that blocks the next process, over 15 kills at random moments', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-kill-'));
    dirs.push(dir);
    const setup = { stateDir: join(dir, 'state'), tokenFile: join(dir, 'token.json') };
    for (let round = 0; round < 15; round++) {
      const child = await spawnReadyChild('test/poll/lock-child.ts', { LOCK_CHILD: JSON.stringify(setup) });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await sleep(20 + Math.random() * 80);
      child.kill('SIGKILL');
      await exited;

      // Both stale-lock rules allow far longer than this (60 s and 30 s) for a lock naming nobody.
      const lock = await within(
        2_000,
        'the poll state key',
        new FileStateStore(setup.stateDir).acquire('touches'),
      );
      await lock.release();
      await within(
        2_000,
        'the token lock',
        new FileTokenStore(setup.tokenFile).lock(async () => undefined),
      );
    }
    // Nothing left behind but the state directory's own files (a temp file only if a kill fell
    // between the link and its removal: the token store sweeps those).
    const left = (await readdir(setup.stateDir)).filter((f) => f.endsWith('.lock'));
    expect(left).toEqual([]);
  }, 120_000);
});
