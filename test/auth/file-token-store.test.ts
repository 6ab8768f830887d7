import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FileTokenStore,
  SendosoError,
  type Token,
  TokenPersistError,
  TokenStoreError,
} from '../../src/index.js';
import { authorizedClient, clientFor, sandbox } from '../helpers.js';
import { tempDir } from './token-files.js';

const token: Token = {
  accessToken: 'ACCESS-SECRET-VALUE',
  refreshToken: 'REFRESH-SECRET-VALUE',
  expiresAt: Date.now() + 3_600_000,
  tokenType: 'bearer',
};

const stopLater: Array<() => void> = [];
afterEach(() => {
  for (const stop of stopLater.splice(0)) stop();
});

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

/** The pid of a process that lives until the test ends. */
function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
  stopLater.push(() => child.kill());
  return child.pid as number;
}

async function lockFile(path: string, owner: { pid: number; host: string }, ageMs = 0): Promise<void> {
  await writeFile(`${path}.lock`, JSON.stringify({ ...owner, id: 'someone-else', at: Date.now() - ageMs }));
  const when = new Date(Date.now() - ageMs);
  await utimes(`${path}.lock`, when, when);
}

function expectStoreError(err: unknown, path: string, code: string): void {
  expect(err).toBeInstanceOf(TokenStoreError);
  expect(err).toBeInstanceOf(SendosoError);
  expect((err as TokenStoreError).path).toBe(path);
  expect((err as TokenStoreError).code).toBe(code);
  expect((err as Error).message).toContain(path);
  // The system error, when there was one (a refused symbolic link is our own refusal).
  if (code !== 'ELOOP') expect((err as Error & { cause?: { code?: string } }).cause?.code).toBe(code);
}

describe('FileTokenStore file errors', () => {
  it('a path below a regular file (ENOTDIR) is a TokenStoreError with the path and cause, on read and on write', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'not-a-dir'), 'x');
    const path = join(dir, 'not-a-dir', 'token.json');
    const store = new FileTokenStore(path);
    expectStoreError(await store.get().catch((e: unknown) => e), path, 'ENOTDIR');
    const err = await store.set(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenStoreError);
    expect(['ENOTDIR', 'EEXIST']).toContain((err as TokenStoreError).code);
    expect(String(err) + inspect(err)).not.toContain('SECRET');
  });

  it('a directory at the path (EISDIR) is a TokenStoreError', async () => {
    const path = join(await tempDir(), 'token.json');
    await mkdir(path);
    expectStoreError(await new FileTokenStore(path).get().catch((e: unknown) => e), path, 'EISDIR');
  });

  it('a write that fails during a code exchange surfaces as TokenPersistError caused by the TokenStoreError', async () => {
    const s = await sandbox();
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'x');
    const client = clientFor(s, { tokenStore: new FileTokenStore(join(dir, 'file', 'token.json')) });
    const err = await client.auth.exchangeCode(await s.authorize()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenPersistError);
    expect((err as Error & { cause?: unknown }).cause).toBeInstanceOf(TokenStoreError);
  });

  it('refuses a symbolic link planted at its path, and reads none of its target', async () => {
    const dir = await tempDir();
    const target = join(dir, 'planted.json');
    await writeFile(target, JSON.stringify(token));
    const path = join(dir, 'token.json');
    await symlink(target, path);
    const err = await new FileTokenStore(path).get().catch((e: unknown) => e);
    expectStoreError(err, path, 'ELOOP');
    expect((err as Error).message).toMatch(/symbolic link/);
    expect(String(err) + JSON.stringify(err)).not.toContain('SECRET');
  });

  it('sweeps temporary files a crash left next to the token file, and only those', async () => {
    const dir = await tempDir();
    const path = join(dir, 'token.json');
    const old = new Date(Date.now() - 5 * 60_000);
    const leftovers = ['token.json.4242.0badf00d.tmp', 'token.json.lock.deadbeef.stale'];
    const kept = ['token.json.4243.1badf00d.tmp', 'other.json.4242.0badf00d.tmp', 'notes.tmp'];
    for (const name of [...leftovers, ...kept]) await writeFile(join(dir, name), 'x');
    for (const name of [...leftovers, ...kept.slice(1)]) await utimes(join(dir, name), old, old);
    await new FileTokenStore(path).set(token);
    expect((await readdir(dir)).sort()).toEqual(['token.json', ...kept].sort());
  });
});

describe('FileTokenStore lock', () => {
  it('takes over a lock whose owner process is dead, at once, and removes it when done', async () => {
    const s = await sandbox();
    const path = join(await tempDir(), 'token.json');
    const client = await authorizedClient(s, { tokenStore: new FileTokenStore(path) });
    await lockFile(path, { pid: await deadPid(), host: hostname() });
    const started = Date.now();
    await client.auth.refresh();
    expect(Date.now() - started).toBeLessThan(10_000); // the stale period is 30 s
    await expect(stat(`${path}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a lock nobody touched for longer than the stale period (another host)', async () => {
    const s = await sandbox();
    const path = join(await tempDir(), 'token.json');
    const client = await authorizedClient(s, { tokenStore: new FileTokenStore(path) });
    await lockFile(path, { pid: 1, host: 'another-host.invalid' }, 60_000);
    await client.auth.refresh();
    await expect(stat(`${path}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('waits while a live process holds the lock, and refreshes from the pair it stored', async () => {
    const s = await sandbox();
    const path = join(await tempDir(), 'token.json');
    const client = await authorizedClient(s, { tokenStore: new FileTokenStore(path) });
    await lockFile(path, { pid: livePid(), host: hostname() });
    let settled = false;
    const refreshing = client.auth.refresh().finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(settled).toBe(false);
    // The holder rotates the pair and stores it, then lets go.
    const holder = clientFor(s, { tokenStore: new FileTokenStore(join(await tempDir(), 'other.json')) });
    await holder.auth.exchangeCode(await s.authorize());
    const theirs = (await holder.auth.getToken()) as Token;
    await writeFile(path, JSON.stringify(theirs));
    await rm(`${path}.lock`);
    const mine = await refreshing;
    expect(mine.accessToken).not.toBe(theirs.accessToken);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(mine);
  });

  it("leaves another owner's lock alone when it was taken over meanwhile", async () => {
    const path = join(await tempDir(), 'token.json');
    const store = new FileTokenStore(path);
    const owner = { pid: livePid(), host: hostname(), id: 'newer-owner', at: Date.now() };
    await store.lock(async () => {
      // Someone judged us stale and took the lock over while we worked.
      await writeFile(`${path}.lock`, JSON.stringify(owner));
    });
    expect(JSON.parse(await readFile(`${path}.lock`, 'utf8'))).toEqual(owner);
  });
});
