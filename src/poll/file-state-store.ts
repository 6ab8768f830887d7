import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { PollStateError } from './errors.js';
import type { PollState, PollStateStore } from './state.js';
import { decodeState, encodeState } from './state-codec.js';

/**
 * Keeps poll state in `dir`, one file per watched key (named by a hash of the key), so a restart
 * with the same options resumes where the last acknowledged pass left off. Writes are atomic: a
 * temporary file in the same directory is written, fsynced and renamed over the old one, so a crash
 * leaves either the old state or the new one, never half of each. Files are mode 0600 (state holds
 * record ids and, with `includePrevious`, whole records).
 */
export class FileStateStore implements PollStateStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The file that holds `key`'s state. */
  pathFor(key: string): string {
    return join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.pollstate`);
  }

  async load(key: string): Promise<PollState | undefined> {
    const path = this.pathFor(key);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
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
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
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
      throw err;
    }
    await this.#syncDir();
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathFor(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
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
