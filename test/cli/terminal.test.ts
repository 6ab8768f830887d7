/**
 * `sendoso` at a terminal: a pseudo-terminal from util-linux `script` (what the Linux CI has) stands
 * in for the user's, so stdin, stdout and stderr are all TTYs, as they are for a person typing.
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/testing/index.js';
import { bin, cliSandbox, ensureBuilt, envFor, runCli, signIn, tempDir } from './helpers.js';

beforeAll(ensureBuilt, 180_000);

/** Runs `sendoso args` on a pseudo-terminal; `answer` is typed once `prompt` shows. */
function atTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
  reply?: { prompt: RegExp; answer: string },
): Promise<{ code: number | null; output: string }> {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const command = [process.execPath, bin, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let answered = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (reply && !answered && reply.prompt.test(output)) {
      answered = true;
      child.stdin.write(reply.answer);
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

async function signedIn(
  seed: Record<string, number> = { touches: 5 },
): Promise<{ s: Sandbox; env: NodeJS.ProcessEnv }> {
  const s = await cliSandbox({ seed });
  const dir = await tempDir();
  await signIn(s, dir);
  return { s, env: envFor(s, dir, { TERM: 'dumb', COLUMNS: '120' }) };
}

const sends = (s: Sandbox) => s.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/send');

describe('sendoso at a terminal', () => {
  it('send shows the gift and asks; "n" sends nothing', async () => {
    const { s, env } = await signedIn();
    const args = ['send', '--touch', '2', '--email', 'ada@example.com'];
    const declined = await atTerminal(args, env, { prompt: /Send it\? \[y\/N\] /, answer: 'n\r' });
    expect(declined.code).toBe(1);
    expect(declined.output).toMatch(/About to send[\s\S]*email\s+ada@example\.com[\s\S]*Nothing was sent\./);
    expect(sends(s)).toHaveLength(0);
  }, 60_000);

  it('send shows the gift and asks; "y" sends it once and prints the tracking code', async () => {
    const { s, env } = await signedIn();
    const args = ['send', '--touch', '2', '--email', 'ada@example.com'];
    const accepted = await atTerminal(args, env, { prompt: /Send it\? \[y\/N\] /, answer: 'y\r' });
    expect(accepted.code).toBe(0);
    expect(accepted.output).toMatch(/Sent\. Tracking code: [0-9a-f]{40}/);
    expect(sends(s)).toHaveLength(1);
  }, 60_000);

  it('list prints a table by default', async () => {
    const { env } = await signedIn();
    const table = await atTerminal(['list', 'touches', '--limit', '2'], env);
    expect(table.code).toBe(0);
    const rows = table.output.trimEnd().split(/\r?\n/);
    expect(rows[0]).toMatch(/^ID\s+NAME\s+STATUS/);
    expect(rows.slice(1).map((r) => r.split(/\s{2,}/).slice(0, 2))).toEqual([
      ['1', 'Touch 1'],
      ['2', 'Touch 2'],
    ]);
  }, 60_000);

  it('a long walk shows its progress on the terminal, and nothing of it when piped', async () => {
    const { s, env } = await signedIn({ touches: 500 });
    // Slow enough that the walk stays long with pages read ahead (4 in flight: about 2.4 s).
    const slowPages = () => s.faults.next(5, { delayMs: 800, match: { path: '/api/v3/touches' } });
    slowPages();
    const shown = await atTerminal(['list', 'touches'], env);
    expect(shown.code).toBe(0);
    const ERASE = '\u001b[K';
    expect(shown.output).toMatch(/\r\d+ touches \(\d+\/s\)/);
    expect(shown.output.split(ERASE).length).toBeGreaterThan(2);
    // Erased before the table is printed.
    expect(shown.output).toContain(`\r${ERASE}ID  `);

    slowPages();
    const piped = await runCli(['list', 'touches'], env);
    expect(piped.code).toBe(0);
    expect(piped.stdout.trimEnd().split('\n')).toHaveLength(500);
    expect(piped.stderr).toBe('');
  }, 60_000);
});
