/**
 * polling.md, guarantee 7: one active poller per watched key. FileStateStore takes a lock file per
 * key; a second poller is refused with PollStateLockedError until the first stops, and a lock left by
 * a dead process is taken over. Also: file-system failures are typed PollStateErrors.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FileStateStore,
  MemoryStateStore,
  type PollState,
  PollStateError,
  type PollStateLock,
  PollStateLockedError,
  type PollStateStore,
  SendosoError,
} from '../../src/index.js';
import { diffSnapshot } from '../../src/poll/index.js';
import { FakeSource } from './fake-source.js';
import { pollerFactory } from './helpers.js';

const make = pollerFactory();
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'poll-lock-'));
  dirs.push(dir);
  return dir;
}

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = execFile(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('one poller per key on FileStateStore', () => {
  it('refuses a second poller on the same key with a PollStateLockedError that says what to do', async () => {
    const dir = await tempDir();
    const source = new FakeSource();
    source.seed(3);
    const first = make(source, { store: new FileStateStore(dir), initial: 'emit' });
    const firstEvents: string[] = [];
    first.on('created', (e) => {
      firstEvents.push(e.objectId);
    });
    await first.pollOnce();

    const second = make(source, { store: new FileStateStore(dir), initial: 'emit' });
    const secondEvents: string[] = [];
    second.on('created', (e) => {
      secondEvents.push(e.objectId);
    });
    second.on('error', () => {});
    const err = await second.pollOnce().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PollStateLockedError);
    expect(err).toBeInstanceOf(SendosoError);
    expect((err as PollStateLockedError).holder).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect((err as Error).message).toMatch(/Another poller .* Stop the other poller/);
    expect(secondEvents).toEqual([]);
    // A different where is a different key: no conflict.
    const other = make(source, { store: new FileStateStore(dir), where: "status = 'Active'" });
    await expect(other.pollOnce()).resolves.toBeDefined();

    await first.stop(); // releases the key
    source.insert();
    expect(await second.pollOnce()).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(secondEvents).toEqual(['4']);
    expect(firstEvents).toEqual(['1', '2', '3']);
  });

  it('removes its lock file on stop()', async () => {
    const dir = await tempDir();
    const store = new FileStateStore(dir);
    const source = new FakeSource();
    const poller = make(source, { store });
    await poller.pollOnce();
    expect(existsSync(store.lockPathFor(poller.key))).toBe(true);
    await poller.stop();
    expect(existsSync(store.lockPathFor(poller.key))).toBe(false);
  });

  it('takes over a lock left by a process that died, or one nobody touched for lockStaleMs', async () => {
    const dir = await tempDir();
    const store = new FileStateStore(dir, { lockStaleMs: 5_000 });
    const source = new FakeSource();
    const probe = make(source, { store });
    const lockFile = store.lockPathFor(probe.key);
    const lock = (pid: number, host: string) =>
      writeFile(lockFile, JSON.stringify({ pid, hostname: host, since: '2020-01-01T00:00:00Z', token: 'x' }));

    await lock(await deadPid(), hostname());
    await expect(probe.pollOnce()).resolves.toBeDefined();
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    await probe.stop();

    // This process's own pid on a lock it does not hold: an earlier run that crashed with the same
    // pid (containers often reuse it), not a live holder.
    await lock(process.pid, hostname());
    const restarted = make(source, { store });
    await expect(restarted.pollOnce()).resolves.toBeDefined();
    expect(JSON.parse(await readFile(lockFile, 'utf8')).token).not.toBe('x');
    await restarted.stop();

    // Another machine's lock cannot be checked by pid: only its age tells.
    await lock(1, 'some-other-host');
    const blocked = make(source, { store });
    blocked.on('error', () => {});
    await expect(blocked.pollOnce()).rejects.toBeInstanceOf(PollStateLockedError);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockFile, old, old);
    await expect(blocked.pollOnce()).resolves.toBeDefined();
  });

  it('a process that died while breaking a stale lock does not block the next one', async () => {
    const dir = await tempDir();
    const store = new FileStateStore(dir);
    const lockFile = store.lockPathFor('touches');
    const dead = await deadPid();
    await mkdir(dir, { recursive: true });
    // The dead holder's lock, and the breaker file of another process that died breaking it.
    await writeFile(lockFile, JSON.stringify({ pid: dead, hostname: hostname(), since: '', token: 'x' }));
    await writeFile(`${lockFile}.break`, JSON.stringify({ pid: dead, hostname: hostname() }));
    const lock = await store.acquire('touches');
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(existsSync(`${lockFile}.break`)).toBe(false);
    await lock.release();

    // A live process's breaker (this one's) is left alone: the lock stays refused until it is gone.
    await writeFile(lockFile, JSON.stringify({ pid: dead, hostname: hostname(), since: '', token: 'y' }));
    await writeFile(`${lockFile}.break`, JSON.stringify({ pid: process.pid, hostname: hostname() }));
    await expect(store.acquire('touches')).rejects.toBeInstanceOf(PollStateLockedError);
    expect(existsSync(`${lockFile}.break`)).toBe(true);
  });

  it('clears what a crashed poller of the key left behind, and only that', async () => {
    const dir = await tempDir();
    const store = new FileStateStore(dir);
    const state = store.pathFor('touches');
    const lockFile = store.lockPathFor('touches');
    await mkdir(dir, { recursive: true });
    const old = new Date(Date.now() - 120_000);
    const leftovers = [`${state}.4242.0123456789ab.tmp`, `${lockFile}.4242.01234567.tmp`];
    const kept = [
      `${state}.4343.ba9876543210.tmp`, // fresh: a save may be under way
      `${store.pathFor('gifts')}.4242.0123456789ab.tmp`, // another key's
      join(dir, 'notes.txt'), // not ours at all
    ];
    for (const file of [...leftovers, ...kept]) await writeFile(file, 'x');
    for (const file of [...leftovers, kept[1]!, kept[2]!]) await utimes(file, old, old);
    const lock = await store.acquire('touches');
    for (const file of leftovers) expect(existsSync(file)).toBe(false);
    for (const file of kept) expect(existsSync(file)).toBe(true);
    await lock.release();
  });

  it('lets a store provide its own lock: acquired before the first load, checked before every save', async () => {
    const memory = new MemoryStateStore();
    const calls: string[] = [];
    let lost = false;
    const store: PollStateStore = {
      load: async (key) => {
        calls.push('load');
        return memory.load(key);
      },
      save: async (key, state: PollState) => {
        calls.push('save');
        await memory.save(key, state);
      },
      acquire: async (): Promise<PollStateLock> => {
        calls.push('acquire');
        return {
          check: async () => {
            calls.push('check');
            if (lost) throw new SendosoError('lease lost');
          },
          release: async () => {
            calls.push('release');
          },
        };
      },
    };
    const source = new FakeSource();
    source.seed(2);
    const poller = make(source, { store, initial: 'emit' });
    poller.on('error', () => {});
    await poller.pollOnce();
    // Saved before delivery (the created records handed out) and after it (acknowledged).
    expect(calls).toEqual(['acquire', 'load', 'check', 'save', 'check', 'save']);
    source.insert();
    lost = true;
    await expect(poller.pollOnce()).rejects.toThrow('lease lost');
    expect(calls.slice(6)).toEqual(['check']); // nothing saved after the lease was lost
    await poller.stop();
    expect(calls.at(-1)).toBe('release');
  });
});

describe('FileStateStore file errors', () => {
  it('turns ENOTDIR into a PollStateError with the path, the code and the cause', async () => {
    const dir = await tempDir();
    const file = join(dir, 'not-a-directory');
    await writeFile(file, 'x');
    const store = new FileStateStore(join(file, 'state'));
    const empty = diffSnapshot(undefined, [], { resource: 'touches', idOf: () => '' }).next;
    const save = await store.save('k', empty).catch((e) => e);
    expect(save).toBeInstanceOf(PollStateError);
    expect(save).toMatchObject({ code: 'ENOTDIR', path: join(file, 'state') });
    expect((save as Error).message).toMatch(/not a directory/);
    expect((save as Error & { cause: unknown }).cause).toMatchObject({ code: 'ENOTDIR' });
    expect(JSON.stringify(save)).not.toContain('stack');

    const poller = make(new FakeSource(), { store });
    poller.on('error', () => {});
    await expect(poller.pollOnce()).rejects.toBeInstanceOf(PollStateError);
  });

  it('turns EISDIR on load into a PollStateError', async () => {
    const dir = await tempDir();
    const store = new FileStateStore(dir);
    await mkdir(store.pathFor('k'));
    const load = await store.load('k').catch((e) => e);
    expect(load).toBeInstanceOf(PollStateError);
    expect(load).toMatchObject({ code: 'EISDIR', path: store.pathFor('k') });
  });
});
