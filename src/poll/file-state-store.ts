import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SendosoError } from '../errors.js';
import { sweepLeftovers } from '../fs/leftovers.js';
import { PollStateError } from './errors.js';
import { acquireFileLock } from './file-lock.js';
import type { PollState, PollStateLock, PollStateStore } from './state.js';
import { decodeState, encodeState } from './state-codec.js';

/**
 * What a crash can leave next to a key's files: `<hash>.pollstate.<pid>.<hex>.tmp` (a save's
 * temporary file) and the lock's own temporary, breaker and moved-aside files.
 */
const LEFTOVERS = [
  /^pollstate\.\d+\.[0-9a-f]{12}\.tmp$/,
  /^lock(\.break)?\.\d+\.[0-9a-f]{8}\.tmp$/,
  /^lock\.break\.[0-9a-f]{8}\.gone$/,
];

export interface FileStateStoreOptions {
  /**
   * A lock file untouched for this long (ms) is taken over even if its holder's host cannot be
   * checked (another machine sharing the directory). A live holder touches it every quarter of this.
   * Default 60_000. On the same host, a lock whose process is gone is taken over at once.
   */
  lockStaleMs?: number;
}

/**
 * Keeps poll state in `dir`, one file per watched key (named by a hash of the key), so a restart
 * with the same options resumes where the last acknowledged pass left off. Writes are atomic: a
 * temporary file in the same directory is written, fsynced and renamed over the old one, so a crash
 * leaves either the old state or the new one, never half of each. Files are mode 0600 (state holds
 * record ids and, with `includePrevious`, whole records).
 *
 * One poller per key: a poller takes a lock file next to the state (`<hash>.lock`) before its first
 * pass and removes it on `stop()`; a second poller on the same key is refused with
 * `PollStateLockedError`. File-system failures are `PollStateError`s with the path and the cause.
 */
export class FileStateStore implements PollStateStore {
  readonly dir: string;
  readonly #lockStaleMs: number;

  constructor(dir: string, options: FileStateStoreOptions = {}) {
    this.dir = dir;
    this.#lockStaleMs = options.lockStaleMs ?? 60_000;
  }

  /** The file that holds `key`'s state. */
  pathFor(key: string): string {
    return join(this.dir, `${this.#fileName(key)}.pollstate`);
  }

  /** The lock file of `key`. */
  lockPathFor(key: string): string {
    return join(this.dir, `${this.#fileName(key)}.lock`);
  }

  async load(key: string): Promise<PollState | undefined> {
    const path = this.pathFor(key);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw fileError(err, 'read', path);
    }
    let decoded: ReturnType<typeof decodeState>;
    try {
      decoded = decodeState(bytes);
    } catch (err) {
      throw new PollStateError(err instanceof Error ? err.message : 'Unreadable poll state', path);
    }
    if (decoded.key !== key) throw new PollStateError('Poll state file belongs to another key', path);
    return decoded.state;
  }

  async save(key: string, state: PollState): Promise<void> {
    await this.#ensureDir();
    const path = this.pathFor(key);
    const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const file = await open(temp, 'wx', 0o600);
      try {
        await file.writeFile(encodeState(key, state));
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
    } catch (err) {
      await unlink(temp).catch(() => {});
      throw fileError(err, 'write', path);
    }
    await this.#syncDir();
  }

  async delete(key: string): Promise<void> {
    const path = this.pathFor(key);
    await unlink(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw fileError(err, 'delete', path);
    });
  }

  /** Takes `key`'s lock file; `PollStateLockedError` if a live poller holds it. */
  async acquire(key: string): Promise<PollStateLock> {
    await this.#ensureDir();
    const path = this.lockPathFor(key);
    let lock: PollStateLock;
    try {
      lock = await acquireFileLock(path, key, this.#lockStaleMs);
    } catch (err) {
      throw fileError(err, 'lock', path);
    }
    // Holding the key, clear what a crashed poller of it left (a state file being saved can be large).
    await sweepLeftovers(this.dir, this.#fileName(key), LEFTOVERS);
    return lock;
  }

  #fileName(key: string): string {
    return createHash('sha256').update(key).digest('hex').slice(0, 32);
  }

  async #ensureDir(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw fileError(err, 'create the directory for', this.dir);
    }
  }

  // Makes the rename itself durable; some platforms cannot fsync a directory, and that is fine.
  async #syncDir(): Promise<void> {
    try {
      const dir = await open(this.dir, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      // best effort
    }
  }
}

const reasons: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'the path is a directory',
  ENOENT: 'a directory on the path does not exist',
  EACCES: "permission denied; check the directory's owner and mode",
  EPERM: "operation not permitted; check the directory's owner and mode",
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files in this process',
};

/** A file-system failure as a PollStateError that names the path, the reason and keeps the cause. */
function fileError(err: unknown, doing: string, path: string): SendosoError {
  if (err instanceof SendosoError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why = (code && reasons[code]) ?? (err instanceof Error ? err.message : String(err));
  return new PollStateError(`Could not ${doing} poll state: ${why}${code ? ` [${code}]` : ''}`, path, {
    code: code ?? 'EUNKNOWN',
    cause: err,
  });
}
