/**
 * Vitest global setup: the Redis tests start their own `redis-server`, so one must be installed.
 * Found on PATH; installed with apt-get when missing and this is Debian (or Ubuntu) running as root
 * (or with a sudo that needs no password);
 * otherwise the run stops with one line saying how to install it. Tests get the path by `inject`.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    redisServer: string;
  }
}

const HOW_TO_INSTALL =
  'redis-server is not installed: install it with `sudo apt-get install -y redis-server` (Debian, Ubuntu) or `brew install redis` (macOS), then run the tests again';

function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function installWithApt(sudo: boolean): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'redis-server']]) {
    const result = sudo
      ? spawnSync('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], {
          encoding: 'utf8',
        })
      : spawnSync('apt-get', args, { env, encoding: 'utf8' });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
      throw new Error(`${HOW_TO_INSTALL} (apt-get ${args.join(' ')} failed:\n${output})`);
    }
  }
}

/**
 * The `redis-server` binary: found, or installed with apt-get where that is possible, or an error
 * saying how. `PATH` and whether this runs as root can be given (the setup's own test does).
 */
export function locateRedisServer({
  PATH = process.env.PATH ?? '',
  root = process.getuid?.() === 0,
}: {
  PATH?: string;
  root?: boolean;
} = {}): string {
  let path = onPath('redis-server', PATH);
  if (!path) {
    // Not root: sudo when it needs no password (as on many CI runners), else the one-line hint.
    const sudo =
      !root && onPath('sudo', PATH) !== undefined && spawnSync('sudo', ['-n', 'true']).status === 0;
    if ((!root && !sudo) || !existsSync('/etc/debian_version') || !onPath('apt-get', PATH))
      throw new Error(HOW_TO_INSTALL);
    console.log('redis-server not found: installing it with apt-get (the Redis tests need a real Redis)');
    installWithApt(sudo);
    path = onPath('redis-server', PATH);
    if (!path) throw new Error(HOW_TO_INSTALL);
  }
  return path;
}

export default function setup(project: TestProject): void {
  project.provide('redisServer', locateRedisServer());
}
