/** `sendoso sandbox`: a spawned sandbox whose export lines point the CLI at it, login included. */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, consent, ensureBuilt, runCli, waitUntil } from './helpers.js';

beforeAll(ensureBuilt, 180_000);

describe('sendoso sandbox', () => {
  it('prints export lines that let login, list and send work against it, and stops on Ctrl-C', async () => {
    const sandbox = new CliProcess(['sandbox', '--seed', 'touches=3,gifts=0'], { PATH: process.env.PATH });
    await waitUntil(() => sandbox.lines().length >= 6, 'six export lines');
    const vars = Object.fromEntries(
      sandbox.lines().map((line) => {
        const match = line.match(/^export (SENDOSO_[A-Z_]+)=(\S+)$/);
        expect(match, line).not.toBeNull();
        return [match?.[1] ?? '', match?.[2] ?? ''];
      }),
    );
    expect(Object.keys(vars).sort()).toEqual([
      'SENDOSO_AUTH_BASE_URL',
      'SENDOSO_BASE_URL',
      'SENDOSO_CLIENT_ID',
      'SENDOSO_CLIENT_SECRET',
      'SENDOSO_CONFIG_DIR',
      'SENDOSO_REDIRECT_URI',
    ]);
    expect(vars.SENDOSO_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    expect(vars.SENDOSO_REDIRECT_URI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    const env = { PATH: process.env.PATH, HOME: vars.SENDOSO_CONFIG_DIR, ...vars };
    const login = new CliProcess(['login'], env);
    expect((await consent(login)).status).toBe(200);
    expect((await login.exited).code).toBe(0);
    const touches = await runCli(['list', 'touches'], env);
    expect(touches.code).toBe(0);
    expect(
      touches.stdout
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: number }).id),
    ).toEqual([1, 2, 3]);
    const sent = await runCli(['send', '--touch', '2', '--email', 'ada@example.com', '--yes'], env);
    expect(sent.code).toBe(0);
    const gifts = await runCli(['list', 'gifts'], env);
    expect(JSON.parse(gifts.stdout)).toMatchObject({ recipient: { email: 'ada@example.com' } });

    sandbox.child.kill('SIGINT');
    const stopped = await sandbox.exited;
    expect(stopped.code).toBe(130);
    // The throw-away config directory (the sandbox's login) goes with it.
    await expect(stat(vars.SENDOSO_CONFIG_DIR ?? '')).rejects.toMatchObject({ code: 'ENOENT' });
    // Nothing but the export lines on stdout: `sendoso sandbox > env.sh` gives a file to source.
    expect(stopped.stdout.trimEnd().split('\n')).toHaveLength(6);
  }, 120_000);

  it('leaves a SENDOSO_CONFIG_DIR the caller set alone: not exported, not removed', async () => {
    const mine = await mkdtemp(join(tmpdir(), 'sendoso-mine-'));
    try {
      const sandbox = new CliProcess(['sandbox'], { PATH: process.env.PATH, SENDOSO_CONFIG_DIR: mine });
      await waitUntil(() => sandbox.lines().length >= 5, 'five export lines');
      sandbox.child.kill('SIGINT');
      const stopped = await sandbox.exited;
      expect(stopped.code).toBe(130);
      const names = stopped.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.match(/^export (SENDOSO_[A-Z_]+)=/)?.[1]);
      expect(names).not.toContain('SENDOSO_CONFIG_DIR');
      expect(names).toHaveLength(5);
      expect((await stat(mine)).isDirectory()).toBe(true);
    } finally {
      await rm(mine, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a bad --seed or --port with exit 2', async () => {
    const env = { PATH: process.env.PATH };
    const [seed, port] = await Promise.all([
      runCli(['sandbox', '--seed', 'touches=many'], env),
      runCli(['sandbox', '--port', '70000'], env),
    ]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/^error: --seed takes RESOURCE=COUNT pairs/);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/^error: --port must be 0 to 65535/);
  }, 60_000);
});
