import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { TokenStoreError, ValidationError } from '../errors.js';
import { sweepLeftovers } from '../fs/leftovers.js';
import { withFileLock } from './file-lock.js';
import type { Token } from './token.js';
import type { TokenStore } from './token-store.js';

/**
 * Keeps the token in a JSON file readable only by its owner (mode 0600). Writes go to a temporary
 * file that is fsynced and renamed over the old one, so a crash mid-write never leaves a torn token
 * (a lost rotated refresh token would log the user out for good).
 *
 * Clients and processes sharing the file take turns refreshing through {@link FileTokenStore.lock}, a
 * lock file next to it (`<path>.lock`). File errors are {@link TokenStoreError}s naming the path.
 */
export class FileTokenStore implements TokenStore {
  readonly path: string;

  constructor(path: string) {
    if (typeof path !== 'string' || !path) {
      throw new ValidationError('Invalid FileTokenStore', [
        { path: 'path', message: 'must be a non-empty string' },
      ]);
    }
    this.path = path;
  }

  /** The stored token, or `undefined` when there is no file. Refuses a symbolic link at `path`. */
  async get(): Promise<Token | undefined> {
    const text = await this.#read();
    if (text === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      // JSON.parse's message quotes the text around the error, i.e. part of a token.
      parsed = undefined;
    }
    if (!isToken(parsed)) {
      throw new ValidationError('Invalid token file', [
        { path: this.path, message: 'does not hold a token' },
      ]);
    }
    return parsed;
  }

  async set(token: Token): Promise<void> {
    const dir = dirname(this.path);
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = await open(temp, 'w', 0o600);
      try {
        await file.writeFile(JSON.stringify(token));
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, this.path);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw this.#error('write', err);
    }
    await sweepLeftovers(dir, basename(this.path), LEFTOVERS);
  }

  async clear(): Promise<void> {
    try {
      await rm(this.path, { force: true });
    } catch (err) {
      throw this.#error('remove', err);
    }
  }

  /**
   * Runs `fn` holding `<path>.lock`, across processes: created exclusively, naming its owner (pid,
   * host) and touched while held. A lock whose owner process is dead, or untouched for 30 seconds,
   * is taken over. Waiting for a live holder gives up after 2 minutes with a `CoordinationError`.
   */
  async lock<T>(fn: () => Promise<T>): Promise<T> {
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    } catch (err) {
      throw this.#error('create the directory of', err);
    }
    let inside = false;
    try {
      return await withFileLock(`${this.path}.lock`, () => {
        inside = true;
        return fn();
      });
    } catch (err) {
      // Errors of `fn` pass through as they are; only the lock file's own errors are ours to name.
      if (inside || !isErrno(err)) throw err;
      throw this.#error('lock', err, `${this.path}.lock`);
    }
  }

  /** Never print the file's content (it holds tokens). */
  toJSON(): Record<string, unknown> {
    return { path: this.path };
  }

  async #read(): Promise<string | undefined> {
    try {
      // Someone able to write the directory could plant a link to a file of their choosing (their
      // token, or a file we would then overwrite): only a regular file is a token file.
      const info = await lstat(this.path);
      if (info.isSymbolicLink()) {
        throw new TokenStoreError(`The token file ${this.path} is a symbolic link; refusing to follow it`, {
          path: this.path,
          code: 'ELOOP',
        });
      }
      // O_NOFOLLOW closes the gap between the check above and the open.
      const file = await open(this.path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      try {
        return await file.readFile('utf8');
      } finally {
        await file.close();
      }
    } catch (err) {
      if (err instanceof TokenStoreError) throw err;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw this.#error('read', err);
    }
  }

  #error(action: string, err: unknown, path = this.path): TokenStoreError {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    return new TokenStoreError(`Could not ${action} the token file ${path}${code ? ` (${code})` : ''}`, {
      path,
      code,
      cause: err,
    });
  }
}

/**
 * What a crash can leave next to the token: `<name>.<pid>.<hex>.tmp` (a write's temporary file),
 * `<name>.lock.<pid>.<hex>.tmp` (a lock's, see createExclusive) or `<name>.lock.<hex>.stale` (a
 * moved stale lock).
 */
const LEFTOVERS = [/^(lock\.)?\d+\.[0-9a-f]{8}\.tmp$/, /^lock\.[0-9a-f]{8}\.stale$/];

function isErrno(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
}

function isToken(value: unknown): value is Token {
  if (value === null || typeof value !== 'object') return false;
  const token = value as Record<string, unknown>;
  return typeof token.accessToken === 'string' && typeof token.expiresAt === 'number';
}
