/**
 * The Redis tests' setup: it finds `redis-server` on PATH, and where it can neither find nor install
 * it (not root, or not Debian), it stops with one line saying how to install it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { locateRedisServer } from './global-setup.js';

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
    let message = '';
    try {
      locateRedisServer({ PATH: empty, root: false });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(
      /^redis-server is not installed: .*apt-get install -y redis-server.*brew install redis/,
    );
  });
});
