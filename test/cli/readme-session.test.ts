/** The README's "Command line" session only uses commands and flags the bin accepts. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli, tempDir } from './helpers.js';

beforeAll(ensureBuilt, 180_000);

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');

/** `$ sendoso ...` lines of the section's shell block, cut at redirections, pipes and comments. */
function sessionCommands(): string[][] {
  const section = readme.slice(readme.indexOf('## Command line'));
  const block = section.match(/```sh\n([\s\S]*?)```/)?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => line.startsWith('$ sendoso '))
    .map((line) => line.slice('$ sendoso '.length).split(/ (?:>>?|\||&|#) /)[0] ?? '')
    .map((command) =>
      [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? ''),
    );
}

describe('README command line session', () => {
  it('every command in it parses (checked with --help, which runs nothing)', async () => {
    const commands = sessionCommands();
    expect(commands.map((c) => c[0])).toEqual(
      expect.arrayContaining(['sandbox', 'login', 'list', 'get', 'send', 'poll', 'logout']),
    );
    const env = { PATH: process.env.PATH, HOME: await tempDir() };
    const results = await Promise.all(commands.map((args) => runCli([...args, '--help'], env)));
    for (const [i, result] of results.entries()) {
      expect({ command: commands[i], code: result.code, stderr: result.stderr }).toEqual({
        command: commands[i],
        code: 0,
        stderr: '',
      });
    }
  }, 120_000);
});
