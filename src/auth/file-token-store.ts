import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ValidationError } from '../errors.js';
import type { Token } from './token.js';
import type { TokenStore } from './token-store.js';

/**
 * Keeps the token in a JSON file readable only by its owner (mode 0600). Writes go to a temporary
 * file that is fsynced and renamed over the old one, so a crash mid-write never leaves a torn token
 * (a lost rotated refresh token would log the user out for good).
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

  async get(): Promise<Token | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
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
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(token));
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(temp, this.path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }

  /** Never print the file's content (it holds tokens). */
  toJSON(): Record<string, unknown> {
    return { path: this.path };
  }
}

function isToken(value: unknown): value is Token {
  if (value === null || typeof value !== 'object') return false;
  const token = value as Record<string, unknown>;
  return typeof token.accessToken === 'string' && typeof token.expiresAt === 'number';
}
