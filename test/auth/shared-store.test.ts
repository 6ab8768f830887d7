import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FileTokenStore, MemoryTokenStore, type SendosoClient, type TokenStore } from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { authorizedClient, clientFor, sandbox } from '../helpers.js';
import { refreshRequests, tempDir } from './token-files.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

type Answer = { ready?: boolean; ok?: boolean; name?: string; message?: string; code?: string };

/** A child process with its own client on the shared token file; `call()` makes it call the API once. */
class ChildClient {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiting: Array<(answer: Answer) => void> = [];

  constructor(s: Sandbox, path: string) {
    this.#child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'fixtures', 'token-child.ts'), path],
      {
        cwd: root,
        env: { ...process.env, SANDBOX_CLIENT_OPTIONS: JSON.stringify(s.clientOptions()) },
      },
    );
    this.#child.stderr.resume();
    createInterface({ input: this.#child.stdout }).on('line', (line) => {
      this.#waiting.shift()?.(JSON.parse(line) as Answer);
    });
  }

  ready(): Promise<Answer> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  call(): Promise<Answer> {
    const answer = new Promise<Answer>((resolve) => this.#waiting.push(resolve));
    this.#child.stdin.write('call\n');
    return answer;
  }

  stop(): Promise<void> {
    if (this.#child.exitCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin.end();
    this.#child.kill();
    return exited;
  }
}

const children: ChildClient[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
});

/** Every access token expires at Sendoso, then both clients call at once: each needs a refresh. */
async function expireThenCall(s: Sandbox, clients: Array<{ me(): Promise<unknown> }>) {
  s.expireAccessTokens();
  s.clearRequests();
  const results = await Promise.allSettled(clients.map((c) => c.me()));
  return { failed: results.filter((r) => r.status === 'rejected'), refreshes: refreshRequests(s) };
}

describe('clients sharing a token store refresh without racing', () => {
  const stores: Array<[string, (path: string) => [TokenStore, TokenStore]]> = [
    [
      'a MemoryTokenStore',
      () => {
        const store = new MemoryTokenStore();
        return [store, store];
      },
    ],
    ['two FileTokenStores on one file', (path) => [new FileTokenStore(path), new FileTokenStore(path)]],
  ];

  it.each(stores)(
    'two clients on %s: 30 rounds of expire-then-call, one token request each, none failed',
    async (_, make) => {
      const s = await sandbox({ rateLimit: false });
      const path = join(await tempDir(), 'token.json');
      const [first, second] = make(path);
      const a: SendosoClient = await authorizedClient(s, { tokenStore: first, rateLimit: false });
      const b: SendosoClient = clientFor(s, { tokenStore: second, rateLimit: false });
      for (let round = 0; round < 30; round++) {
        const { failed, refreshes } = await expireThenCall(s, [a, b]);
        expect(failed).toEqual([]);
        expect(refreshes.map((r) => r.status)).toEqual([200]);
      }
      // The lock file is gone once nobody holds it.
      expect((await readdir(dirname(path))).filter((f) => f.includes('.lock'))).toEqual([]);
    },
  );

  it('two child processes on one FileTokenStore: 20 rounds of expire-then-call, one token request each, none failed', async () => {
    const s = await sandbox({ rateLimit: false });
    const path = join(await tempDir(), 'token.json');
    await authorizedClient(s, { tokenStore: new FileTokenStore(path) });
    const pair = [new ChildClient(s, path), new ChildClient(s, path)];
    children.push(...pair);
    await Promise.all(pair.map((c) => c.ready()));
    // Each child loads the stored pair once.
    expect(await Promise.all(pair.map((c) => c.call()))).toEqual([{ ok: true }, { ok: true }]);
    for (let round = 0; round < 20; round++) {
      s.expireAccessTokens();
      s.clearRequests();
      const answers = await Promise.all(pair.map((c) => c.call()));
      expect({ round, answers }).toEqual({ round, answers: [{ ok: true }, { ok: true }] });
      expect({ round, refreshes: refreshRequests(s).map((r) => r.status) }).toEqual({
        round,
        refreshes: [200],
      });
    }
  }, 90_000);
});
