/**
 * One lock file per watched key, so two pollers never share one FileStateStore state. Created with
 * its content in one step (createExclusive): of two processes racing, exactly one creates it. It
 * names its holder (pid, host) and the holder touches it regularly, so a lock left by a process that
 * died is recognised (see holderGone, or no touch for `staleMs`) and taken over.
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { createExclusive } from '../fs/create-exclusive.js';
import { holderGone } from '../fs/lock-holder.js';
import { type PollLockHolder, PollStateLockedError } from './errors.js';
import type { PollStateLock } from './state.js';

type LockBody = PollLockHolder & { token: string };

/** A crash while breaking a stale lock leaves the breaker file; after this long it is ignored. */
const BREAKER_STALE_MS = 10_000;
/** Tokens of the locks this process holds right now. */
const held = new Set<string>();

export async function acquireFileLock(path: string, key: string, staleMs: number): Promise<PollStateLock> {
  const body: LockBody = {
    pid: process.pid,
    hostname: hostname(),
    since: new Date().toISOString(),
    token: randomBytes(9).toString('base64url'),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createExclusive(path, JSON.stringify(body)))
      return new FileLock(path, key, body.token, staleMs);
    const found = await readHolder(path);
    if (found === undefined) continue; // released meanwhile
    if (!(await isStale(path, found.body, staleMs))) throw new PollStateLockedError(key, path, found.holder);
    await breakStale(path, found.raw);
  }
  throw new PollStateLockedError(key, path, (await readHolder(path))?.holder);
}

class FileLock implements PollStateLock {
  readonly #path: string;
  readonly #key: string;
  readonly #token: string;
  readonly #heartbeat: NodeJS.Timeout;
  #released = false;

  constructor(path: string, key: string, token: string, staleMs: number) {
    this.#path = path;
    this.#key = key;
    this.#token = token;
    held.add(token);
    this.#heartbeat = setInterval(() => void this.#touch(), Math.max(10, staleMs / 4));
    this.#heartbeat.unref();
  }

  /** Throws PollStateLockedError unless the lock file is still this poller's. */
  async check(): Promise<void> {
    const found = this.#released ? undefined : await readHolder(this.#path);
    if (found?.body?.token !== this.#token) {
      throw new PollStateLockedError(this.#key, this.#path, found?.holder);
    }
    await this.#touch();
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    held.delete(this.#token);
    clearInterval(this.#heartbeat);
    const found = await readHolder(this.#path);
    if (found?.body?.token === this.#token) await unlink(this.#path).catch(() => {});
  }

  async #touch(): Promise<void> {
    const now = new Date();
    await utimes(this.#path, now, now).catch(() => {});
  }
}

async function readHolder(
  path: string,
): Promise<{ raw: string; body: LockBody | undefined; holder: PollLockHolder | undefined } | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let body: LockBody | undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<LockBody>;
    if (
      typeof parsed.pid === 'number' &&
      typeof parsed.hostname === 'string' &&
      typeof parsed.token === 'string'
    ) {
      body = parsed as LockBody;
    }
  } catch {
    body = undefined; // damaged (or, without hard links, being written right now): only its age can tell
  }
  const holder = body ? { pid: body.pid, hostname: body.hostname, since: String(body.since) } : undefined;
  return { raw, body, holder };
}

async function isStale(path: string, body: LockBody | undefined, staleMs: number): Promise<boolean> {
  if (body && holderGone(body.pid, body.hostname, held.has(body.token))) return true;
  const age = await ageOf(path);
  return age !== undefined && age > staleMs;
}

async function ageOf(path: string): Promise<number | undefined> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Removes a stale lock, unless someone replaced it meanwhile. A breaker file makes the check and the
 * removal one step, so two processes that both found the lock stale cannot remove each other's new one.
 * The breaker names its process: one left by a process that died while breaking is removed at once
 * (else after BREAKER_STALE_MS), and the caller's next attempt breaks the lock.
 */
async function breakStale(path: string, staleText: string): Promise<void> {
  const breaker = `${path}.break`;
  if (!(await createExclusive(breaker, JSON.stringify({ pid: process.pid, hostname: hostname() })))) {
    await removeAbandonedBreaker(breaker);
    return;
  }
  try {
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === staleText) await unlink(path).catch(() => {});
  } finally {
    await unlink(breaker).catch(() => {});
  }
}

async function removeAbandonedBreaker(breaker: string): Promise<void> {
  let seen: { ino: number; text: string };
  try {
    seen = { ino: (await stat(breaker)).ino, text: await readFile(breaker, 'utf8') };
  } catch {
    return; // gone meanwhile
  }
  const old = ((await ageOf(breaker)) ?? 0) > BREAKER_STALE_MS;
  if (!old && !breakerAbandoned(seen.text)) return;
  // Moved aside first, then checked to be the one judged: a fresh breaker that replaced it meanwhile
  // is linked back (`link` never replaces a file), so two processes never break at once.
  const aside = `${breaker}.${randomBytes(4).toString('hex')}.gone`;
  try {
    await rename(breaker, aside);
  } catch {
    return;
  }
  try {
    if ((await stat(aside)).ino !== seen.ino) await link(aside, breaker).catch(() => {});
  } finally {
    await unlink(aside).catch(() => {});
  }
}

/** A breaker whose process is known to be gone. This process's own are never judged abandoned. */
function breakerAbandoned(text: string): boolean {
  try {
    const { pid, hostname: host } = JSON.parse(text) as { pid?: unknown; hostname?: unknown };
    return typeof pid === 'number' && typeof host === 'string' && holderGone(pid, host, true);
  } catch {
    return false; // being written (without hard links) or damaged: only its age tells
  }
}
