/**
 * A whole session with the built `sendoso` bin against the sandbox, as a user would type it:
 * login (this test plays the browser), whoami, list, send, poll, logout. The sandbox runs in this
 * process so the test can read its request log and change its data.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthError, SendosoClient, type Token } from '../../src/index.js';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { CliProcess, consent, ensureBuilt, envFor, freePort, runCli, tempDir, waitUntil } from './helpers.js';

let sandbox: Sandbox;
let dir: string;
let env: NodeJS.ProcessEnv;

// One sandbox and one config directory for the whole session: each step builds on the one before.
beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'sendoso-cli-session-'));
  sandbox = await createSandbox({
    rateLimit: false,
    seed: { touches: 120, gifts: 5 },
    redirectUri: `http://127.0.0.1:${await freePort()}/callback`,
  });
}, 180_000);

afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const posts = (path: string) => sandbox.requests.filter((r) => r.method === 'POST' && r.path === path);

describe('a sendoso session against the sandbox', () => {
  it('login: prints the consent URL, takes the redirect on its loopback URI, stores the token 0600', async () => {
    env = envFor(sandbox, dir);
    const login = new CliProcess(['login'], env);
    const page = await consent(login);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You are signed in to Sendoso');
    const result = await login.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Logged in to Sendoso as \S+@\S+/);
    expect(posts('/oauth/token')).toHaveLength(1);
    expect(posts('/oauth/token')[0]?.status).toBe(200);
    const token = JSON.parse(await readFile(join(dir, 'token.json'), 'utf8')) as Token;
    expect(token.accessToken).toEqual(expect.any(String));
    // The secret and the tokens stay in their 0600 files, never in the output.
    for (const secret of [sandbox.clientSecret, token.accessToken, token.refreshToken ?? '-']) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
    if (process.platform !== 'win32') {
      expect((await stat(join(dir, 'token.json'))).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600);
    }
  }, 60_000);

  it('whoami prints the signed-in user, also without the SENDOSO_* variables (from config.json)', async () => {
    const me = await runCli(['whoami'], env);
    expect(me.code).toBe(0);
    const user = JSON.parse(me.stdout) as { email: string; id: number };
    expect(user).toMatchObject({ id: 5021, email: expect.stringContaining('@') });

    const bare = await runCli(['whoami', '--format', 'json'], {
      PATH: process.env.PATH,
      HOME: dir,
      SENDOSO_CONFIG_DIR: dir,
    });
    expect(bare.code).toBe(0);
    expect(JSON.parse(bare.stdout)).toEqual(user);
  }, 60_000);

  it('list touches --where prints NDJSON lines equal to the SDK listing, across pages', async () => {
    const where = "delivery_type = 'mail' AND name LIKE 'Touch 1%'";
    const listed = await runCli(['list', 'touches', '--where', where], env);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toBe('');
    const lines = listed.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);

    const client = new SendosoClient({ ...sandbox.clientOptions(), logLevel: 'off' });
    await client.auth.exchangeCode(await sandbox.authorize());
    const expected: unknown[] = [];
    for await (const touch of client.touches.list(where)) expected.push(JSON.parse(JSON.stringify(touch)));
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(120);
    expect(lines).toEqual(expected);
  }, 60_000);

  it('send --yes posts exactly one send, never retried, and prints the tracking code', async () => {
    sandbox.clearRequests();
    const sent = await runCli(
      [
        'send',
        '--touch',
        '3',
        '--email',
        'ada@example.com',
        '--name',
        'Ada Lovelace',
        '--message',
        'Thanks!',
        '--yes',
      ],
      env,
    );
    expect(sent.code).toBe(0);
    const result = JSON.parse(sent.stdout) as { tracking_code: string };
    expect(result.tracking_code).toMatch(/^[0-9a-f]{40}$/);
    expect(posts('/api/v3/send')).toHaveLength(1);
    expect(posts('/api/v3/send')[0]?.body).toEqual({
      send: {
        via: 'single_email_address',
        touch_id: 3,
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        custom_message: 'Thanks!',
        via_from: 'sendoso-element CLI',
      },
    });
    expect(sent.stderr).toContain('About to send');
  }, 60_000);

  it('send --yes is not retried when Sendoso fails: one POST, exit 1', async () => {
    sandbox.clearRequests();
    sandbox.faults.next(1, { status: 503, match: { method: 'POST', path: '/api/v3/send' } });
    const sent = await runCli(['send', '--touch', '3', '--email', 'ada@example.com', '--yes'], env);
    expect(sent.code).toBe(1);
    expect(sent.stderr).toMatch(/^error: InternalServerError: /m);
    expect(posts('/api/v3/send')).toHaveLength(1);
  }, 60_000);

  it('send without --yes and without a terminal is refused and sends nothing', async () => {
    sandbox.clearRequests();
    const refused = await runCli(['send', '--touch', '3', '--email', 'ada@example.com'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: refusing to send without --yes/m);
    expect(refused.stdout).toBe('');
    expect(sandbox.requests).toEqual([]);
  }, 60_000);

  it('send checks the body like the SDK before anything is sent', async () => {
    sandbox.clearRequests();
    const bad = await runCli(['send', '--touch', '3', '--email', 'not-an-email', '--yes'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: ValidationError: Invalid send: --email: Invalid email address\n');
    expect(sandbox.requests).toEqual([]);
  }, 60_000);

  it('poll --state prints created, updated and deleted events, and a restart re-emits nothing delivered', async () => {
    const state = await tempDir();
    const args = ['poll', 'touches', '--state', state, '--interval', '300ms'];
    sandbox.clearRequests();
    const first = new CliProcess(args, env);
    // The baseline pass has listed every page once the last page was answered.
    await waitUntil(
      () =>
        sandbox.requests.some(
          (r) => r.path === '/api/v3/touches' && r.query.page === '2' && r.status === 200,
        ),
      'the baseline listing',
    );
    const created = sandbox.data.touches.insert({
      name: 'Welcome box',
      delivery_type: 'mail',
      status: 'Active',
    });
    sandbox.data.touches.update(7, { name: 'Touch 7 (renamed)' });
    sandbox.data.touches.remove(9);
    await waitUntil(() => first.lines().length >= 3, 'three change events');
    first.child.kill('SIGINT');
    const stopped = await first.exited;
    expect(stopped.code).toBe(130);
    const events = stopped.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((e) => [e.type, e.objectId]).sort()).toEqual(
      [
        ['created', String(created.id)],
        ['deleted', '9'],
        ['updated', '7'],
      ].sort(),
    );
    expect(events.find((e) => e.type === 'updated')).toMatchObject({
      resource: 'touches',
      changedFields: ['name', 'updated_at'],
    });
    expect(events.find((e) => e.type === 'created')?.object).toMatchObject({ name: 'Welcome box' });

    // Same state directory: what was written is acknowledged; only the new change comes out.
    sandbox.clearRequests();
    const second = new CliProcess(args, env);
    await waitUntil(
      () =>
        sandbox.requests.filter(
          (r) => r.path === '/api/v3/touches' && r.query.page === '1' && r.status === 200,
        ).length >= 2,
      'two passes after the restart',
    );
    expect(second.stdout).toBe('');
    sandbox.data.touches.update(11, { status: 'Inactive' });
    await waitUntil(() => second.lines().length >= 1, 'the change after the restart');
    second.child.kill('SIGTERM');
    const again = await second.exited;
    expect(again.code).toBe(130);
    const replayed = again.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(replayed.map((e) => [e.type, e.objectId])).toEqual([['updated', '11']]);
    expect(replayed.map((e) => e.id)).not.toContain(events[0]?.id);
  }, 120_000);

  it('logout revokes the token at the sandbox and removes the files', async () => {
    const token = JSON.parse(await readFile(join(dir, 'token.json'), 'utf8')) as Token;
    sandbox.clearRequests();
    const out = await runCli(['logout'], env);
    expect(out.code).toBe(0);
    expect(posts('/oauth/revoke').map((r) => r.status)).toEqual([200, 200]);
    await expect(stat(join(dir, 'token.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(dir, 'config.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    // The revoked pair is dead at the sandbox: neither the access token nor the refresh token works.
    const stale = new SendosoClient({ ...sandbox.clientOptions(), token, logLevel: 'off', maxRetries: 0 });
    await expect(stale.me()).rejects.toMatchObject({ name: 'OAuthError', code: 'invalid_grant' });
    await expect(stale.me()).rejects.toBeInstanceOf(OAuthError);

    const after = await runCli(['whoami'], env);
    expect(after.code).toBe(1);
    expect(after.stderr).toBe('error: OAuthError: Not logged in: run `sendoso login` first\n');
  }, 60_000);
});
