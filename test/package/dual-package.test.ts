import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossBuildScript } from './cross-build-script.js';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the ESM and CommonJS builds in one process', () => {
  beforeAll(async () => {
    // `npm test` builds first; a bare `vitest` run builds here so this test never silently skips.
    if (!existsSync(join(root, 'dist', 'index.cjs'))) await run('npx', ['tsup'], { cwd: root });
  }, 120_000);

  it('recognise each other’s errors with instanceof, for every exported error class', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', crossBuildScript], {
      cwd: root,
    });
    const result = JSON.parse(stdout) as { classes: number; problems: string[] };
    expect(result.problems).toEqual([]);
    expect(result.classes).toBeGreaterThanOrEqual(20);
  });
});
