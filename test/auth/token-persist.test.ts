import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  FileTokenStore,
  MemoryTokenStore,
  SendosoError,
  type Token,
  TokenPersistError,
} from '../../src/index.js';
import { authorizedClient, clientFor, sandbox } from '../helpers.js';
import { FullDiskStore, refreshRequests, tempDir } from './token-files.js';

async function stored(path: string): Promise<Token> {
  return JSON.parse(await readFile(path, 'utf8')) as Token;
}

describe('a token store that fails to save a refreshed pair', () => {
  it('fires "token", fails the call with TokenPersistError, saves the pair on the next call, and a restart finds it', async () => {
    const s = await sandbox();
    const path = join(await tempDir(), 'token.json');
    const store = new FullDiskStore(path);
    const client = await authorizedClient(s, { tokenStore: store });
    const original = await stored(path);
    const announced: Token[] = [];
    client.on('token', (t) => announced.push(t));

    store.failures = 1;
    s.expireAccessTokens();
    const err = await client.me().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(TokenPersistError);
    expect(err).toBeInstanceOf(SendosoError);
    expect((err as Error).message).toMatch(/ENOSPC/);
    expect((err as Error & { cause?: { code?: string } }).cause?.code).toBe('ENOSPC');
    // The refresh rotated the pair: it was announced and is kept, though the file still holds the old one.
    expect(announced).toHaveLength(1);
    const rotated = announced[0] as Token;
    expect(rotated.refreshToken).not.toBe(original.refreshToken);
    expect(await client.auth.getToken()).toEqual(rotated);
    expect((await stored(path)).refreshToken).toBe(original.refreshToken);
    // No secret in any form of the error.
    const forms = [String(err), JSON.stringify(err), inspect(err, { depth: 5 })].join('\n');
    for (const secret of [rotated.accessToken, rotated.refreshToken, original.refreshToken, s.clientSecret])
      expect(forms).not.toContain(secret);

    // The next call writes the pending pair first, then works with it.
    expect((await client.me()).id).toBeDefined();
    expect(await stored(path)).toEqual(rotated);
    expect(refreshRequests(s)).toHaveLength(1);

    // A restart reads the rotated pair: its refresh token is the live one.
    const restarted = clientFor(s, { tokenStore: new FileTokenStore(path) });
    const next = await restarted.auth.refresh();
    expect(next.refreshToken).not.toBe(rotated.refreshToken);
    expect((await restarted.me()).id).toBeDefined();
  });

  it('keeps failing with TokenPersistError while the disk is full, and recovers once it is not', async () => {
    const s = await sandbox();
    const path = join(await tempDir(), 'token.json');
    const store = new FullDiskStore(path);
    const client = await authorizedClient(s, { tokenStore: store });
    store.failures = 3;
    await expect(client.auth.refresh()).rejects.toBeInstanceOf(TokenPersistError);
    const rotated = (await client.auth.getToken()) as Token;
    await expect(client.me()).rejects.toBeInstanceOf(TokenPersistError);
    await expect(client.me()).rejects.toBeInstanceOf(TokenPersistError);
    expect((await client.me()).id).toBeDefined();
    expect(await stored(path)).toEqual(rotated);
    // Retrying the write never asked Sendoso for another pair.
    expect(refreshRequests(s)).toHaveLength(1);
  });

  it('an exchanged token that cannot be saved is announced, kept, and saved on the next call', async () => {
    const s = await sandbox();
    const path = join(await tempDir(), 'token.json');
    const store = new FullDiskStore(path);
    store.failures = 1;
    const client = clientFor(s, { tokenStore: store });
    const announced: Token[] = [];
    client.on('token', (t) => announced.push(t));
    await expect(client.auth.exchangeCode(await s.authorize())).rejects.toBeInstanceOf(TokenPersistError);
    expect(announced).toHaveLength(1);
    expect((await client.me()).id).toBeDefined();
    expect(await stored(path)).toEqual(announced[0]);
  });
});

describe('a custom store whose error quotes what it was given', () => {
  it('keeps the error name and code on TokenPersistError, never the message', async () => {
    const s = await sandbox();
    const inner = new MemoryTokenStore();
    let fail = false;
    const store = {
      get: () => inner.get(),
      clear: () => inner.clear(),
      set: async (token: Token) => {
        if (fail) {
          // Databases echo the rejected row: the token ends up in the message.
          throw Object.assign(new Error(`Failing row contains (${token.refreshToken})`), { code: '23514' });
        }
        await inner.set(token);
      },
    };
    const client = await authorizedClient(s, { tokenStore: store });
    fail = true;
    const err = await client.auth.refresh().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenPersistError);
    expect((err as Error & { cause?: { code?: string } }).cause?.code).toBe('23514');
    const rotated = (await client.auth.getToken()) as Token;
    const forms = [
      String(err),
      JSON.stringify(err),
      inspect(err, { depth: 5 }),
      String((err as Error).cause),
    ].join('\n');
    expect(forms).not.toContain(rotated.refreshToken);
    expect(forms).not.toContain(rotated.accessToken);
  });
});
