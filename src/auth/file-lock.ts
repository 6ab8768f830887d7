import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { CoordinationError } from '../errors.js';
import { createExclusive } from '../fs/create-exclusive.js';
import { holderGone } from '../fs/lock-holder.js';
import { sleep } from '../http/abort.js';
import { MutexMap } from './mutex.js';

/** A holder that stopped touching its lock file this long ago is gone (crashed, or on a dead host). */
export const STALE_LOCK_MS = 30_000;
/** How long to wait for a live holder: a refresh is one token request, bounded by the client's timeout. */
const WAIT_MS = 120_000;
const HEARTBEAT_MS = STALE_LOCK_MS / 3;

type Owner = { pid: number; host: string; id: string; at: number };

/** Same-process contenders queue here first, so only one of them at a time polls the lock file. */
const local = new MutexMap<string>();
/** Owner ids of the locks this process holds right now. */
const held = new Set<string>();

/**
 * Runs `fn` while holding `lockPath`, across processes. The lock file is created exclusively with its
 * content in place (createExclusive) and names its owner (pid, host, a random id); the owner touches it while it works. A lock whose owner
 * process is dead (same host), or that nobody touched for {@link STALE_LOCK_MS}, is taken over.
 */
export function withFileLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  return local.run(lockPath, async () => {
    const release = await acquire(lockPath);
    try {
      return await fn();
    } finally {
      await release();
    }
  });
}

async function acquire(lockPath: string): Promise<() => Promise<void>> {
  const owner: Owner = {
    pid: process.pid,
    host: hostname(),
    id: randomBytes(8).toString('hex'),
    at: Date.now(),
  };
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    if (await create(lockPath, owner)) {
      held.add(owner.id);
      const heartbeat = setInterval(() => {
        const now = new Date();
        utimes(lockPath, now, now).catch(() => undefined);
      }, HEARTBEAT_MS);
      heartbeat.unref();
      return async () => {
        clearInterval(heartbeat);
        held.delete(owner.id);
        await releaseIfOurs(lockPath, owner.id);
      };
    }
    if (await takeOverIfStale(lockPath)) continue;
    if (Date.now() > deadline) {
      throw new CoordinationError(
        `Timed out after ${WAIT_MS} ms waiting for the token store lock ${lockPath} (another client or process holds it)`,
      );
    }
    // Short, jittered waits: a refresh holds the lock for one token request.
    await sleep(Math.min(5 * 2 ** Math.min(attempt, 4), 50) + Math.random() * 10);
  }
}

/** `true` when this call created the lock file (and so holds the lock). */
function create(lockPath: string, owner: Owner): Promise<boolean> {
  return createExclusive(lockPath, JSON.stringify(owner));
}

/**
 * Moves a stale lock aside so the next `create` can win it. Two waiters may find the same stale lock:
 * the lock is renamed (atomic, so only one moves any given file) and the moved file is checked to be
 * the one judged stale; a live lock moved by mistake is linked back (`link` never replaces a file).
 * Returns `true` when it is worth trying to create the lock again at once.
 */
async function takeOverIfStale(lockPath: string): Promise<boolean> {
  let seen: { raw: string; ino: number; mtimeMs: number };
  try {
    const info = await stat(lockPath);
    seen = { raw: await readFile(lockPath, 'utf8'), ino: info.ino, mtimeMs: info.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true; // released meanwhile
    throw err;
  }
  if (!isStale(seen.raw, seen.mtimeMs)) return false;
  const aside = `${lockPath}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true; // someone else moved it
    throw err;
  }
  try {
    const moved = await stat(aside);
    const raw = await readFile(aside, 'utf8');
    if (moved.ino !== seen.ino || raw !== seen.raw) await link(aside, lockPath).catch(() => undefined);
  } finally {
    await rm(aside, { force: true });
  }
  return true;
}

function isStale(raw: string, mtimeMs: number): boolean {
  if (Date.now() - mtimeMs > STALE_LOCK_MS) return true;
  // An empty or torn file (only where the file system cannot hard-link, see createExclusive) is a
  // holder between creating and writing it: only its age counts.
  const owner = parseOwner(raw);
  return owner !== undefined && holderGone(owner.pid, owner.host, held.has(owner.id));
}

function parseOwner(raw: string): Owner | undefined {
  try {
    const value = JSON.parse(raw) as Partial<Owner> | null;
    return typeof value?.pid === 'number' && typeof value.host === 'string' ? (value as Owner) : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the lock only while it is still ours: after a takeover it belongs to someone else. */
async function releaseIfOurs(lockPath: string, id: string): Promise<void> {
  try {
    if (parseOwner(await readFile(lockPath, 'utf8'))?.id !== id) return;
    await rm(lockPath, { force: true });
  } catch {
    // Already gone, or unreadable: nothing of ours to remove.
  }
}
