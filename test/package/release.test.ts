import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/index.js';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

type Status = {
  changesets: { id: string; releases: { name: string; type: string }[] }[];
  releases: { name: string; type: string; oldVersion: string; newVersion: string }[];
};

describe('release notes (Changesets)', () => {
  it('CHANGELOG.md has an entry for the version the package and VERSION carry', async () => {
    const changelog = await readFile(join(root, 'CHANGELOG.md'), 'utf8');
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(changelog.startsWith('# sendoso-element\n')).toBe(true);
    expect(changelog).toContain(`\n## ${pkg.version}\n`);
    expect(VERSION).toBe(pkg.version);
  });

  it('every pending note releases this package with a valid bump, and the plan starts from this version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'changeset-status-'));
    dirs.push(dir);
    const output = join(dir, 'status.json');
    await run('npx', ['changeset', 'status', '--output', output], { cwd: root });
    const status = JSON.parse(await readFile(output, 'utf8')) as Status;
    for (const note of status.changesets) {
      expect(note.releases.length, note.id).toBeGreaterThan(0);
      for (const release of note.releases) {
        expect(release.name, note.id).toBe('sendoso-element');
        expect(['patch', 'minor', 'major'], note.id).toContain(release.type);
      }
    }
    for (const release of status.releases) expect(release.oldVersion).toBe(VERSION);
  }, 60_000);
});
