/**
 * The built `sendoso-element/redis` entry: it loads from ESM and CommonJS and works against a real
 * Redis, its errors are the core's classes (instanceof across builds), its types fit the core's, and
 * the core entry never loads it or `redis`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisServer } from './helpers.js';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

// Runs inside an async function with `core`, `esmCore`, `redisEntry` and `createClient` in scope.
const check = `
  const redis = createClient({ url: process.env.REDIS_URL });
  redis.on('error', () => {});
  await redis.connect();
  const store = new redisEntry.RedisTokenStore(redis, { key: 't' });
  await store.set({ accessToken: 'a', expiresAt: 1, tokenType: 'bearer' });
  const token = (await store.get()).accessToken;
  const limiter = new redisEntry.RedisRateLimiter(redis, { key: 'r', requestsPerSecond: 10 });
  const release = await limiter.acquire();
  release();
  const states = new redisEntry.RedisStateStore(redis, { prefix: 'p' });
  const lease = await states.acquire('k', { leaseMs: 1000 });
  await lease.save({ version: 1, shapes: [], ids: ['1'], records: [{ hash: '12345678', shape: 0, fields: '' }] });
  const loaded = [...(await states.load('k')).ids];
  await lease.release();
  await redis.close();
  const broken = new redisEntry.RedisTokenStore({ sendCommand: async () => { throw new Error('down'); } }, { key: 't' });
  const err = await broken.get().catch((e) => e);
  const instance = [core.CoordinationError, esmCore.CoordinationError, core.SendosoError].every((C) => err instanceof C);
  const valid = (() => { try { new redisEntry.RedisRateLimiter(redis, {}); } catch (e) { return e instanceof core.ValidationError; } })();
  console.log(JSON.stringify({ token, loaded, instance, name: err.name, valid }));
`;

describe('the built sendoso-element/redis entry', () => {
  beforeAll(async () => {
    // `npm test` builds first; a bare `vitest` run builds here so this test never silently skips.
    if (!existsSync(join(root, 'dist', 'redis.cjs'))) await run('npx', ['tsup'], { cwd: root });
  }, 180_000);

  const expected = { token: 'a', loaded: ['1'], instance: true, name: 'CoordinationError', valid: true };

  it('works from import (ESM)', async () => {
    const server = await redisServer();
    const script = `
      const { createRequire } = await import('node:module');
      const redisEntry = await import('sendoso-element/redis');
      const esmCore = await import('sendoso-element');
      const core = createRequire(process.cwd() + '/')('sendoso-element');
      const { createClient } = await import('redis');
      ${check}`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, REDIS_URL: server.url },
    });
    expect(JSON.parse(stdout)).toEqual(expected);
  }, 60_000);

  it('works from require (CommonJS), and its errors are the ESM build’s classes too', async () => {
    const server = await redisServer();
    const script = `
      const redisEntry = require('sendoso-element/redis');
      const core = require('sendoso-element');
      const { createClient } = require('redis');
      (async () => {
        const esmCore = await import('sendoso-element');
        ${check}
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ['--input-type=commonjs', '-e', script], {
      cwd: root,
      env: { ...process.env, REDIS_URL: server.url },
    });
    expect(JSON.parse(stdout)).toEqual(expected);
  }, 60_000);

  it('the core entry never loads the Redis entry or redis, and neither build imports redis itself', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=commonjs',
        '-e',
        `require('sendoso-element'); console.log(JSON.stringify(Object.keys(require.cache).filter((f) => /node_modules[\\\\/]@?redis[\\\\/]|dist[\\\\/]redis\\./.test(f))));`,
      ],
      { cwd: root },
    );
    expect(JSON.parse(stdout)).toEqual([]);
    for (const file of ['index.js', 'index.cjs', 'redis.js', 'redis.cjs']) {
      const code = readFileSync(join(root, 'dist', file), 'utf8');
      expect({
        file,
        imports: code.match(/(from\s*|require\(|import\()\s*["'](redis|@redis\/[^"']+)["']/g),
      }).toEqual({
        file,
        imports: null,
      });
    }
    expect(readFileSync(join(root, 'dist', 'index.js'), 'utf8')).not.toMatch(/RedisTokenStore/);
  });

  it('its declarations fit the core’s: a node-redis client goes in, the pieces go into the client', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redis-types-'));
    dirs.push(dir);
    await mkdir(join(dir, 'node_modules', '@redis'), { recursive: true });
    await symlink(root, join(dir, 'node_modules', 'sendoso-element'));
    await symlink(join(root, 'node_modules', 'redis'), join(dir, 'node_modules', 'redis'));
    await symlink(
      join(root, 'node_modules', '@redis', 'client'),
      join(dir, 'node_modules', '@redis', 'client'),
    );
    await symlink(join(root, 'node_modules', '@types'), join(dir, 'node_modules', '@types'));
    const app = `
      import { createClient } from 'redis';
      import { SendosoClient, type PollStateStore, type RateLimiter, type TokenStore } from 'sendoso-element';
      import { RedisRateLimiter, RedisStateStore, RedisTokenStore } from 'sendoso-element/redis';
      export async function start(url: string) {
        const redis = await createClient({ url }).connect();
        const tokenStore: TokenStore = new RedisTokenStore(redis, { key: 'sendoso:acme:token' });
        const rateLimit: RateLimiter = new RedisRateLimiter(redis, { key: 'sendoso:acme:rate', requestsPerSecond: 10 });
        const store: PollStateStore = new RedisStateStore(redis, { prefix: 'sendoso:acme:poll' });
        const client = new SendosoClient({ clientId: 'i', clientSecret: 's', tokenStore, rateLimit });
        const poller = client.poll('touches', { store, lease: { ttlMs: 15_000 } });
        poller.on('leader', ({ epoch }) => console.log(epoch));
        return poller.status.leader;
      }`;
    await writeFile(join(dir, 'app.ts'), app);
    for (const [module, extra] of [
      ['nodenext', {}],
      ['commonjs', { moduleResolution: 'node10' }],
    ] as const) {
      // Symbolic links kept as paths: the layout an installed package has (node_modules/sendoso-element/dist).
      const compilerOptions = {
        preserveSymlinks: true,
        esModuleInterop: true,
        target: 'es2022',
        strict: true,
        noEmit: true,
        module,
        skipLibCheck: false,
        types: ['node'],
        ...extra,
      };
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.ts'] }));
      const result = await run(
        process.execPath,
        [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir],
        {
          cwd: dir,
        },
      ).catch((err: { stdout: string }) => ({ stdout: err.stdout }));
      // Problems inside dependencies' declarations are not ours; ours and the app's must be clean.
      const ours = result.stdout
        .split('\n')
        .filter((line) => /^(app\.ts|.*sendoso-element\/dist\/)/.test(line));
      expect({ module, ours }).toEqual({ module, ours: [] });
    }
  }, 120_000);
});
