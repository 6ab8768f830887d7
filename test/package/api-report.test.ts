import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** `npm run check:api` (or `--update`) on other folders; resolves to its exit code and output. */
async function apiReport(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(
      'npx',
      ['tsx', 'scripts/api-report.ts', '--only', 'sendoso-element', ...args],
      {
        cwd: root,
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, output: stdout + stderr };
  }
}

/** A copy of the built declarations inside the repo, where `zod` and Node's types resolve. */
async function copyOfDist(): Promise<string> {
  const dir = await mkdtemp(join(root, 'node_modules', '.cache', 'api-report-test-'));
  dirs.push(dir);
  await cp(join(root, 'dist', 'index.d.ts'), join(dir, 'dist', 'index.d.ts'));
  await cp(join(root, 'dist', 'testing.d.ts'), join(dir, 'dist', 'testing.d.ts'));
  return dir;
}

describe('npm run check:api', () => {
  beforeAll(async () => {
    // `npm test` builds first; a bare `vitest` run builds here so this test never silently skips.
    if (!existsSync(join(root, 'dist', 'index.d.ts'))) await run('npx', ['tsup'], { cwd: root });
  }, 120_000);

  it('passes on the build it recorded, and fails on a copy with an export removed, naming it', async () => {
    const dir = await copyOfDist();
    const dist = join(dir, 'dist');
    const reports = join(dir, 'etc');
    const recorded = await apiReport(['--update', '--dist', dist, '--reports', reports]);
    expect(recorded.code, recorded.output).toBe(0);
    const same = await apiReport(['--dist', dist, '--reports', reports]);
    expect(same.code, same.output).toBe(0);

    // The release drops `VERSION` from the package's exports by mistake.
    const declarations = join(dist, 'index.d.ts');
    const text = await readFile(declarations, 'utf8');
    const exportList = /export \{[^}]*\};\s*$/.exec(text);
    expect(exportList?.[0]).toMatch(/\bVERSION\b/);
    await writeFile(declarations, text.replace(/\bVERSION, /, ''));
    const broken = await apiReport(['--dist', dist, '--reports', reports]);
    expect(broken.code).toBe(1);
    expect(broken.output).toContain('the public API of sendoso-element differs');
    expect(broken.output).toContain('- export const VERSION: string;');
    expect(broken.output).toContain('npm run update:api');
  }, 180_000);
});
