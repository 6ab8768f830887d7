import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { FileTokenStore, type Token } from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { requestsTo } from '../helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A temporary directory removed after the current test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sendoso-tokens-'));
  dirs.push(dir);
  return dir;
}

/** A disk that is full for the next `failures` writes, as `ENOSPC` reports it. */
export class FullDiskStore extends FileTokenStore {
  failures = 0;

  override async set(token: Token): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${this.path}'`), {
        code: 'ENOSPC',
        errno: -28,
        syscall: 'write',
      });
    }
    await super.set(token);
  }
}

/** Refresh-token grants the sandbox received. */
export function refreshRequests(s: Sandbox) {
  return requestsTo(s, '/oauth/token', 'POST').filter(
    (r) => (r.body as Record<string, unknown> | undefined)?.grant_type === 'refresh_token',
  );
}
