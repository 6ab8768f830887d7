/**
 * The Redis tests' setup: it finds `redis-server` on PATH, and where it can neither find nor install
 * it (not root, or not Debian), it stops with one line saying how to install it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { locateRedisServer } from './global-setup.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('the Redis test setup', () => {
  it('finds redis-server on PATH and hands it to the tests', () => {
    expect(locateRedisServer()).toBe(inject('redisServer'));
    expect(inject('redisServer')).toMatch(/redis-server$/);
  });

  it('without redis-server on PATH and without root, it fails with one line saying how to install it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-redis-'));
    dirs.push(empty);
    const script = `import { locateRedisServer } from './test/redis/global-setup.ts';
        try { locateRedisServer(); console.log('found'); } catch (e) { console.log(e.message); }`;
    // As an ordinary user (root runs it as nobody), with a PATH that holds no redis-server.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      ...asUser,
      env: { ...process.env, PATH: empty, HOME: tmpdir() },
      encoding: 'utf8',
    });
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^redis-server is not installed: .*apt-get install -y redis-server.*brew install redis/,
    );
  });
});
